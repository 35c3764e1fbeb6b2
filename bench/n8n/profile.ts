/**
 * Reads a V8 CPU profile (NODE_OPTIONS=--cpu-prof on the n8n process) and sums the self time of
 * each function inside a time window: the node's (or the HTTP Request + If nodes') own run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface FunctionCost {
	name: string;
	where: string;
	owner: Owner;
	ms: number;
}

export type Owner = 'this package' | "n8n's expressions" | 'n8n, other' | 'Node.js' | 'V8 (GC, compiling)' | 'idle';

// The package as n8n installs it (~/.n8n/nodes/node_modules/<name>); n8n's own cache path may
// contain the package's name too, so match the installed folder only.
const THIS_PACKAGE = '/nodes/node_modules/n8n-nodes-batiweb/';
const EXPRESSIONS = ['@n8n/expression-runtime/', 'isolated-vm', 'n8n-workflow/dist/cjs/expression', 'n8n-workflow/dist/cjs/workflow-data-proxy'];

function ownerOf(url: string, name: string): Owner {
	if (name === '(idle)') return 'idle';
	if (name.startsWith('(')) return 'V8 (GC, compiling)';
	if (url.includes(THIS_PACKAGE)) return 'this package';
	if (EXPRESSIONS.some((part) => url.includes(part))) return "n8n's expressions";
	if (url.startsWith('node:') || url === '') return 'Node.js';
	return 'n8n, other';
}

function shortWhere(url: string, line: number): string {
	const marker = url.lastIndexOf('node_modules/');
	const tail = marker >= 0 ? url.slice(marker + 'node_modules/'.length) : url;
	return `${tail}:${line + 1}`;
}

/** The main process's profile: the largest file of the directory (the task runner's is small). */
export function mainProfile(directory: string): string {
	const files = readdirSync(directory).filter((file) => file.endsWith('.cpuprofile'));
	if (files.length === 0) throw new Error(`no .cpuprofile in ${directory}`);
	return files.map((file) => path.join(directory, file)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

/**
 * Self time per function between two instants given as epoch ms. V8 stamps samples with the
 * monotonic clock, as `process.hrtime` does; `epochMinusMonotonicMs` converts between them.
 */
export function selfTimes(file: string, fromEpochMs: number, toEpochMs: number, epochMinusMonotonicMs: number): FunctionCost[] {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const from = (fromEpochMs - epochMinusMonotonicMs) * 1000;
	const to = (toEpochMs - epochMinusMonotonicMs) * 1000;
	const costs = new Map<string, FunctionCost>();
	let time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		const delta = profile.timeDeltas[index];
		time += delta;
		if (time < from || time > to) continue;
		const { functionName, url, lineNumber } = nodes.get(profile.samples[index])!.callFrame;
		const name = functionName || '(anonymous)';
		const key = `${name}@${url}:${lineNumber}`;
		const cost = costs.get(key) ?? { name, where: shortWhere(url, lineNumber), owner: ownerOf(url, name), ms: 0 };
		cost.ms += delta / 1000;
		costs.set(key, cost);
	}
	return [...costs.values()].sort((a, b) => b.ms - a.ms);
}

export function byOwner(costs: FunctionCost[]): Record<string, number> {
	const totals: Record<string, number> = {};
	for (const cost of costs) totals[cost.owner] = (totals[cost.owner] ?? 0) + cost.ms;
	return totals;
}
