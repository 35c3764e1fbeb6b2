/**
 * The sandbox in a child process (`sandbox/cli.ts --port 0 --config <tmp> --quiet`), so that the
 * CPU the benchmark measures is the client's only. Controlled through its `/_sandbox/` interface.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { postAll } from './bare';
import { ROOT } from './common';
import { endpointUrl, envelopeOf, inputBodies } from './workloads';

export interface SandboxProcess {
	url: string;
	pid: number;
	/** Leads, record, faults and PRNG back to their start (rules stay). */
	reset(): Promise<void>;
	/** Empties the record of requests (it grows with every request). */
	clearRequests(): Promise<void>;
	/** Imports `n` leads through the bare client and returns their tokens (for getStatus). */
	importTokens(n: number, tag: string): Promise<string[]>;
	/** How long after `sinceMs` (ms since the epoch) the first request arrived; null if none did. */
	firstRequestAfter(sinceMs: number): Promise<number | null>;
	/** CPU time (user + system) the sandbox process has used so far, in ms; null off Linux. */
	cpuMs(): number | null;
	close(): Promise<void>;
}

async function control(url: string, method: string, route: string): Promise<void> {
	const response = await fetch(`${url}/_sandbox/${route}`, { method });
	if (!response.ok) throw new Error(`sandbox ${method} /_sandbox/${route}: HTTP ${response.status}`);
	await response.text();
}

function processCpuMs(pid: number): number | null {
	try {
		// /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks (100 a second).
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return null;
	}
}

export async function startSandboxProcess(options: { latencyMs: number; jitterMs: number; seed: number }): Promise<SandboxProcess> {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'batiweb-bench-'));
	const config = path.join(folder, 'sandbox.config.json');
	writeFileSync(
		config,
		JSON.stringify({
			$comment: 'written by bench/run.ts',
			latency: { ms: options.latencyMs, jitterMs: options.jitterMs },
			seed: options.seed,
			// Every status answer is the same (qualified), whichever variant polls first.
			rules: { pollsBeforeQualified: 0 },
		}),
	);
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--config', config, '--quiet'], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`the sandbox did not start in 30 s:\n${text}`)), 30_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const match = /listening on (http:\/\/\S+)/.exec(text);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the sandbox exited (${code}) before listening:\n${text}`));
		});
	});
	child.stdout!.resume();

	return {
		url,
		pid: child.pid!,
		reset: () => control(url, 'POST', 'reset'),
		clearRequests: () => control(url, 'DELETE', 'requests'),
		async importTokens(n, tag) {
			const envelopes = inputBodies('import', n, tag).map((body) => envelopeOf('import', body));
			const answers = await postAll(endpointUrl(url, 'import'), envelopes, 50);
			const tokens = answers.map((answer) => answer.body?.token);
			if (!tokens.every((token): token is string => typeof token === 'string')) {
				throw new Error(`importing the getStatus tokens failed: ${JSON.stringify(answers.find((answer) => typeof answer.body?.token !== 'string'))}`);
			}
			return tokens;
		},
		async firstRequestAfter(sinceMs) {
			const response = await fetch(`${url}/_sandbox/requests`);
			const record = (await response.json()) as Array<{ receivedAt: string }>;
			const times = record.map((entry) => Date.parse(entry.receivedAt)).filter((time) => time >= Math.floor(sinceMs));
			return times.length === 0 ? null : Math.max(0, times.reduce((first, time) => Math.min(first, time)) - sinceMs);
		},
		cpuMs: () => processCpuMs(child.pid!),
		close: () =>
			new Promise<void>((resolve) => {
				const done = () => {
					rmSync(folder, { recursive: true, force: true });
					resolve();
				};
				if (child.exitCode !== null) return done();
				child.once('exit', done);
				child.kill('SIGTERM');
			}),
	};
}
