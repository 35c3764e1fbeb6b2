/**
 * Shared pieces of the reliability tests (test/reliability/): running the node over items
 * through the engine, reading its two outputs, checking the "every input item leaves on exactly
 * one output" invariant, and counting what the sandbox saw.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { EndpointName, RecordedRequest, Sandbox } from '../../sandbox';
import { credentialsFor, IMPORT_FROM_BODY, LEAD_NODE, posted, type RunResult, runWorkflow, webhookToLead } from '../../harness';

export type Op = 'checkSellable' | 'import' | 'getStatus';

/** The endpoint each operation calls. */
export const ENDPOINT_OF: Record<Op, EndpointName> = {
	checkSellable: 'is_sellable',
	import: 'import',
	getStatus: 'status',
};

/** Check Sellable parameters that read the fields from the posted body. */
export const CHECK_FROM_BODY: IDataObject = {
	operation: 'checkSellable',
	zipcode: '={{ $json.body.zipcode }}',
	worktype: '={{ $json.body.worktype }}',
	additionalFields: { email: '={{ $json.body.email }}' },
};

/** Get Status parameters that read the token from the posted body. */
export const STATUS_FROM_BODY: IDataObject = {
	operation: 'getStatus',
	token: '={{ $json.body.token }}',
};

/** Import parameters with every optional field read from the body too (absent ⇒ not sent). */
export const IMPORT_ALL_FROM_BODY: IDataObject = {
	...IMPORT_FROM_BODY,
	additionalFields: {
		address: '={{ $json.body.address }}',
		comment: '={{ $json.body.comment }}',
		supplierleadid: '={{ $json.body.supplierleadid }}',
		amountofrooms: '={{ $json.body.amountofrooms }}',
	},
};

export const PARAMETERS_OF: Record<Op, IDataObject> = {
	checkSellable: CHECK_FROM_BODY,
	import: IMPORT_FROM_BODY,
	getStatus: STATUS_FROM_BODY,
};

/**
 * Small retry waits so that tests stay fast. The timeout stays generous: a cold engine (first
 * run in a jest worker, two workers on a small machine) can take hundreds of milliseconds for a
 * first request; tests of timeouts set a short one themselves.
 */
export const FAST_OPTIONS: IDataObject = { retryDelay: 5, timeout: 5000 };

export interface NodeRun {
	result: RunResult;
	success: INodeExecutionData[];
	failure: INodeExecutionData[];
	/** The node's error when it failed as a whole. */
	error?: Error;
}

export interface RunNodeOptions {
	options?: IDataObject;
	parameters?: IDataObject;
	nodeProps?: Partial<INode>;
	credentials?: IDataObject;
	abortController?: AbortController;
	baseUrl?: string;
	/** Workflow settings (e.g. timezone). */
	settings?: IDataObject;
}

/** Webhook → Batiweb Lead over these posted bodies; returns the node's two outputs. */
export async function runNode(sandbox: Sandbox, op: Op, bodies: IDataObject[], opts: RunNodeOptions = {}): Promise<NodeRun> {
	const parameters = { ...(opts.parameters ?? PARAMETERS_OF[op]), options: { ...FAST_OPTIONS, ...(opts.options ?? {}) } };
	const credentials = credentialsFor(sandbox, { ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}), ...(opts.credentials ?? {}) });
	const definition = webhookToLead(parameters, opts.nodeProps);
	if (opts.settings) definition.settings = opts.settings;
	const result = await runWorkflow(definition, {
		credentials,
		triggerItems: posted(bodies),
		abortController: opts.abortController,
	});
	const { outputs, error } = result.nodeRun(LEAD_NODE);
	return { result, success: outputs[0] ?? [], failure: outputs[1] ?? [], error };
}

export function itemIndexOf(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	if (typeof paired !== 'object' || paired === null || Array.isArray(paired)) {
		throw new Error(`An output item has no single pairedItem: ${JSON.stringify(paired)}`);
	}
	return paired.item;
}

/**
 * The invariant: every input item leaves on exactly one output, paired with its own index, and
 * each output keeps input order. Throws a readable error naming what is wrong.
 */
export function expectEachItemOnce(run: Pick<NodeRun, 'success' | 'failure'>, count: number): void {
	const seen = new Map<number, string>();
	for (const [name, items] of [
		['Success', run.success],
		['Error', run.failure],
	] as const) {
		let previous = -1;
		for (const item of items) {
			const index = itemIndexOf(item);
			if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`${name}: pairedItem ${index} is not an input index (0..${count - 1})`);
			if (seen.has(index)) throw new Error(`Item ${index} left twice (on ${seen.get(index)} and ${name})`);
			if (index <= previous) throw new Error(`${name}: item ${index} comes after item ${previous}: output order is not input order`);
			const own = (item.json as IDataObject).itemIndex;
			if (own !== undefined && own !== index) throw new Error(`${name}: item paired with ${index} says itemIndex ${String(own)}`);
			seen.set(index, name);
			previous = index;
		}
	}
	if (seen.size !== count) {
		const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !seen.has(index));
		throw new Error(`${missing.length} item(s) never left the node, e.g. ${missing.slice(0, 5).join(', ')}`);
	}
}

/** One request through the engine, so that the first test of a file does not pay the cold start. */
export async function warmUp(sandbox: Sandbox): Promise<void> {
	await runNode(sandbox, 'checkSellable', [{ zipcode: '78180', worktype: '69' }]);
	sandbox.reset();
}

/** The requests the sandbox recorded for one endpoint. */
export function requestsTo(sandbox: Sandbox, endpoint: EndpointName): RecordedRequest[] {
	return sandbox.requests().filter((request) => request.endpoint === endpoint);
}

/** The `request.email` of a recorded request, if any. */
export function emailOf(recorded: RecordedRequest): string | undefined {
	const body = recorded.body as { request?: { email?: unknown } } | null;
	return typeof body?.request?.email === 'string' ? body.request.email : undefined;
}

/** Peak heap and RSS over a stretch of work, sampled every `everyMs`. */
export class MemorySampler {
	peakHeapUsed = 0;
	peakRss = 0;
	readonly startHeapUsed: number;
	readonly startRss: number;
	private readonly timer: NodeJS.Timeout;

	constructor(everyMs = 50) {
		const now = process.memoryUsage();
		this.startHeapUsed = now.heapUsed;
		this.startRss = now.rss;
		this.sample();
		this.timer = setInterval(() => this.sample(), everyMs);
		this.timer.unref();
	}

	sample(): void {
		const { heapUsed, rss } = process.memoryUsage();
		this.peakHeapUsed = Math.max(this.peakHeapUsed, heapUsed);
		this.peakRss = Math.max(this.peakRss, rss);
	}

	stop(): { startHeapMiB: number; peakHeapMiB: number; startRssMiB: number; peakRssMiB: number } {
		this.sample();
		clearInterval(this.timer);
		const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
		return {
			startHeapMiB: mib(this.startHeapUsed),
			peakHeapMiB: mib(this.peakHeapUsed),
			startRssMiB: mib(this.startRss),
			peakRssMiB: mib(this.peakRss),
		};
	}
}
