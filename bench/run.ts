/**
 * `npm run bench -- [--n 2000] [--latency 20] [--concurrency 5] [--no-big] [--quick] ...`
 *
 * Side by side in one run, for each operation, N items through:
 *   (a)  the limit: a bare HTTP client (node:http, keep-alive), C requests in flight;
 *   node the Batiweb Lead node in n8n's engine (n8n-core's WorkflowExecute), Max Concurrent = C;
 *   (b)  n8n's HTTP Request node 4.5 + an If node, Batching C items per batch, interval 0 ms and
 *        interval L ms;
 * against the sandbox in a child process with latency L. Then the same for 10,000 items, a sweep
 * of the concurrency, the node's own CPU per item (no engine, no network) and the time to load
 * the node's module. Prints the tables and writes them to bench/results.md.
 * A benchmark, not a test: it asserts nothing on time (it fails only if a road loses items).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Operation } from '../nodes/BatiwebLead/catalog/codes';
import { optionDefault } from '../nodes/BatiwebLead/v1/actions/options.description';
import { OPERATIONS, ROOT, runChild, type Measurement, type Variant, type WorkerSpec } from './common';
import { ensureBuilt, measureLoadTime, type LoadTime } from './load-time';
import type { MicroResult } from './micro';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

const USAGE = `Usage: npm run bench -- [options]

  --n <items>            items per operation (default 2000)
  --latency <ms>         latency the sandbox adds to every answer (default 20)
  --jitter <ms>          random extra latency, 0..jitter ms (default 0)
  --concurrency <C>      requests in flight, for every road (default: the node's default, ${optionDefault('maxConcurrent')})
  --interval <ms>        the HTTP Request node's "small" Batch Interval (default: the latency)
  --big-n <items>        the big run's items (default 10000); --no-big skips it
  --sweep-n <items>      items per point of the concurrency sweep (default 1000); --no-sweep skips it
  --sweep-c <list>       concurrencies of the sweep (default 1,2,5,10,20)
  --warmup <items>       untimed items through each road before its timed run (default 50)
  --quick                a small run: --n 200 --no-big --sweep-n 100 --sweep-c 1,5,20
  --out <file>           where to write the tables (default bench/results.md)
  -h, --help`;

interface Settings {
	n: number;
	latency: number;
	jitter: number;
	concurrency: number;
	interval: number;
	bigN: number | null;
	sweepN: number | null;
	sweepC: number[];
	warmup: number;
	out: string;
	quick: boolean;
}

function settingsFrom(argv: string[]): Settings | null {
	const { values } = parseArgs({
		args: argv,
		options: {
			n: { type: 'string' },
			latency: { type: 'string' },
			jitter: { type: 'string' },
			concurrency: { type: 'string' },
			interval: { type: 'string' },
			'big-n': { type: 'string' },
			big: { type: 'boolean' },
			'no-big': { type: 'boolean' },
			'sweep-n': { type: 'string' },
			sweep: { type: 'boolean' },
			'no-sweep': { type: 'boolean' },
			'sweep-c': { type: 'string' },
			warmup: { type: 'string' },
			quick: { type: 'boolean' },
			out: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help) return null;
	const int = (name: string, text: string | undefined, fallback: number, min = 0) => {
		if (text === undefined) return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, got "${text}"`);
		return value;
	};
	const quick = values.quick === true;
	const latency = int('latency', values.latency, 20);
	return {
		quick,
		n: int('n', values.n, quick ? 200 : 2000, 1),
		latency,
		jitter: int('jitter', values.jitter, 0),
		concurrency: int('concurrency', values.concurrency, optionDefault('maxConcurrent'), 1),
		interval: int('interval', values.interval, latency),
		bigN: values['no-big'] || (quick && !values.big) ? null : int('big-n', values['big-n'], 10_000, 1),
		sweepN: values['no-sweep'] ? null : int('sweep-n', values['sweep-n'], quick ? 100 : 1000, 1),
		sweepC: (values['sweep-c'] ?? (quick ? '1,5,20' : '1,2,5,10,20')).split(',').map((text) => int('sweep-c', text.trim(), 1, 1)),
		warmup: int('warmup', values.warmup, 50),
		out: path.resolve(ROOT, values.out ?? 'bench/results.md'),
	};
}

// ---- one row --------------------------------------------------------------------------------

interface Road {
	key: string;
	label: string;
	variant: Variant;
	keepAlive?: boolean;
	batchInterval?: number;
}

function roads(settings: Settings): Road[] {
	const c = settings.concurrency;
	return [
		{ key: 'a', label: `(a) bare client, ${c} in flight`, variant: 'bare' },
		{ key: 'a1', label: `(a′) bare client, ${c} in flight, no keep-alive`, variant: 'bare', keepAlive: false },
		{ key: 'node', label: `Batiweb Lead node, maxConcurrent ${c}`, variant: 'node' },
		{ key: 'b0', label: `(b) HTTP Request, batch ${c} / 0 ms`, variant: 'http', batchInterval: 0 },
		{ key: 'bI', label: `(b) HTTP Request, batch ${c} / ${settings.interval} ms`, variant: 'http', batchInterval: settings.interval },
	];
}

interface Row {
	n: number;
	operation: Operation;
	road: Road;
	concurrency: number;
	m: Measurement;
	/** CPU the sandbox process spent during the run, per item (ms). */
	serverCpuPerItem: number | null;
	/** How long after the start of the timed run the sandbox got its first request (ms). */
	firstRequestMs: number | null;
}

