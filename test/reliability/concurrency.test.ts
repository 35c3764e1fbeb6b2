/**
 * Bounded concurrency, output order and the rate limit, through the engine against a sandbox
 * whose answers come back out of order (latency with jitter). A counting proxy in front of the
 * sandbox measures how many requests are open at once.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnce, itemIndexOf, requestsTo, runNode, warmUp } from '../helpers/reliability-harness';
import { startCountingProxy } from '../helpers/reliability-proxy';
import { lead } from '../../harness';
import { useSandbox, useServer } from '../helpers/servers';

const sandbox = useSandbox({ seed: 7, latency: { ms: 2, jitterMs: 30 }, rules: { notSellableZipcodes: ['97'] } }, { ready: warmUp });
const proxy = useServer(() => startCountingProxy(sandbox.url), (server) => server.clear());

type Expect = 'success' | 'invalid-input' | 'not-sellable';

/** 64 leads: most valid, some invalid (never sent), some refused by Batiweb (code 4). */
function mixedLeads(count: number): { bodies: IDataObject[]; expected: Expect[] } {
	const bodies: IDataObject[] = [];
	const expected: Expect[] = [];
	for (let index = 0; index < count; index++) {
		if (index % 7 === 3) {
			bodies.push(lead({ zipcode: '1234' }));
			expected.push('invalid-input');
		} else if (index % 5 === 2) {
			bodies.push(lead({ zipcode: '97100' }));
			expected.push('not-sellable');
		} else {
			bodies.push(lead());
			expected.push('success');
		}
	}
	return { bodies, expected };
}

describe('bounded concurrency and input order', () => {
	test.each([1, 5, 20])('maxConcurrent %i: never more requests open at once, outputs in input order, each item paired with its own lead', async (maxConcurrent) => {
		const { bodies, expected } = mixedLeads(64);
		const run = await runNode(sandbox, 'import', bodies, { baseUrl: proxy.url, options: { maxConcurrent, maxAttempts: 1, timeout: 5000 } });

		expect(run.error).toBeUndefined();
		// Each output ascending by pairedItem, every index once.
		expectEachItemOnce(run, bodies.length);
		for (const item of [...run.success, ...run.failure]) {
			const index = itemIndexOf(item);
			const json = item.json as IDataObject;
			expect(json.success ? 'success' : json.kind).toBe(expected[index]);
			// The output item is about its own input item, not a neighbour's.
			if (json.request) expect((json.request as IDataObject).email).toBe(bodies[index].email);
		}
		const sent = expected.filter((kind) => kind !== 'invalid-input').length;
		expect(requestsTo(sandbox, 'import')).toHaveLength(sent);
		expect(proxy.requests).toHaveLength(sent);

		expect(proxy.maxInFlight()).toBeLessThanOrEqual(maxConcurrent);
	});

	test.each([5, 20])('maxConcurrent %i is reached when answers are slow (the limit is used, not just respected)', async (maxConcurrent) => {
		sandbox.injectFaults({ kind: 'latency', ms: 400, count: 1000 });
		const bodies = Array.from({ length: maxConcurrent * 2 }, () => ({ zipcode: '78180', worktype: '69' }));
		const run = await runNode(sandbox, 'checkSellable', bodies, { baseUrl: proxy.url, options: { maxConcurrent } });
		expectEachItemOnce(run, bodies.length);
		expect(run.success).toHaveLength(bodies.length);
		expect(proxy.maxInFlight()).toBeLessThanOrEqual(maxConcurrent);
		// Every worker gets its request out well within 400 ms, even on a busy machine.
		expect(proxy.maxInFlight()).toBeGreaterThanOrEqual(maxConcurrent - 1);
	});

	test('without the option, at most the default of 5 requests are open at once', async () => {
		const bodies = Array.from({ length: 40 }, () => ({ zipcode: '78180', worktype: '69' }));
		const run = await runNode(sandbox, 'checkSellable', bodies, { baseUrl: proxy.url, options: {} });
		expectEachItemOnce(run, 40);
		expect(run.success).toHaveLength(40);
		expect(proxy.maxInFlight()).toBeLessThanOrEqual(5);
		expect(proxy.maxInFlight()).toBeGreaterThanOrEqual(3);
	});

	test('order holds with retries in the mix (answers and retries finish out of order)', async () => {
		sandbox.injectFaults({ kind: 'http-status', status: 503, ratio: 0.3, endpoint: 'is_sellable' });
		const bodies = Array.from({ length: 60 }, (_, index) => ({ zipcode: index % 4 === 0 ? '97200' : '78180', worktype: '69' }));
		const run = await runNode(sandbox, 'checkSellable', bodies, { baseUrl: proxy.url, options: { maxConcurrent: 10, maxAttempts: 10, retryDelay: 1 } });
		expectEachItemOnce(run, 60);
		for (const item of run.failure) expect(itemIndexOf(item) % 4).toBe(0);
		expect(run.failure.every((item) => item.json.kind === 'not-sellable')).toBe(true);
		expect(run.success).toHaveLength(45);
		expect(proxy.maxInFlight()).toBeLessThanOrEqual(10);
	});
});

describe('rate limit', () => {
	test('Max Requests per Second spaces request starts (bounded count in the first half second)', async () => {
		const perSecond = 20;
		const bodies = Array.from({ length: 30 }, () => ({ zipcode: '78180', worktype: '69' }));
		const run = await runNode(sandbox, 'checkSellable', bodies, {
			baseUrl: proxy.url,
			options: { maxConcurrent: 10, maxRequestsPerSecond: perSecond },
		});
		expectEachItemOnce(run, 30);
		expect(run.success).toHaveLength(30);

		const starts = proxy.requests.map((request) => request.startedAt).sort((a, b) => a - b);
		const first = starts[0];
		const inFirstHalfSecond = starts.filter((start) => start < first + 500).length;
		// 20/s allows 11 starts in [t0, t0 + 500 ms) (one every 50 ms); 2 more for network noise.
		// Without the limit, all 10 workers would start at once and the 30 requests in ~100 ms.
		expect(inFirstHalfSecond).toBeLessThanOrEqual(13);
		// Lower bound only (waits are never shorter than asked): 29 intervals of 50 ms, minus noise.
		expect(starts[starts.length - 1] - first).toBeGreaterThanOrEqual(29 * 50 * 0.8);
	});
});
