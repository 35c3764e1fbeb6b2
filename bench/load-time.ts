/**
 * How long `require` of the built node module takes, in a fresh plain-Node process each time
 * (no tsx): alone (n8n-workflow, zod and luxon load with it), and after n8n-workflow, luxon and
 * zod are loaded, as they are in n8n before any community node is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

import { median, ROOT } from './common';

export const NODE_MODULE = 'dist/nodes/BatiwebLead/BatiwebLead.node.js';

export interface LoadTime {
	/** Median ms of require() of the node module in a fresh process, nothing loaded before. */
	coldMs: number;
	/** Median ms of the same require() once n8n-workflow (and with it zod and luxon) is loaded. */
	inN8nMs: number;
	/** Median ms of require('n8n-workflow') alone, for scale (n8n has loaded it already). */
	n8nWorkflowMs: number;
	runs: number;
	/** The built module is older than a source file under nodes/ or credentials/. */
	stale: boolean;
}

function requireMs(preload: string[], target: string): number {
	const script = `
		for (const name of ${JSON.stringify(preload)}) require(name);
		const start = process.hrtime.bigint();
		const loaded = require(${JSON.stringify(target)});
		const ms = Number(process.hrtime.bigint() - start) / 1e6;
		if (Object.keys(loaded).length === 0) throw new Error('nothing exported');
		process.stdout.write(String(ms));
	`;
	return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

function newestSource(folder: string): number {
	let newest = 0;
	const visit = (current: string) => {
		for (const entry of readdirSync(current, { withFileTypes: true })) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) visit(full);
			else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
		}
	};
	visit(path.join(ROOT, folder));
	return newest;
}

/** Builds dist with `npm run build` when the module is missing. */
export function ensureBuilt(log: (line: string) => void): void {
	if (existsSync(path.join(ROOT, NODE_MODULE))) return;
	log(`${NODE_MODULE} is missing: running npm run build`);
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Builds the sources into a private folder (not dist/, which others may be packing), for when
 * dist/ is older than the sources.
 */
function freshBuild(): string {
	const out = path.join(ROOT, 'node_modules/.cache/batiweb-bench/dist');
	rmSync(out, { recursive: true, force: true });
	execFileSync(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			'tsconfig.build.json',
			'--outDir',
			out,
			'--incremental',
			'false',
			'--declaration',
			'false',
			'--sourceMap',
			'false',
		],
		{ cwd: ROOT, stdio: 'inherit' },
	);
	return out;
}

/**
 * Times require() of the built module (dist/, or a fresh private build when dist/ is older
 * than the sources) in `runs` fresh processes per figure.
 */
export function measureLoadTime(runs: number): { load: LoadTime; measured: string } {
	let target = path.join(ROOT, NODE_MODULE);
	const stale = Math.max(newestSource('nodes'), newestSource('credentials')) > statSync(target).mtimeMs;
	if (stale) target = path.join(freshBuild(), 'nodes/BatiwebLead/BatiwebLead.node.js');
	const cold: number[] = [];
	const inN8n: number[] = [];
	const n8nWorkflow: number[] = [];
	for (let run = 0; run < runs; run++) {
		cold.push(requireMs([], target));
		inN8n.push(requireMs(['n8n-workflow', 'luxon', 'zod', 'zod/v4'], target));
		n8nWorkflow.push(requireMs([], 'n8n-workflow'));
	}
	const measured = path.relative(ROOT, target) + (stale ? ' (dist/ is older than the sources: a fresh build of them)' : '');
	return {
		load: { coldMs: median(cold), inN8nMs: median(inN8n), n8nWorkflowMs: median(n8nWorkflow), runs, stale },
		measured,
	};
}