let tagCounter = 0;

async function measureRoad(
	sandbox: SandboxProcess,
	spec: Omit<WorkerSpec, 'url' | 'tag'>,
): Promise<{ m: Measurement; serverCpuPerItem: number | null; firstRequestMs: number | null }> {
	const before = sandbox.cpuMs();
	const m = await runChild<Measurement>('bench/worker.ts', { ...spec, url: sandbox.url, tag: `r${process.pid}-${++tagCounter}` });
	const after = sandbox.cpuMs();
	if (m.ok !== spec.n) {
		throw new Error(`${spec.variant} ${spec.operation}: ${m.ok} of ${spec.n} items succeeded: ${m.problems.join(' | ')}`);
	}
	return {
		m,
		serverCpuPerItem: before === null || after === null ? null : (after - before) / spec.n,
		firstRequestMs: await sandbox.firstRequestAfter(m.startedAtMs),
	};
}

const TOKENS_FOLDER = path.join(os.tmpdir(), `batiweb-bench-${process.pid}`);

/** Fresh sandbox state for a run; getStatus polls tokens imported beforehand (untimed). */
async function prepareSandbox(sandbox: SandboxProcess, operation: Operation, n: number, warmup: number): Promise<string | undefined> {
	await sandbox.reset();
	if (operation !== 'getStatus') return undefined;
	const tokens = await sandbox.importTokens(n + warmup, `tokens${n}`);
	await sandbox.clearRequests();
	mkdirSync(TOKENS_FOLDER, { recursive: true });
	const file = path.join(TOKENS_FOLDER, `tokens-${n}.json`);
	writeFileSync(file, JSON.stringify(tokens));
	return file;
}

async function runSize(sandbox: SandboxProcess, settings: Settings, n: number, log: (line: string) => void): Promise<Row[]> {
	const rows: Row[] = [];
	for (const operation of OPERATIONS) {
		const tokensFile = await prepareSandbox(sandbox, operation, n, settings.warmup);
		for (const road of roads(settings)) {
			if (operation !== 'getStatus') await sandbox.reset();
			else await sandbox.clearRequests();
			log(`  ${operation.padEnd(13)} ${road.label} ...`);
			const measured = await measureRoad(sandbox, {
				variant: road.variant,
				operation,
				n,
				concurrency: settings.concurrency,
				keepAlive: road.keepAlive,
				batchInterval: road.batchInterval,
				tokensFile,
				warmup: settings.warmup,
			});
			const { m } = measured;
			rows.push({ n, operation, road, concurrency: settings.concurrency, ...measured });
			log(`    ${(m.wallMs / 1000).toFixed(2)} s, ${Math.round((n * 1000) / m.wallMs)} items/s, ${(m.cpuMs / n).toFixed(3)} ms CPU/item`);
		}
	}
	return rows;
}

async function runSweep(sandbox: SandboxProcess, settings: Settings, log: (line: string) => void): Promise<Row[]> {
	const rows: Row[] = [];
	const n = settings.sweepN!;
	for (const operation of ['checkSellable', 'import'] as Operation[]) {
		for (const concurrency of settings.sweepC) {
			for (const road of roads({ ...settings, concurrency }).filter((candidate) => candidate.key === 'a' || candidate.key === 'node')) {
				await sandbox.reset();
				log(`  ${operation.padEnd(13)} C=${String(concurrency).padEnd(3)} ${road.label} ...`);
				const measured = await measureRoad(sandbox, {
					variant: road.variant,
					operation,
					n,
					concurrency,
					warmup: settings.warmup,
				});
				rows.push({ n, operation, road, concurrency, ...measured });
			}
		}
	}
	return rows;
}

// ---- tables ---------------------------------------------------------------------------------

function fixed(value: number, digits: number): string {
	return value.toFixed(digits);
}

