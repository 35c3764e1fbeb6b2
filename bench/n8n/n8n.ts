/**
 * The installed n8n (scripts/n8n/install.sh) with the packed package installed as the Community
 * Nodes screen installs it (scripts/n8n/with-package.sh), driven through its CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPTS = path.join(ROOT, 'scripts/n8n');

interface N8nScripts {
	n8nPaths(): { node: string; n8nBin: string; stamp: string; version: string };
	n8nEnv(userFolder: string, extra?: Record<string, string>): Record<string, string>;
	freePort(): Promise<number>;
	parseLog(text: string): Array<{ message: string }>;
	extractRun(entries: Array<{ message: string }>): { run: IDataObject | null };
}

async function scripts(): Promise<N8nScripts> {
	return (await import(path.join(SCRIPTS, 'run-workflows.mjs'))) as N8nScripts;
}

export interface Execution {
	/** Wall time of the `n8n execute` process, start-up included. */
	processMs: number;
	/** The n8n process's peak resident memory (VmHWM), in MB: printing the run at the end included. */
	peakRssMb: number;
	/** Its resident memory (VmRSS) every 100 ms: [epoch ms, MB]. */
	rssSamples: Array<[number, number]>;
	run: IDataObject;
}

export interface N8n {
	userFolder: string;
	execute(workflowId: string, options?: { profileDir?: string }): Promise<Execution>;
}

function sh(command: string, args: string[], env?: NodeJS.ProcessEnv): void {
	const result = spawnSync(command, args, { cwd: ROOT, env: env ?? process.env, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
	try {
		const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Installs n8n if needed (waits for an install in progress), the tarball, the credential and the workflows. */
export async function prepareN8n(tarball: string, credential: IDataObject, workflows: IDataObject[]): Promise<N8n> {
	sh('bash', [path.join(SCRIPTS, 'install.sh')]);
	const { n8nPaths, n8nEnv, freePort, parseLog, extractRun } = await scripts();
	const paths = n8nPaths();
	const userFolder = mkdtempSync(path.join(os.tmpdir(), 'batiweb-bench-n8n-'));
	sh('bash', [path.join(SCRIPTS, 'with-package.sh'), tarball, userFolder]);
	const env = n8nEnv(userFolder);
	const n8n = (args: string[]) => sh(paths.node, [paths.n8nBin, ...args], { ...process.env, ...env });
	const files = path.join(userFolder, 'import');
	mkdirSync(path.join(files, 'workflows'), { recursive: true });
	writeFileSync(path.join(files, 'credentials.json'), JSON.stringify([credential]));
	workflows.forEach((workflow) => writeFileSync(path.join(files, 'workflows', `${String(workflow.id)}.json`), JSON.stringify(workflow)));
	n8n(['import:credentials', `--input=${path.join(files, 'credentials.json')}`]);
	n8n(['import:workflow', '--separate', `--input=${path.join(files, 'workflows')}`]);

	const execute = async (workflowId: string, options: { profileDir?: string } = {}): Promise<Execution> => {
		const started = Date.now();
		// Another n8n on this machine (a test run) may hold the task broker's default port.
		const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		if (options.profileDir) childEnv.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${options.profileDir}`;
		const child = spawn(paths.node, [paths.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], { cwd: userFolder, env: childEnv });
		// Kept apart: a log line on stderr must not cut the run's JSON on stdout in two.
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		let peak = 0;
		const rssSamples: Array<[number, number]> = [];
		const poll = setInterval(() => {
			peak = Math.max(peak, memoryMb(child.pid!, 'VmHWM') ?? 0);
			const rss = memoryMb(child.pid!, 'VmRSS');
			if (rss !== undefined) rssSamples.push([Date.now(), rss]);
		}, 100);
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearInterval(poll);
		const output = `${Buffer.concat(out).toString('utf8')}\n${Buffer.concat(err).toString('utf8')}`;
		const { run } = extractRun(parseLog(output));
		if (!run) throw new Error(`n8n execute --id=${workflowId} gave no run (exit ${code}):\n${output.slice(-3000)}`);
		return { processMs: Date.now() - started, peakRssMb: peak, rssSamples, run };
	};
	return { userFolder, execute };
}
