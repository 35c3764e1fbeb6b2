/**
 * `npm run bench:n8n` — the node against n8n's HTTP Request node, in the real n8n (2.41.1, CLI
 * `n8n execute`, default settings), with the packed package installed as the Community Nodes
 * screen installs it, against the sandbox answering after a set latency. Not a test: it asserts
 * nothing on time, and fails only if a road loses a lead. See docs/benchmark.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import { prepareN8n, type Execution, type N8n } from './n8n';
import { byOwner, mainProfile, selfTimes } from './profile';
import { startCountingSandbox } from './sandbox';
import { CREDENTIAL, HTTP_NODE, IF_NODE, LEAD_NODE, LOGIN, PASSWORD, ROAD_NAMES, workflowOf, type Road } from './workflows';

const USAGE = `npm run bench:n8n -- [--n 1000] [--rounds 3] [--latency 20] [--roads auto16,manual16,default,http]
                       [--big-n 10000 | --no-big] [--profile auto16,http] [--tarball file.tgz]
                       [--before previous.tgz [--before-roads default,auto16]]`;

const { values } = parseArgs({
	options: {
		n: { type: 'string', default: '1000' },
		rounds: { type: 'string', default: '3' },
		latency: { type: 'string', default: '20' },
		roads: { type: 'string', default: 'auto16,manual16,default,http' },
		'big-n': { type: 'string', default: '10000' },
		'no-big': { type: 'boolean', default: false },
		profile: { type: 'string', default: '' },
		tarball: { type: 'string' },
		// A previous tarball in a user folder of its own: its roads interleave with the others.
		before: { type: 'string' },
		'before-roads': { type: 'string', default: 'default,auto16' },
		help: { type: 'boolean', short: 'h' },
	},
});
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const LATENCY = Number(values.latency);
const BIG_N = Number(values['big-n']);
const ROADS = values.roads.split(',').filter(Boolean) as Road[];
const PROFILED = values.profile.split(',').filter(Boolean) as Road[];
const BEFORE_ROADS = values.before ? (values['before-roads'].split(',').filter(Boolean) as Road[]) : [];
for (const road of [...ROADS, ...PROFILED, ...BEFORE_ROADS]) if (!(road in ROAD_NAMES)) throw new Error(`unknown road "${road}"\n${USAGE}`);

/** Which package ran: the one measured now, or the previous tarball of `--before`. */
type Side = 'now' | 'before';
interface Run {
	road: Road;
	side: Side;
}
const label = ({ road, side }: Run) => (side === 'before' ? `${ROAD_NAMES[road]}, previous tarball (${path.basename(values.before ?? '')})` : ROAD_NAMES[road]);

interface Measure {
	road: Road;
	side: Side;
	n: number;
	/** The road's own nodes: the Batiweb Lead node, or HTTP Request + If (n8n's executionTime). */
	nodeWorkMs: number;
	processMs: number;
	peakRssMb: number;
	/** The most resident memory sampled while the road's nodes ran. */
	workRssMb: number;
	maxInFlight: number;
	requests: number;
	/** Mean time a request spent in the sandbox, latency included. */
	serverMs: number;
	accepted: number;
	window: [number, number];
}

type Task = { startTime: number; executionTime: number; data?: { main?: Array<unknown[] | null> } };

function task(run: IDataObject, name: string): Task {
	const runData = (run.data as { resultData: { runData: Record<string, Task[]> } }).resultData.runData;
	const found = runData[name]?.[0];
	if (!found) throw new Error(`the node "${name}" did not run`);
	return found;
}

function measure({ road, side }: Run, n: number, execution: Execution, counts: { maxInFlight: number; requests: number; serverMs: number }): Measure {
	const tasks = road === 'http' ? [task(execution.run, HTTP_NODE), task(execution.run, IF_NODE)] : [task(execution.run, LEAD_NODE)];
	const last = tasks[tasks.length - 1];
	const accepted = (last.data?.main?.[0] ?? []).length;
	const { processMs, peakRssMb } = execution;
	const nodeWorkMs = tasks.reduce((sum, each) => sum + each.executionTime, 0);
	const window: [number, number] = [tasks[0].startTime, last.startTime + last.executionTime];
	const during = execution.rssSamples.filter(([at]) => at >= window[0] && at <= window[1] + 100).map(([, mb]) => mb);
	const workRssMb = Math.max(0, ...during);
	return { road, side, n, nodeWorkMs, processMs, peakRssMb, workRssMb, maxInFlight: counts.maxInFlight, requests: counts.requests, serverMs: counts.serverMs, accepted, window };
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const seconds = (ms: number) => (ms / 1000).toFixed(2);

function packTarball(): string {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'batiweb-bench-pack-'));
	execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], { encoding: 'utf8' }).trim().split('\n').pop()!;
	return path.join(folder, name);
}