function table(head: string[], body: string[][]): string {
	const lines = [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`);
	return lines.join('\n');
}

function limitSeconds(n: number, settings: Settings, concurrency = settings.concurrency): number {
	return (n * settings.latency) / concurrency / 1000;
}

function mainTable(rows: Row[], settings: Settings): string {
	const body: string[][] = [];
	for (const row of rows) {
		const limit = rows.find((other) => other.n === row.n && other.operation === row.operation && other.road.key === 'a')!;
		body.push([
			String(row.n),
			row.operation,
			row.road.label,
			fixed(row.m.wallMs / 1000, 2),
			row.firstRequestMs === null ? 'n/a' : fixed(row.firstRequestMs / 1000, 2),
			String(Math.round((row.n * 1000) / row.m.wallMs)),
			fixed(limit.m.wallMs / row.m.wallMs, 2),
			fixed(row.m.cpuMs / row.n, 3),
			row.serverCpuPerItem === null ? 'n/a' : fixed(row.serverCpuPerItem, 3),
			fixed(row.m.rssGrowthMb, 0),
			fixed(row.m.heapGrowthMb, 0),
			fixed(row.m.retainedMb, 0),
		]);
	}
	const limits = [...new Set(rows.map((row) => row.n))]
		.map((n) => `N = ${n}: N × L / C = ${n} × ${settings.latency} ms / ${settings.concurrency} = ${fixed(limitSeconds(n, settings), 2)} s`)
		.join('; ');
	return `${table(
		['N', 'operation', 'road', 'wall s', '1st request after s', 'items/s', '× (a)', 'client CPU ms/item', 'sandbox CPU ms/item', 'peak RSS growth MB', 'peak heap growth MB', 'retained heap MB'],
		body,
	)}\n\nNetwork limit: ${limits}.`;
}

function sweepTable(rows: Row[], settings: Settings): string {
	const body: string[][] = [];
	for (const operation of [...new Set(rows.map((row) => row.operation))]) {
		for (const concurrency of settings.sweepC) {
			const bare = rows.find((row) => row.operation === operation && row.concurrency === concurrency && row.road.key === 'a');
			const node = rows.find((row) => row.operation === operation && row.concurrency === concurrency && row.road.key === 'node');
			if (!bare || !node) continue;
			const n = node.n;
			body.push([
				operation,
				String(concurrency),
				fixed(limitSeconds(n, settings, concurrency), 2),
				String(Math.round((n * 1000) / bare.m.wallMs)),
				String(Math.round((n * 1000) / node.m.wallMs)),
				fixed(bare.m.wallMs / node.m.wallMs, 2),
				fixed(node.m.cpuMs / n, 3),
				fixed((node.m.cpuMs / node.m.wallMs) * 100, 0),
				node.serverCpuPerItem === null ? 'n/a' : fixed(node.serverCpuPerItem, 3),
			]);
		}
	}
	return table(
		['operation', 'C', 'limit s', '(a) items/s', 'node items/s', 'node × (a)', 'node client CPU ms/item', 'node process CPU %', 'sandbox CPU ms/item'],
		body,
	);
}

function microTable(micro: MicroResult): string {
	const us = (value: number) => fixed(value, 1);
	return table(
		['operation', 'validate µs', 'envelope µs', 'read + interpret answer µs', 'output item µs', 'whole road (router, stub HTTP) µs', 'target < 100 µs'],
		micro.rows.map((row) => [
			row.operation,
			us(row.validate),
			us(row.envelope),
			us(row.interpret),
			us(row.output),
			us(row.router),
			row.router < 100 ? 'met' : `missed by ${fixed(row.router - 100, 0)} µs`,
		]),
	);
}

function loadTable(load: LoadTime, measured: string): string {
	return table(
		['require() of the node module', 'median ms', 'target < 50 ms'],
		[
			['in n8n (n8n-workflow, luxon, zod already loaded)', fixed(load.inN8nMs, 1), load.inN8nMs < 50 ? 'met' : `missed by ${fixed(load.inN8nMs - 50, 0)} ms`],
			['alone in a fresh process (loads n8n-workflow too)', fixed(load.coldMs, 1), ''],
			['for scale: require("n8n-workflow") alone', fixed(load.n8nWorkflowMs, 1), ''],
		],
	) + `\n\n${load.runs} fresh processes each; module: \`${measured}\`.`;
}

function targets(rows: Row[], micro: MicroResult, load: LoadTime, settings: Settings): string {
	const lines: string[] = [];
	const nodeRows = rows.filter((row) => row.road.key === 'node');
	for (const row of nodeRows) {
		const limit = rows.find((other) => other.n === row.n && other.operation === row.operation && other.road.key === 'a')!;
		const ratio = limit.m.wallMs / row.m.wallMs;
		lines.push(
			`- Throughput ≥ 0.9 × (a), ${row.operation}, N = ${row.n}, C = ${settings.concurrency}: ${fixed(ratio, 2)} → ${ratio >= 0.9 ? 'met' : `missed by ${fixed(0.9 - ratio, 2)}`}`,
		);
	}
	for (const row of micro.rows) {
		lines.push(
			`- Node CPU per item (validation, envelope, routing), ${row.operation}: ${fixed(row.router / 1000, 3)} ms → ${row.router < 100 ? 'met' : `missed by ${fixed((row.router - 100) / 1000, 3)} ms`}`,
		);
	}
	for (const row of nodeRows.filter((candidate) => candidate.n >= 10_000)) {
		const growth = row.m.rssGrowthMb;
		lines.push(
			`- Memory growth < 100 MB for ${row.n} items, ${row.operation}: peak RSS +${fixed(growth, 0)} MB (peak heap +${fixed(row.m.heapGrowthMb, 0)} MB, retained after GC ${fixed(row.m.retainedMb, 0)} MB) → ${growth < 100 ? 'met' : `missed by ${fixed(growth - 100, 0)} MB`}`,
		);
	}
	lines.push(`- Module load < 50 ms (in n8n): ${fixed(load.inN8nMs, 1)} ms → ${load.inN8nMs < 50 ? 'met' : `missed by ${fixed(load.inN8nMs - 50, 0)} ms`}`);
	return lines.join('\n');
}

function machine(): string {
	const cpus = os.cpus();
	return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${fixed(os.totalmem() / 2 ** 30, 0)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function loadAverage(): string {
	return os
		.loadavg()
		.map((value) => fixed(value, 2))
		.join(' / ');
}

// ---- main -----------------------------------------------------------------------------------

async function main(): Promise<void> {
	let settings: Settings | null;
	try {
		settings = settingsFrom(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
		process.exit(2);
	}
	if (settings === null) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const log = (line: string) => process.stdout.write(`${line}\n`);
	const started = new Date();
	const loadBefore = loadAverage();
	log(`Batiweb Lead benchmark: N ${settings.n}${settings.bigN ? ` and ${settings.bigN}` : ''}, latency ${settings.latency} ms (+0..${settings.jitter} jitter), concurrency ${settings.concurrency}`);
	log(`machine: ${machine()}; load average ${loadBefore}`);

	ensureBuilt(log);
	log('module load time ...');
	const { load, measured } = measureLoadTime(7);
	log(`  ${fixed(load.inN8nMs, 1)} ms in n8n, ${fixed(load.coldMs, 1)} ms alone (${measured})`);

	log('node CPU per item (micro-benchmark) ...');
	const micro = await runChild<MicroResult>('bench/micro.ts', { n: settings.quick ? 1000 : 5000, rounds: 5 });

	const sandbox = await startSandboxProcess({ latencyMs: settings.latency, jitterMs: settings.jitter, seed: 1 });
	log(`sandbox (child process ${sandbox.pid}) at ${sandbox.url}`);
	const rows: Row[] = [];
	let sweep: Row[] = [];
	try {
		for (const n of [settings.n, ...(settings.bigN ? [settings.bigN] : [])]) {
			log(`N = ${n} (limit ${fixed(limitSeconds(n, settings), 2)} s per road)`);
			rows.push(...(await runSize(sandbox, settings, n, log)));
		}
		if (settings.sweepN) {
			log(`concurrency sweep, N = ${settings.sweepN}`);
			sweep = await runSweep(sandbox, settings, log);
		}
	} finally {
		await sandbox.close();
		rmSync(TOKENS_FOLDER, { recursive: true, force: true });
	}

	const loadAfter = loadAverage();
	const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
	const sections = [
		`# Benchmark results`,
		'',
		`Written by \`${command}\` on ${started.toISOString()} (${fixed((Date.now() - started.getTime()) / 1000, 0)} s).`,
		`Machine: ${machine()}. Load average (1/5/15 min) ${loadBefore} at the start, ${loadAfter} at the end` +
			(os.loadavg()[0] > os.cpus().length ? ': **other work was running on this machine; wall times are noisy, ratios less so**.' : '.'),
		`Sandbox in a child process, latency ${settings.latency} ms + 0..${settings.jitter} ms; concurrency C = ${settings.concurrency}; ${settings.warmup} untimed warm-up items per road; each road in a fresh process. What the roads are and how to read this: [docs/benchmark.md](../docs/benchmark.md).`,
		'',
		'## Throughput, CPU and memory',
		'',
		mainTable(rows, settings),
		'',
		...(sweep.length > 0 ? ['## Throughput against concurrency (node vs (a))', '', sweepTable(sweep, settings), ''] : []),
		'## Node CPU per item, without engine or network',
		'',
		microTable(micro),
		'',
		'## Loading the node module',
		'',
		loadTable(load, measured),
		'',
		'## Targets',
		'',
		targets(rows, micro, load, settings),
		'',
	];
	const markdown = sections.join('\n');
	writeFileSync(settings.out, markdown);
	log('');
	log(markdown);
	log(`(written to ${path.relative(ROOT, settings.out)})`);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
