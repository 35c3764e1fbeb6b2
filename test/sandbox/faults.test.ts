import { DEMO_SECURITY, callSandbox, postRaw, sampleImport } from '../../sandbox/client';
import { defaultProcessed, startSandbox, type FaultSpec } from '../../sandbox';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

const sellable = { zipcode: '78180', worktype: '69' };

function lastAnswer() {
	const requests = sandbox.requests();
	return requests[requests.length - 1].answer;
}

/** A fetch failure's cause chain as text (undici wraps the socket error). */
function failureText(error: unknown): string {
	const parts: string[] = [];
	let current: unknown = error;
	// Not `instanceof Error`: fetch's errors come from another realm under jest.
	while (current !== null && typeof current === 'object') {
		const failure = current as NodeJS.ErrnoException & { cause?: unknown };
		parts.push(`${failure.name} ${failure.message} ${failure.code ?? ''}`);
		current = failure.cause;
	}
	return parts.join(' | ');
}

describe('fault kinds, as a client sees them', () => {
	it.each([500, 502, 503, 504, 429])('http-status %i', async (status) => {
		sandbox.injectFaults({ kind: 'http-status', status, retryAfter: status === 429 || status === 503 ? 7 : undefined });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.httpStatus).toBe(status);
		expect(answer.text.length).toBeGreaterThan(0);
		if (status === 429 || status === 503) expect(answer.headers.get('retry-after')).toBe('7');
		else expect(answer.headers.get('retry-after')).toBeNull();
		if (status === 502 || status === 504) expect(answer.headers.get('content-type')).toMatch(/text\/html/);
		else expect(answer.json).toEqual({ error: expect.any(String) });
		expect(lastAnswer()).toMatchObject({ httpStatus: status, fault: 'http-status' });
		// Only the next request was hit.
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable)).json?.code).toBe(0);
	});

	it('html-200: an HTML page with status 200', async () => {
		sandbox.injectFaults({ kind: 'html-200' });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.httpStatus).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
		expect(answer.text).toMatch(/^<!DOCTYPE html>/);
		expect(answer.json).toBeUndefined();
	});

	it('empty-body: status 200, no body', async () => {
		sandbox.injectFaults({ kind: 'empty-body' });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.httpStatus).toBe(200);
		expect(answer.text).toBe('');
	});

	it('malformed-json: a JSON answer cut short', async () => {
		sandbox.injectFaults({ kind: 'malformed-json' });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.httpStatus).toBe(200);
		expect(answer.text).toMatch(/^\{"code":0,/);
		expect(() => JSON.parse(answer.text)).toThrow();
	});

	it('no-code: valid JSON without code', async () => {
		sandbox.injectFaults({ kind: 'no-code' });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.json).toEqual({ message: 'ok' });
	});

	it('unknown-code: a code the doc does not list', async () => {
		sandbox.injectFaults({ kind: 'unknown-code' });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.json).toEqual({ code: 7, message: expect.any(String) });
		expect(lastAnswer()).toMatchObject({ httpStatus: 200, code: 7, fault: 'unknown-code' });
	});

	it('reset: the connection is reset after the body was read', async () => {
		sandbox.injectFaults({ kind: 'reset', endpoint: 'import' });
		const error = await callSandbox(sandbox.url, 'import', sampleImport()).then(
			() => undefined,
			(failure: unknown) => failure,
		);
		// fetch fails with a TypeError ("fetch failed") whose cause is the socket error.
		expect((error as Error).name).toBe('TypeError');
		expect(failureText(error)).toMatch(/ECONNRESET|socket|other side closed|terminated/i);
		// Processed by default: the lead is stored although the answer is lost.
		expect(sandbox.leads()).toHaveLength(1);
		expect(lastAnswer()).toEqual({ httpStatus: null, fault: 'reset', leadStored: true, detail: 'lead 100000' });
	});

	it('reset with processed: false stores nothing', async () => {
		sandbox.injectFaults({ kind: 'reset', endpoint: 'import', processed: false });
		await expect(callSandbox(sandbox.url, 'import', sampleImport())).rejects.toThrow();
		expect(sandbox.leads()).toHaveLength(0);
		expect(lastAnswer()).toMatchObject({ fault: 'reset', leadStored: false });
	});

	it('hang: no answer until the client gives up', async () => {
		sandbox.injectFaults({ kind: 'hang', endpoint: 'import' });
		await expect(callSandbox(sandbox.url, 'import', sampleImport(), DEMO_SECURITY, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
			/aborted|timeout/i,
		);
		expect(sandbox.leads()).toHaveLength(1);
		expect(lastAnswer()).toMatchObject({ httpStatus: null, fault: 'hang', leadStored: true });
		// The server still answers others.
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable)).json?.code).toBe(0);
	});

	it('latency: the answer comes late but whole', async () => {
		sandbox.injectFaults({ kind: 'latency', ms: 150 });
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable);
		expect(answer.json).toEqual({ code: 0, message: 'This lead can be sold' });
		expect(lastAnswer()).toMatchObject({ httpStatus: 200, code: 0, fault: 'latency' });
	});

	it('latency adds to another fault that fires on the same request', async () => {
		sandbox.injectFaults({ kind: 'latency', ms: 20 });
		sandbox.injectFaults({ kind: 'http-status', status: 503 });
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable)).httpStatus).toBe(503);
		expect(sandbox.faults()).toHaveLength(0);
	});
});

