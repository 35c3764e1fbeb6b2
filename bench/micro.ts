/**
 * The node's own CPU per item, without n8n's engine and without a network: the router's whole
 * per-item road (read parameters → validate → envelope → send → read the answer → interpret →
 * output item) over a stand-in for n8n's execute functions whose HTTP helper answers at once,
 * and each step alone. Started by bench/run.ts in a process of its own; answers over IPC.
 */
import { performance } from 'node:perf_hooks';

import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { BatiwebApi } from '../credentials/BatiwebApi.credentials';
import type { Operation } from '../nodes/BatiwebLead/catalog/codes';
import { interpretCall } from '../nodes/BatiwebLead/interpret';
import { outputItem, type OutputContext } from '../nodes/BatiwebLead/output';
import { readHttpAnswer } from '../nodes/BatiwebLead/transport/reading';
import { router } from '../nodes/BatiwebLead/v1/actions/router';
import { statusData } from '../nodes/BatiwebLead/v1/actions/getStatus.operation';
import { validateRequest, type BatiwebRequest } from '../nodes/BatiwebLead/validation/schemas';
import { leadNode } from '../harness/workflows';
import { OPERATIONS, serveChild } from './common';
import { inputBodies, requestOf, SECURITY } from './workloads';

const TOKEN = 'a1'.repeat(64);

/** What the sandbox answers to each operation (HTTP 200, JSON). */
const ANSWERS: Record<Operation, string> = {
	checkSellable: JSON.stringify({ code: 0, message: 'This lead can be sold' }),
	import: JSON.stringify({ code: 0, message: 'Lead correctly imported', id: 100000, token: TOKEN }),
	getStatus: JSON.stringify({
		code: 0,
		message: 'OK',
		token: TOKEN,
		status: 1,
		statusLabel: 'Validé',
		date: '2026-11-30 14:05:09',
		supplierLeadId: null,
	}),
};

const HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const CREDENTIALS = { ...SECURITY, baseUrl: 'http://127.0.0.1:4010' };
const credentialType = new BatiwebApi();

function bodiesFor(operation: Operation, n: number): IDataObject[] {
	return inputBodies(operation, n, 'micro', Array.from({ length: n }, () => TOKEN));
}

/**
 * A stand-in for n8n's IExecuteFunctions: parameters come straight from each item (as n8n gives
 * them once expressions are resolved), credentials are the sandbox's, and the HTTP helper runs
 * the credential's `authenticate`, serialises the body as n8n's client would, and answers at once.
 */
function executeFunctions(operation: Operation, items: INodeExecutionData[]): IExecuteFunctions {
	const node = leadNode({}, { id: 'micro', position: [0, 0] });
	const answer = ANSWERS[operation];
	const staticData: IDataObject = {};
	const fn = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => false,
		isToolExecution: () => false,
		getExecutionCancelSignal: () => undefined,
		getWorkflowStaticData: () => staticData,
		getCredentials: async () => ({ ...CREDENTIALS }),
		getNodeParameter(name: string, index: number, fallback?: unknown) {
			if (name === 'operation') return operation;
			if (name === 'options') return { maxConcurrent: 5 };
			const body = items[index].json.body as IDataObject;
			if (name === 'additionalFields') return operation === 'checkSellable' ? { email: body.email } : {};
			return body[name] ?? fallback;
		},
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				const authenticated = await credentialType.authenticate(CREDENTIALS, options);
				JSON.stringify(authenticated.body);
				return { statusCode: 200, statusMessage: 'OK', headers: HEADERS, body: answer };
			},
			checkProcessedAndRecord: async (keys: string[]) => ({ new: keys, processed: [] }),
			removeProcessed: async () => {},
		},
	};
	return fn as unknown as IExecuteFunctions;
}

/** CPU time (user + system) of one call of `work`, in ms. */
async function cpuOf(work: () => unknown): Promise<number> {
	const start = process.cpuUsage();
	await work();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

/** Median over `rounds` of the CPU µs per item of `work` over n items, after one warm-up round. */
async function perItem(n: number, rounds: number, work: () => unknown): Promise<number> {
	await work();
	const samples: number[] = [];
	for (let round = 0; round < rounds; round++) {
		(globalThis as { gc?: () => void }).gc?.();
		samples.push(((await cpuOf(work)) * 1000) / n);
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)];
}

export interface MicroResult {
	n: number;
	/** µs of CPU per item, per operation and step. */
	rows: Array<{
		operation: Operation;
		validate: number;
		envelope: number;
		interpret: number;
		output: number;
		router: number;
	}>;
	wallCheckMs: number;
}

async function micro(input: { n: number; rounds: number }): Promise<MicroResult> {
	const { n, rounds } = input;
	const started = performance.now();
	const rows: MicroResult['rows'] = [];
	for (const operation of OPERATIONS) {
		const bodies = bodiesFor(operation, n);
		const raws = bodies.map((body) => {
			const raw: Record<string, unknown> = requestOf(operation, body);
			return raw;
		});
		const requests: BatiwebRequest[] = raws.map((raw) => {
			const validation = validateRequest(operation, raw);
			if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
			return validation.request;
		});
		const acceptWithoutCode = operation === 'getStatus' ? () => true : undefined;
		const successData = operation === 'getStatus' ? statusData : operation === 'import' ? (body: IDataObject) => ({ id: body.id, token: body.token }) : () => ({ sellable: true });
		const outcomes = requests.map(() => {
			const reading = readHttpAnswer(200, HEADERS, ANSWERS[operation], acceptWithoutCode);
			return interpretCall(operation, { reading, attempts: 1, earlier: [], cancelled: false }, successData);
		});
		const context: OutputContext = { operation, environment: 'PREP', simplify: false, redact: (text) => text.split(SECURITY.password).join('***') };
		const items: INodeExecutionData[] = bodies.map((body) => ({ json: { headers: {}, params: {}, query: {}, body } }));

		rows.push({
			operation,
			validate: await perItem(n, rounds, () => raws.forEach((raw) => validateRequest(operation, raw))),
			envelope: await perItem(n, rounds, async () => {
				for (const request of requests) {
					await credentialType.authenticate(CREDENTIALS, { url: 'http://127.0.0.1:4010/json/lead/x', method: 'POST', body: { request } });
				}
			}),
			interpret: await perItem(n, rounds, () =>
				requests.forEach(() => {
					const reading = readHttpAnswer(200, HEADERS, ANSWERS[operation], acceptWithoutCode);
					interpretCall(operation, { reading, attempts: 1, earlier: [], cancelled: false }, successData);
				}),
			),
			output: await perItem(n, rounds, () => outcomes.forEach((outcome, index) => outputItem(outcome, context, index, requests[index]))),
			router: await perItem(n, rounds, async () => {
				const outputs = await router.call(executeFunctions(operation, items));
				if (outputs[0].length !== n) throw new Error(`router: ${outputs[0].length} of ${n} succeeded: ${JSON.stringify(outputs[1][0]?.json)}`);
			}),
		});
	}
	return { n, rows, wallCheckMs: performance.now() - started };
}

if (require.main === module) serveChild(micro);
