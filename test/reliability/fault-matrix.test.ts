/**
 * The fault matrix: each fault kind of the sandbox × each operation × the retry settings, through
 * the engine against the sandbox. For every cell: which output the item leaves on, its kind,
 * `retryable`, the HTTP status and body start where there is one, and exactly how many requests
 * the sandbox saw for the operation's endpoint. An import sent again after a failure that may
 * have been processed fails the test (the request count and the sandbox's lead store say so).
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type FaultSpec } from '../../sandbox';
import { importSample } from '../../sandbox/client';
import {
	ENDPOINT_OF,
	expectEachItemOnce,
	requestsTo,
	runNode,
	warmUp,
	type Op,
} from '../helpers/reliability-harness';
import { lead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ rules: { pollsBeforeQualified: 0 } }, { ready: warmUp });

/** Every fault a request can meet, as the sandbox injects it. */
interface FaultCase {
	label: string;
	spec: Omit<FaultSpec, 'endpoint' | 'count'>;
	/** The sandbox processes the request (an import stores its lead) although the answer is faulty. */
	processed: boolean;
	/** What a read (Check Sellable, Get Status) reports when the fault is its last attempt's. */
	read: { kind: string; code?: number | null; httpStatus?: number; bodyStart?: RegExp; errorCode?: string };
	/** An import meeting it: resent (the service says it did not process it) or reported uncertain. */
	importRetried: boolean;
}

const JSON_ERROR = (reason: string) => new RegExp(`^\\{"error":"${reason}"\\}$`);
const HTML_PAGE = /^<!DOCTYPE html>/;