async function main(): Promise<void> {
	const counting = await startCountingSandbox(LATENCY);
	const url = counting.sandbox.url;
	try {
		const tarball = values.tarball ?? packTarball();
		const id = (road: Road, n: number) => `bench${Object.keys(ROAD_NAMES).indexOf(road)}n${n}`;
		const big = values['no-big'] ? [] : (['default', 'http'] as Road[]);
		const runs = new Map<string, [Road, number]>();
		for (const road of [...ROADS, ...PROFILED]) runs.set(id(road, N), [road, N]);
		for (const road of big) runs.set(id(road, BIG_N), [road, BIG_N]);
		const workflows = [...runs].map(([workflowId, [road, n]]) => workflowOf(road, n, url, workflowId));
		const credential = { ...CREDENTIAL, data: { login: LOGIN, password: PASSWORD, environment: 'PREP', baseUrl: url } };
		console.error(`n8n: installing ${path.basename(tarball)} and ${workflows.length} workflows…`);
		const installs: Record<Side, N8n | undefined> = { now: await prepareN8n(tarball, credential, workflows), before: undefined };
		if (values.before) {
			console.error(`n8n: installing the previous tarball ${path.basename(values.before)} in a user folder of its own…`);
			installs.before = await prepareN8n(values.before, credential, workflows);
		}

		const runOnce = async (run: Run, n: number, profileDir?: string): Promise<Measure> => {
			const { road, side } = run;
			counting.reset();
			const execution = await installs[side]!.execute(id(road, n), { profileDir });
			const result = measure(run, n, execution, counting.counts());
			console.error(`  ${side === 'before' ? 'previous ' : ''}${road} n=${n}: node work ${seconds(result.nodeWorkMs)} s, in flight ≤ ${result.maxInFlight}, ${result.serverMs.toFixed(1)} ms in the server, RSS ${result.workRssMb.toFixed(0)} MB at work, peak ${result.peakRssMb.toFixed(0)} MB, accepted ${result.accepted}/${n}`);
			if (result.accepted !== n || result.requests !== n) throw new Error(`${road}: ${result.accepted} accepted and ${result.requests} requests for ${n} leads`);
			return result;
		};

		const all: Run[] = [...ROADS.map((road): Run => ({ road, side: 'now' })), ...BEFORE_ROADS.map((road): Run => ({ road, side: 'before' }))];
		const results: Measure[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			console.error(`round ${round + 1}/${ROUNDS}`);
			// Interleaved, and each round in another order, so that drift falls on every road alike.
			const order = all.map((_, position) => all[(position + round) % all.length]);
			for (const run of order) results.push(await runOnce(run, N));
		}
		if (ROUNDS > 0) printTable(`${N} imports, ${LATENCY} ms latency, ${ROUNDS} rounds (medians)`, all, results);

		if (big.length > 0) {
			const bigRuns = big.map((road): Run => ({ road, side: 'now' }));
			const bigResults: Measure[] = [];
			for (const run of bigRuns) bigResults.push(await runOnce(run, BIG_N));
			printTable(`${BIG_N} imports, ${LATENCY} ms latency, one run each`, bigRuns, bigResults);
		}

		const profiled = [...PROFILED.map((road): Run => ({ road, side: 'now' })), ...(values.before ? PROFILED.filter((road) => road !== 'http').map((road): Run => ({ road, side: 'before' })) : [])];
		for (const run of profiled) {
			const directory = mkdtempSync(path.join(os.tmpdir(), `batiweb-bench-profile-${run.side}-${run.road}-`));
			// V8 stamps profile samples with the monotonic clock, as process.hrtime does.
			const offset = Date.now() - Number(process.hrtime.bigint() / 1_000_000n);
			counting.reset();
			const execution = await installs[run.side]!.execute(id(run.road, N), { profileDir: directory });
			printProfile(run, { measure: measure(run, N, execution, counting.counts()), file: mainProfile(directory), offset });
		}
	} finally {
		await counting.close();
	}
}

function printTable(title: string, runs: Run[], results: Measure[]): void {
	const http = results.filter((result) => result.road === 'http').map((result) => result.nodeWorkMs);
	const httpMedian = http.length > 0 ? median(http) : undefined;
	const workOf = (road: Road, side: Side) => {
		const mine = results.filter((result) => result.road === road && result.side === side);
		return mine.length > 0 ? median(mine.map((result) => result.nodeWorkMs)) : undefined;
	};
	console.log(`\n### ${title}\n`);
	console.log('| road | node work | × HTTP Request | × previous tarball | most in flight | n8n RSS while it worked | n8n peak RSS (printing the run included) | whole `n8n execute` |');
	console.log('|---|---|---|---|---|---|---|---|');
	for (const run of runs) {
		const { road, side } = run;
		const mine = results.filter((result) => result.road === road && result.side === side);
		const work = median(mine.map((result) => result.nodeWorkMs));
		const ratio = httpMedian ? (work / httpMedian).toFixed(2) : '–';
		const previous = side === 'now' ? workOf(road, 'before') : undefined;
		const versus = previous ? (work / previous).toFixed(3) : '–';
		const inFlight = Math.max(...mine.map((result) => result.maxInFlight));
		const rss = median(mine.map((result) => result.peakRssMb)).toFixed(0);
		const workRss = median(mine.map((result) => result.workRssMb)).toFixed(0);
		console.log(`| ${label(run)} | ${seconds(work)} s | ${ratio} | ${versus} | ${inFlight} | ${workRss} MB | ${rss} MB | ${seconds(median(mine.map((result) => result.processMs)))} s |`);
	}
}

function printProfile(run: Run, { measure: result, file, offset }: { measure: Measure; file: string; offset: number }): void {
	const costs = selfTimes(file, result.window[0], result.window[1], offset);
	const busy = costs.filter((cost) => cost.owner !== 'idle');
	const total = busy.reduce((sum, cost) => sum + cost.ms, 0);
	console.log(`\n### Profile: ${label(run)} (${N} items; ${seconds(result.nodeWorkMs)} s of node work, ${seconds(total)} s on the CPU)\n`);
	console.log('| self time | function | where |');
	console.log('|---|---|---|');
	for (const cost of busy.slice(0, 12)) console.log(`| ${cost.ms.toFixed(0)} ms | \`${cost.name}\` | ${cost.owner}: ${cost.where} |`);
	const owners = byOwner(costs);
	console.log(`\nBy owner: ${Object.entries(owners).sort((a, b) => b[1] - a[1]).map(([owner, ms]) => `${owner} ${ms.toFixed(0)} ms`).join(', ')}. Profile: ${file}`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
