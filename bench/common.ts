/**
 * What the benchmark's processes share: the names of what is measured, the shape of a
 * measurement, and how a child process is started (tsx, with the GC exposed).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import type { Operation } from '../nodes/BatiwebLead/catalog/codes';

export const ROOT = path.resolve(__dirname, '..');
export const OPERATIONS: readonly Operation[] = ['checkSellable', 'import', 'getStatus'];

/**
 * - `bare`: the limit (a), node:http with a keep-alive agent and C requests in flight;
 * - `node`: the Batiweb Lead node in n8n's engine, Max Concurrent Requests = C;
 * - `http`: n8n's HTTP Request node 4.5 + an If node in the same engine (b), Batching
 *   C items per batch with `batchInterval` ms between batches.
 */
export type Variant = 'bare' | 'node' | 'http';

export interface WorkerSpec {
	variant: Variant;
	operation: Operation;
	n: number;
	concurrency: number;
	/** Only for `bare`: false opens a new connection per request, as n8n's HTTP helpers do. */
	keepAlive?: boolean;
	/** Only for `http`: the HTTP Request node's Batch Interval (ms); 0 disables batching. */
	batchInterval?: number;
	/** The sandbox's base URL. */
	url: string;
	/** getStatus: a JSON file holding the tokens to ask about (imported beforehand). */
	tokensFile?: string;
	/** Makes the emails of this run distinct from every other run's. */
	tag: string;
	/** Items run through the same road before the timed run (JIT, connections). */
	warmup: number;
}

export interface Measurement {
	spec: WorkerSpec;
	wallMs: number;
	/** When the timed run started (ms since the epoch), to find its first request in the sandbox's record. */
	startedAtMs: number;
	/** process.cpuUsage() of the client process over the timed part (user + system), in ms. */
	cpuMs: number;
	/** Peak RSS and heap used during the timed part, minus their values just before it (after a GC). */
	rssGrowthMb: number;
	heapGrowthMb: number;
	/** Heap still used after the run and two full GCs while its result is held, minus the same before it. */
	retainedMb: number;
	/** Items that came out as a success (answer code 0). */
	ok: number;
	/** Whatever went wrong with the items that were not a success (first few). */
	problems: string[];
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a TypeScript file of this repository in a child process (tsx loader, GC exposed). */
export function forkTs(file: string, args: string[], options: { ipc?: boolean; extraExecArgv?: string[] } = {}): ChildProcess {
	return fork(path.join(ROOT, file), args, {
		cwd: ROOT,
		execArgv: ['--import', 'tsx', '--expose-gc', ...(options.extraExecArgv ?? [])],
		env: { ...process.env, N8N_USER_FOLDER: process.env.N8N_USER_FOLDER ?? path.join(os.tmpdir(), 'n8n-nodes-batiweb-bench') },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

/** Runs a worker file with one JSON argument and resolves with the one message it sends back. */
export function runChild<T>(file: string, input: unknown, extraExecArgv?: string[]): Promise<T> {
	return new Promise((resolve, reject) => {
		const child = forkTs(file, [JSON.stringify(input)], { extraExecArgv });
		let answer: { ok: true; value: T } | { ok: false; error: string } | undefined;
		child.on('message', (message) => (answer = message as typeof answer));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (answer?.ok) resolve(answer.value);
			else reject(new Error(`${file} failed (exit ${code}): ${answer && !answer.ok ? answer.error : 'no answer'}`));
		});
	});
}

/** The worker side of runChild: computes, sends the value back and exits. */
export function serveChild<I, T>(compute: (input: I) => Promise<T>): void {
	const input = JSON.parse(process.argv[2] ?? '{}') as I;
	compute(input).then(
		(value) => process.send!({ ok: true, value }, () => process.exit(0)),
		(error: unknown) =>
			process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
	);
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mb(bytes: number): number {
	return bytes / (1024 * 1024);
}