const FAULTS: FaultCase[] = [
	{ label: 'latency 30 ms', spec: { kind: 'latency', ms: 30 }, processed: true, read: { kind: 'success' }, importRetried: false },
	{ label: 'HTTP 500', spec: { kind: 'http-status', status: 500 }, processed: true, read: { kind: 'transport', httpStatus: 500, bodyStart: JSON_ERROR('Internal Server Error') }, importRetried: false },
	{ label: 'HTTP 502 (HTML proxy page)', spec: { kind: 'http-status', status: 502 }, processed: false, read: { kind: 'transport', httpStatus: 502, bodyStart: HTML_PAGE }, importRetried: false },
	{ label: 'HTTP 503 + Retry-After 1 s', spec: { kind: 'http-status', status: 503, retryAfter: 1 }, processed: false, read: { kind: 'transport', httpStatus: 503, bodyStart: JSON_ERROR('Service Unavailable') }, importRetried: false },
	{ label: 'HTTP 504 (HTML proxy page)', spec: { kind: 'http-status', status: 504 }, processed: true, read: { kind: 'transport', httpStatus: 504, bodyStart: HTML_PAGE }, importRetried: false },
	{ label: 'HTTP 429 + Retry-After 1 s', spec: { kind: 'http-status', status: 429, retryAfter: 1 }, processed: false, read: { kind: 'transport', httpStatus: 429, bodyStart: JSON_ERROR('Too Many Requests') }, importRetried: false },
	{ label: 'HTML page with 200', spec: { kind: 'html-200' }, processed: false, read: { kind: 'unexpected-answer', httpStatus: 200, bodyStart: HTML_PAGE }, importRetried: false },
	{ label: 'empty body', spec: { kind: 'empty-body' }, processed: true, read: { kind: 'unexpected-answer', httpStatus: 200, bodyStart: /^$/ }, importRetried: false },
	{ label: 'malformed JSON', spec: { kind: 'malformed-json' }, processed: true, read: { kind: 'unexpected-answer', httpStatus: 200, bodyStart: /^\{"code":0,"/ }, importRetried: false },
	{ label: 'JSON without code', spec: { kind: 'no-code' }, processed: false, read: { kind: 'unexpected-answer', httpStatus: 200, bodyStart: /^\{"message":"ok"\}$/ }, importRetried: false },
	{ label: 'unknown code 7', spec: { kind: 'unknown-code' }, processed: false, read: { kind: 'unexpected-answer', httpStatus: 200, bodyStart: /^\{"code":7,/ }, importRetried: false },
	// Batiweb may have stored the lead before failing with code 9, so an import is not resent.
	{ label: 'internal error (code 9)', spec: { kind: 'internal-error' }, processed: false, read: { kind: 'service-error', code: 9 }, importRetried: false },
	{ label: 'connection reset after the body', spec: { kind: 'reset' }, processed: true, read: { kind: 'transport', errorCode: 'ECONNRESET' }, importRetried: false },
	{ label: 'connection reset, not processed', spec: { kind: 'reset', processed: false }, processed: false, read: { kind: 'transport', errorCode: 'ECONNRESET' }, importRetried: false },
	{ label: 'hang (no answer before the timeout)', spec: { kind: 'hang' }, processed: true, read: { kind: 'transport', errorCode: 'ETIMEDOUT' }, importRetried: false },
];

/** Retryable flags as outcome.ts declares them (asserted literally, so a change shows here). */
const RETRYABLE: Record<string, boolean> = {
	transport: true,
	'unexpected-answer': true,
	'service-error': true,
	uncertain: false,
	'duplicate-after-retry': false,
};

/** What the item must look like, and what the sandbox must have seen. */
interface Expected {
	output: 'Success' | 'Error';
	kind: string;
	code?: number | null;
	httpStatus?: number;
	bodyStart?: RegExp;
	errorCode?: string;
	attempts: number;
	/** Requests to the operation's endpoint. */
	requests: number;
	/** Import only: is_sellable requests (the verification of an uncertain import). */
	checks?: number;
	/** Import only: leads the sandbox stored. */
	leads?: number;
	verification?: 'probably-imported' | 'probably-not-imported';
}

interface Cell {
	op: Op;
	fault: FaultCase;
	maxAttempts: 1 | 3;
	/** How many requests in a row meet the fault: 1 (transient) or every attempt (persistent). */
	hits: 1 | 3;
	expected: Expected;
}

function readCell(op: Op, fault: FaultCase, maxAttempts: 1 | 3, hits: 1 | 3): Cell {
	const failing = fault.read.kind !== 'success';
	const attempts = !failing ? 1 : Math.min(maxAttempts, hits + 1);
	const fails = failing && hits >= maxAttempts;
	const expected: Expected = fails
		? { output: 'Error', ...fault.read, attempts: maxAttempts, requests: maxAttempts }
		: { output: 'Success', kind: 'success', attempts, requests: attempts };
	return { op, fault, maxAttempts, hits, expected };
}

function importCell(fault: FaultCase, maxAttempts: 1 | 3, hits: 1 | 3): Cell {
	const op = 'import';
	if (fault.read.kind === 'success') {
		return { op, fault, maxAttempts, hits, expected: { output: 'Success', kind: 'success', attempts: 1, requests: 1, checks: 0, leads: 1 } };
	}
	if (!fault.importRetried) {
		// Maybe processed: sent once, never again, and checked with is_sellable and the email.
		const { kind: _readKind, code, ...facts } = fault.read;
		return {
			op,
			fault,
			maxAttempts,
			hits,
			expected: {
				output: 'Error',
				kind: 'uncertain',
				code: code ?? null,
				...facts,
				attempts: 1,
				requests: 1,
				checks: 1,
				leads: fault.processed ? 1 : 0,
				verification: fault.processed ? 'probably-imported' : 'probably-not-imported',
			},
		};
	}
	// The service said it did not process it: resent while attempts remain.
	const fails = hits >= maxAttempts;
	const attempts = fails ? maxAttempts : hits + 1;
	return {
		op,
		fault,
		maxAttempts,
		hits,
		expected: fails
			? { output: 'Error', ...fault.read, attempts, requests: attempts, checks: 0, leads: 0 }
			: { output: 'Success', kind: 'success', attempts, requests: attempts, checks: 0, leads: 1 },
	};
}

function withoutRetryAfter(fault: FaultCase): FaultCase {
	// Persistent cells wait between every attempt: keep them fast (Retry-After has its own cells).
	const { retryAfter: _retryAfter, ...spec } = fault.spec;
	return { ...fault, spec };
}

const CELLS: Cell[] = [];
for (const fault of FAULTS) {
	for (const op of ['checkSellable', 'getStatus'] as const) {
		CELLS.push(readCell(op, fault, 1, 1), readCell(op, fault, 3, 1));
		if (fault.read.kind !== 'success') CELLS.push(readCell(op, withoutRetryAfter(fault), 3, 3));
	}
	CELLS.push(importCell(fault, 1, 1), importCell(fault, 3, 1));
	if (fault.importRetried) CELLS.push(importCell(withoutRetryAfter(fault), 3, 3));
}

async function bodyFor(op: Op): Promise<IDataObject> {
	switch (op) {
		case 'checkSellable':
			return { zipcode: '78180', worktype: '69' };
		case 'getStatus':
			return { token: await importSample(sandbox.url, { email: 'status-owner@example.fr' }) };
		case 'import':
			return lead();
	}
}

describe('fault matrix: fault kind × operation × retry settings', () => {
	test.each(CELLS.map((cell) => [`${cell.op} · ${cell.fault.label} · maxAttempts ${cell.maxAttempts} · ${cell.hits === 1 ? 'once' : 'every attempt'}`, cell] as const))(
		'%s',
		async (_name, { op, fault, maxAttempts, hits, expected }) => {
			const body = await bodyFor(op);
			sandbox.clearRequests();
			const leadsBefore = sandbox.leads().length;
			sandbox.injectFaults({ ...fault.spec, endpoint: ENDPOINT_OF[op], count: hits });

			const run = await runNode(sandbox, op, [body], { options: { maxAttempts, retryDelay: 5, timeout: fault.spec.kind === 'hang' ? 200 : 5000 } });

			expect(run.error).toBeUndefined();
			expectEachItemOnce(run, 1);
			const [item] = expected.output === 'Success' ? run.success : run.failure;
			expect(item).toBeDefined();
			const json = item.json as IDataObject;

			expect(requestsTo(sandbox, ENDPOINT_OF[op])).toHaveLength(expected.requests);
			expect(json.attempts).toBe(expected.attempts);
			if (expected.output === 'Success') {
				expect(json).toMatchObject({ success: true, code: 0 });
			} else {
				expect(json.success).toBe(false);
				expect(json.kind).toBe(expected.kind);
				expect(json.retryable).toBe(RETRYABLE[expected.kind]);
				expect(json.itemIndex).toBe(0);
				if (expected.code !== undefined) expect(json.code).toBe(expected.code);
				if (expected.httpStatus !== undefined) expect(json.httpStatus).toBe(expected.httpStatus);
				else expect(json.httpStatus).toBeUndefined();
				if (expected.bodyStart !== undefined) expect(json.bodyStart).toMatch(expected.bodyStart);
				if (expected.errorCode !== undefined) expect((json.details as IDataObject).errorCode).toBe(expected.errorCode);
				expect(typeof json.message).toBe('string');
				expect(typeof json.hint).toBe('string');
			}
			if (op === 'import') {
				expect(requestsTo(sandbox, 'is_sellable')).toHaveLength(expected.checks ?? 0);
				expect(sandbox.leads().length - leadsBefore).toBe(expected.leads);
				if (expected.verification) expect((json.details as IDataObject).verification).toBe(expected.verification);
				// Never two stored leads for one email, whatever happened.
				const emails = sandbox.leads().map((stored) => stored.email);
				expect(new Set(emails).size).toBe(emails.length);
			}
		},
	);
});

describe('an import the service stored although it answered a failure', () => {
	// Code 9 is never a proof that nothing was stored.
	test('internal error (code 9) after storing, with retries: sent once, uncertain, verified as probably imported', async () => {
		sandbox.injectFaults({ kind: 'internal-error', processed: true, endpoint: 'import', count: 1 });
		const run = await runNode(sandbox, 'import', [lead()], { options: { maxAttempts: 3 } });

		expectEachItemOnce(run, 1);
		expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', code: 9, retryable: false, attempts: 1, details: { verification: 'probably-imported' } });
		expect(requestsTo(sandbox, 'import')).toHaveLength(1);
		expect(sandbox.leads()).toHaveLength(1);
	});

	// A proxy may answer 503 after forwarding (issue 17 finding 5): no proof, so never resent.
	test('HTTP 503 after storing, with retries: not resent, uncertain, verified "probably imported"', async () => {
		sandbox.injectFaults({ kind: 'http-status', status: 503, processed: true, endpoint: 'import', count: 1 });
		const run = await runNode(sandbox, 'import', [lead()], { options: { maxAttempts: 3 } });

		expectEachItemOnce(run, 1);
		expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', httpStatus: 503, retryable: false, attempts: 1, details: { verification: 'probably-imported' } });
		expect(requestsTo(sandbox, 'import')).toHaveLength(1);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('internal error (code 9) after storing, without retries: uncertain, never "service-error"', async () => {
		sandbox.injectFaults({ kind: 'internal-error', processed: true, endpoint: 'import', count: 1 });
		const run = await runNode(sandbox, 'import', [lead()], { options: { maxAttempts: 1 } });

		expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', code: 9, attempts: 1 });
		expect(requestsTo(sandbox, 'import')).toHaveLength(1);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('an ordinary duplicate (first attempt answered code 5) stays "duplicate"', async () => {
		const body = lead();
		await runNode(sandbox, 'import', [body]);
		const run = await runNode(sandbox, 'import', [body], { options: { maxAttempts: 3 } });
		expect(run.failure[0].json).toMatchObject({ kind: 'duplicate', code: 5, attempts: 1 });
		expect(sandbox.leads()).toHaveLength(1);
	});
});

describe('Retry-After', () => {
	test('the retry after a 429 with Retry-After: 1 is not sent before the server asked', async () => {
		sandbox.injectFaults({ kind: 'http-status', status: 429, retryAfter: 1, endpoint: 'is_sellable', count: 1 });
		const run = await runNode(sandbox, 'checkSellable', [{ zipcode: '78180', worktype: '69' }], { options: { maxAttempts: 2, retryDelay: 1 } });
		expect(run.success).toHaveLength(1);
		const [first, second] = requestsTo(sandbox, 'is_sellable').map((request) => Date.parse(request.receivedAt));
		// A lower bound only (a wait is never shorter than asked); no upper bound is asserted.
		expect(second - first).toBeGreaterThanOrEqual(950);
	});
});

describe('nothing is sent when nothing answers', () => {
	test('connection refused: reads are retried, an import too (it certainly never left)', async () => {
		const closed = await startSandbox({ quiet: true });
		const url = closed.url;
		await closed.close();
		const read = await runNode(sandbox, 'checkSellable', [{ zipcode: '78180', worktype: '69' }], { baseUrl: url, options: { maxAttempts: 3 } });
		expect(read.failure[0].json).toMatchObject({ kind: 'transport', attempts: 3, details: { errorCode: 'ECONNREFUSED' } });
		const imported = await runNode(sandbox, 'import', [lead()], { baseUrl: url, options: { maxAttempts: 2 } });
		expect(imported.failure[0].json).toMatchObject({ kind: 'transport', retryable: true, attempts: 2, details: { errorCode: 'ECONNREFUSED' } });
	});
});