describe('whether an import fault stores the lead', () => {
	it.each<[FaultSpec, boolean]>([
		[{ kind: 'http-status', status: 429 }, false],
		[{ kind: 'http-status', status: 503 }, false],
		[{ kind: 'http-status', status: 502 }, false],
		[{ kind: 'http-status', status: 500 }, true],
		[{ kind: 'http-status', status: 504 }, true],
		[{ kind: 'internal-error' }, false],
		[{ kind: 'html-200' }, false],
		[{ kind: 'no-code' }, false],
		[{ kind: 'unknown-code' }, false],
		[{ kind: 'empty-body' }, true],
		[{ kind: 'malformed-json' }, true],
		[{ kind: 'http-status', status: 503, processed: true }, true],
		[{ kind: 'http-status', status: 500, processed: false }, false],
	])('%j → stored: %s', async (spec, stored) => {
		sandbox.injectFaults({ ...spec, endpoint: 'import' });
		await callSandbox(sandbox.url, 'import', sampleImport());
		expect(sandbox.leads()).toHaveLength(stored ? 1 : 0);
		expect(lastAnswer()).toMatchObject({ fault: spec.kind, leadStored: stored });
		expect(spec.processed ?? defaultProcessed(spec)).toBe(stored);
	});

	it('an unprocessed status call does not count as a poll', async () => {
		const token = (await callSandbox(sandbox.url, 'import', sampleImport())).json?.token;
		sandbox.injectFaults({ kind: 'http-status', status: 503, endpoint: 'status' });
		await callSandbox(sandbox.url, 'status', { token });
		expect(sandbox.leads()[0].polls).toBe(0);
		await callSandbox(sandbox.url, 'status', { token });
		expect(sandbox.leads()[0].polls).toBe(1);
	});
});

describe('matching and counting', () => {
	it('count: the next n matching requests; endpoint filters', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 2, endpoint: 'status' });
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable)).json?.code).toBe(0);
		expect((await callSandbox(sandbox.url, 'status', { token: 'a'.repeat(128) })).json?.code).toBe(9);
		expect((await callSandbox(sandbox.url, 'status', { token: 'a'.repeat(128) })).json?.code).toBe(9);
		expect((await callSandbox(sandbox.url, 'status', { token: 'a'.repeat(128) })).json?.code).toBe(3);
	});

	it('faults also hit requests that would fail validation', async () => {
		sandbox.injectFaults({ kind: 'http-status', status: 503 });
		expect((await postRaw(sandbox.url, 'import', 'not json')).httpStatus).toBe(503);
	});

	it('clearFaults empties the plan', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 5 });
		expect(sandbox.faults()).toHaveLength(1);
		sandbox.clearFaults();
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable)).json?.code).toBe(0);
	});

	it('rejects a bad spec, naming the key', () => {
		expect(() => sandbox.injectFaults({ kind: 'http-status' })).toThrow(/status: required/);
		expect(() => sandbox.injectFaults({ kind: 'latency' })).toThrow(/ms: required/);
		expect(() => sandbox.injectFaults({ kind: 'boom' } as unknown as FaultSpec)).toThrow(/kind/);
		expect(() => sandbox.injectFaults({ kind: 'reset', ratio: 2 })).toThrow(/ratio/);
		expect(() => sandbox.injectFaults({ kind: 'reset', extra: 1 } as unknown as FaultSpec)).toThrow(/extra: unknown key/);
	});
});

describe('ratio faults are reproducible from the seed', () => {
	async function pattern(seed: number): Promise<number[]> {
		const server = await startSandbox({ quiet: true, seed });
		try {
			server.injectFaults({ kind: 'internal-error', ratio: 0.4 });
			const codes: number[] = [];
			for (let i = 0; i < 30; i++) {
				codes.push(Number((await callSandbox(server.url, 'is_sellable', sellable)).json?.code));
			}
			return codes;
		} finally {
			await server.close();
		}
	}

	it('same seed ⇒ same sequence on two servers; another seed ⇒ another sequence', async () => {
		const first = await pattern(42);
		const second = await pattern(42);
		const other = await pattern(7);
		expect(second).toEqual(first);
		expect(first).toContain(9);
		expect(first).toContain(0);
		expect(other).not.toEqual(first);
	});

	it('reset() restarts the sequence', async () => {
		sandbox.injectFaults({ kind: 'internal-error', ratio: 0.5 });
		const run = async () => {
			const codes: unknown[] = [];
			for (let i = 0; i < 12; i++) codes.push((await callSandbox(sandbox.url, 'is_sellable', sellable)).json?.code);
			return codes;
		};
		const first = await run();
		sandbox.reset();
		sandbox.injectFaults({ kind: 'internal-error', ratio: 0.5 });
		expect(await run()).toEqual(first);
	});

	it('ratio with count fires at most count times', async () => {
		sandbox.injectFaults({ kind: 'internal-error', ratio: 1, count: 2 });
		const codes: unknown[] = [];
		for (let i = 0; i < 4; i++) codes.push((await callSandbox(sandbox.url, 'is_sellable', sellable)).json?.code);
		expect(codes).toEqual([9, 9, 0, 0]);
	});
});

describe('global latency', () => {
	it('delays every answer, with seeded jitter, and close() still ends promptly', async () => {
		const slow = await startSandbox({ quiet: true, latency: { ms: 30, jitterMs: 10 } });
		try {
			expect((await callSandbox(slow.url, 'is_sellable', sellable)).json?.code).toBe(0);
		} finally {
			await slow.close();
		}
	});

	it('close() ends hanging sockets', async () => {
		const server = await startSandbox({ quiet: true });
		server.injectFaults({ kind: 'hang' });
		const pending = callSandbox(server.url, 'is_sellable', sellable).then(
			() => 'answered',
			() => 'failed',
		);
		// Wait until the request reached the server.
		for (let i = 0; i < 50 && server.requests().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		await server.close();
		expect(await pending).toBe('failed');
	});
});
