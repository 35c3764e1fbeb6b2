/**
 * One measurement, in a process of its own so that its CPU time and memory are its own: builds
 * the input (untimed), warms the road up, then times one run of N items through one variant.
 * The sandbox runs in another process. Started by bench/run.ts; answers over IPC.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import type { IDataObject } from 'n8n-workflow';

import { LEAD_NODE, posted } from '../harness/workflows';
import { postAll } from './bare';
import { mb, serveChild, type Measurement, type WorkerSpec } from './common';
import { CUSTOM_AUTH, endpointUrl, envelopeOf, HTTP_NODE, httpWorkflow, IF_NODE, inputBodies, nodeWorkflow, SECURITY } from './workloads';

/** `keep` holds what the run produced (the execution's data) until its retained size is measured. */
type Road = (bodies: IDataObject[]) => Promise<{ ok: number; problems: string[]; keep?: unknown }>;

function first<T>(values: T[], count = 3): T[] {
	return values.slice(0, count);
}

async function roadOf(spec: WorkerSpec): Promise<Road> {
	const { operation, concurrency, url } = spec;
	if (spec.variant === 'bare') {
		return async (bodies) => {
			const envelopes = bodies.map((body) => envelopeOf(operation, body));
			const answers = await postAll(endpointUrl(url, operation), envelopes, concurrency, spec.keepAlive ?? true);
			const bad = answers.filter((answer) => answer.httpStatus !== 200 || answer.body?.code !== 0);
			return { ok: answers.length - bad.length, problems: first(bad).map((answer) => JSON.stringify(answer)), keep: answers };
		};
	}
	// The engine is loaded only where it is used: the bare client's process stays bare.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { runWorkflow } = require('../harness/run-workflow') as typeof import('../harness/run-workflow');
	const credentials = {
		batiwebApi: { ...SECURITY, baseUrl: url },
		httpCustomAuth: CUSTOM_AUTH,
	};
	if (spec.variant === 'node') {
		const definition = nodeWorkflow(operation, concurrency);
		return async (bodies) => {
			const result = await runWorkflow(definition, { credentials, triggerItems: posted(bodies) });
			const { outputs, error } = result.nodeRun(LEAD_NODE);
			const [success = [], failure = []] = outputs;
			return {
				ok: success.length,
				problems: [...(error ? [error.message] : []), ...first(failure).map((item) => JSON.stringify(item.json).slice(0, 300))],
				keep: result,
			};
		};
	}
	const definition = httpWorkflow(operation, url, concurrency, spec.batchInterval ?? 0);
	return async (bodies) => {
		const result = await runWorkflow(definition, { credentials, triggerItems: posted(bodies) });
		const httpRun = result.nodeRun(HTTP_NODE);
		if (httpRun.error) return { ok: 0, problems: [httpRun.error.message] };
		const accepted = result.output(IF_NODE, 0);
		const refused = result.output(IF_NODE, 1);
		return { ok: accepted.length, problems: first(refused).map((item) => JSON.stringify(item.json).slice(0, 300)), keep: result };
	};
}

function gc(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

async function measure(spec: WorkerSpec): Promise<Measurement> {
	const tokens = spec.tokensFile ? (JSON.parse(readFileSync(spec.tokensFile, 'utf8')) as string[]) : undefined;
	const road = await roadOf(spec);

	// Warm-up: the same road with other leads (the last tokens for getStatus), untimed.
	if (spec.warmup > 0) {
		const warmTokens = tokens?.slice(-spec.warmup);
		await road(inputBodies(spec.operation, spec.warmup, `${spec.tag}-warmup`, warmTokens));
	}

	const bodies = inputBodies(spec.operation, spec.n, spec.tag, tokens);
	gc();
	gc();
	const before = process.memoryUsage();
	let peakRss = before.rss;
	let peakHeap = before.heapUsed;
	const sample = () => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	};
	const sampler = setInterval(sample, 100);

	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const outcome = await road(bodies);
	const t1 = performance.now();
	const cpu = process.cpuUsage(cpu0);
	sample();
	clearInterval(sampler);
	// What the run's data still holds once its garbage is collected (the execution keeps every
	// node's input and output items until it ends, as n8n does).
	gc();
	gc();
	const retainedMb = mb(process.memoryUsage().heapUsed - before.heapUsed);
	outcome.keep = undefined;

	return {
		spec,
		wallMs: t1 - t0,
		startedAtMs: performance.timeOrigin + t0,
		cpuMs: (cpu.user + cpu.system) / 1000,
		rssGrowthMb: mb(peakRss - before.rss),
		heapGrowthMb: mb(peakHeap - before.heapUsed),
		retainedMb,
		ok: outcome.ok,
		problems: outcome.problems,
	};
}

serveChild(measure);
