/**
 * Cancelling an execution (as a user stopping it in n8n): no request starts after the cancel,
 * the requests in flight are aborted, the workflow finishes, and every item still leaves once.
 * Nothing here asserts a duration beyond "it finishes".
 */
import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnce, runNode, warmUp, type NodeRun, type Op, type RunNodeOptions } from '../helpers/reliability-harness';
import { startCountingProxy } from '../helpers/reliability-proxy';
import { lead } from '../../harness';
import { useSandbox, useServer } from '../helpers/servers';

const sandbox = useSandbox({}, { ready: warmUp });
const proxy = useServer(() => startCountingProxy(sandbox.url), (server) => server.clear());

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
	const deadline = Date.now() + limitMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the run, waits for `ready`, cancels, and returns what happened around the cancel. */
async function cancelWhen(op: Op, bodies: IDataObject[], options: IDataObject, ready: () => boolean, what: string, settle = 0) {
	const abortController = new AbortController();
	const opts: RunNodeOptions = { baseUrl: proxy.url, abortController, options: { timeout: 60_000, ...options } };
	const running: Promise<NodeRun> = runNode(sandbox, op, bodies, opts);
	await until(ready, what);
	// Let the node read what the proxy has just passed on (an answer on its way is not "in flight").
	await pause(settle);
	const seenAtCancel = proxy.requests.length;
	abortController.abort();
	const run = await running; // "the workflow finishes"
	await until(() => proxy.inFlight() === 0, 'no request is open any more');
	// Give a would-be late starter (a retry, the next item, a verification) the time to show up.
	await pause(300);
	return { run, seenAtCancel };
}

describe('cancellation', () => {
	test('reads hanging in flight: they are aborted, no further request starts, every item leaves as "cancelled"', async () => {
		sandbox.injectFaults({ kind: 'hang', count: 1000 });
		const bodies = Array.from({ length: 30 }, () => ({ zipcode: '78180', worktype: '69' }));
		const { run, seenAtCancel } = await cancelWhen('checkSellable', bodies, { maxConcurrent: 5, maxAttempts: 3 }, () => proxy.inFlight() === 5, '5 requests hang');

		expect(seenAtCancel).toBe(5);
		expect(proxy.requests).toHaveLength(5);
		expect(sandbox.requests()).toHaveLength(5);
		expect(proxy.requests.every((request) => request.clientAborted)).toBe(true);

		expect(run.result.run.status).toBe('canceled');
		expectEachItemOnce(run, 30);
		expect(run.success).toHaveLength(0);
		const kinds = run.failure.map((item) => [item.json.kind, item.json.attempts]);
		expect(kinds.filter(([kind, attempts]) => kind === 'cancelled' && attempts === 1)).toHaveLength(5);
		expect(kinds.filter(([kind, attempts]) => kind === 'cancelled' && attempts === 0)).toHaveLength(25);
	});

	test('imports hanging in flight: aborted, reported "uncertain" (they may have arrived), not verified after the cancel, the rest never sent', async () => {
		sandbox.injectFaults({ kind: 'hang', count: 1000, endpoint: 'import' });
		const bodies = Array.from({ length: 20 }, () => lead());
		const { run, seenAtCancel } = await cancelWhen('import', bodies, { maxConcurrent: 4 }, () => proxy.inFlight() === 4, '4 imports hang');

		expect(seenAtCancel).toBe(4);
		expect(proxy.requests).toHaveLength(4);
		expect(proxy.requests.every((request) => request.clientAborted && request.path.endsWith('/import'))).toBe(true);

		expectEachItemOnce(run, 20);
		const uncertain = run.failure.filter((item) => item.json.kind === 'uncertain');
		expect(uncertain).toHaveLength(4);
		for (const item of uncertain) expect((item.json.details as IDataObject | undefined)?.verification).toBeUndefined();
		expect(run.failure.filter((item) => item.json.kind === 'cancelled' && item.json.attempts === 0)).toHaveLength(16);
	});

	test('items waiting to retry (backoff after a 503): the retries are never sent', async () => {
		sandbox.injectFaults({ kind: 'http-status', status: 503, count: 1000 });
		const bodies = Array.from({ length: 12 }, () => ({ zipcode: '78180', worktype: '69' }));
		const { run, seenAtCancel } = await cancelWhen(
			'checkSellable',
			bodies,
			{ maxConcurrent: 3, maxAttempts: 5, retryDelay: 20_000 },
			() => sandbox.requests().length === 3 && proxy.inFlight() === 0,
			'3 first attempts were answered 503',
			200,
		);

		expect(seenAtCancel).toBe(3);
		expect(proxy.requests).toHaveLength(3);
		expectEachItemOnce(run, 12);
		expect(run.failure.every((item) => item.json.kind === 'cancelled')).toBe(true);
		// The three answered ones keep what was known: the 503.
		expect(run.failure.filter((item) => item.json.httpStatus === 503)).toHaveLength(3);
	});

	test('items waiting for the rate limiter: not sent after the cancel', async () => {
		const bodies = Array.from({ length: 10 }, () => ({ zipcode: '78180', worktype: '69' }));
		const { run, seenAtCancel } = await cancelWhen(
			'checkSellable',
			bodies,
			{ maxConcurrent: 5, maxRequestsPerSecond: 1 },
			() => proxy.requests.length === 1 && proxy.inFlight() === 0,
			'the first request was answered',
			200,
		);

		expect(seenAtCancel).toBe(1);
		expect(proxy.requests).toHaveLength(1);
		expectEachItemOnce(run, 10);
		expect(run.success).toHaveLength(1);
		expect(run.failure.every((item) => item.json.kind === 'cancelled' && item.json.attempts === 0)).toBe(true);
	});
});
