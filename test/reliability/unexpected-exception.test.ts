/**
 * "Every input item leaves on exactly one output", even when the node itself has a bug: a
 * function used for each item throws for one item (simulated with jest.spyOn).
 * - With "On Error: Continue" (either continue setting), the bad item leaves on Error with kind
 *   "internal" and the others are not disturbed.
 * - With the default ("Stop Workflow"), the node fails with an error naming the item, and starts
 *   no request after that.
 */
import type { IDataObject } from 'n8n-workflow';

import * as call from '../../nodes/BatiwebLead/transport/call';
import { expectEachItemOnce, requestsTo, runNode, warmUp } from '../helpers/reliability-harness';
import { lead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ latency: { ms: 5, jitterMs: 10 } }, { ready: warmUp });
afterEach(() => jest.restoreAllMocks());

const BAD_EMAIL = 'bug-trigger@example.fr';
const original = call.callBatiweb;

/** callBatiweb throws (a bug, not a failure it knows) for the lead with BAD_EMAIL only. */
function simulateBug(message = 'Simulated bug: cannot read properties of undefined') {
	return jest.spyOn(call, 'callBatiweb').mockImplementation(async (ctx, settings, operation, request) => {
		if (request.email === BAD_EMAIL) throw new TypeError(message);
		return await original(ctx, settings, operation, request);
	});
}

function leadsWithBadOne(count: number, badIndex: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => (index === badIndex ? lead({ email: BAD_EMAIL }) : lead()));
}

describe('an unexpected exception inside the node, for one item', () => {
	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)('onError %s: the bad item leaves on Error as "internal", every other item is imported once', async (onError) => {
		const spy = simulateBug();
		const bodies = leadsWithBadOne(12, 7);
		const run = await runNode(sandbox, 'import', bodies, { nodeProps: { onError }, options: { maxConcurrent: 4 } });

		expect(spy).toHaveBeenCalled();
		expect(run.error).toBeUndefined();
		expectEachItemOnce(run, 12);
		expect(run.success).toHaveLength(11);
		expect(run.failure).toHaveLength(1);
		expect(run.failure[0].pairedItem).toEqual({ item: 7 });
		expect(run.failure[0].json).toMatchObject({ success: false, kind: 'internal', retryable: false, attempts: 0, itemIndex: 7 });
		expect(run.failure[0].json.message).toMatch(/^Item 7: Simulated bug/);
		expect(requestsTo(sandbox, 'import')).toHaveLength(11);
		expect(sandbox.leads().map((stored) => stored.email)).not.toContain(BAD_EMAIL);
	});

	test('a bug message carrying the password is redacted on the Error output', async () => {
		simulateBug('Simulated bug with demo-password inside');
		const run = await runNode(sandbox, 'import', leadsWithBadOne(3, 1), { nodeProps: { onError: 'continueRegularOutput' } });
		expectEachItemOnce(run, 3);
		expect(JSON.stringify(run.failure)).not.toContain('demo-password');
		expect(run.failure[0].json.message).toContain('***');
	});

	// Issue 10 point 5: redacted on every path, the error that stops the workflow included.
	test('default settings (stop): a bug message carrying the password is redacted in the error that stops the workflow', async () => {
		simulateBug('Simulated bug with demo-password and demo\\u002dpassword inside');
		const run = await runNode(sandbox, 'import', leadsWithBadOne(3, 1), { options: { maxConcurrent: 1 } });
		expect(run.error?.message).toBe('Item 1: Simulated bug with *** and *** inside');
	});

	test('default settings (stop): the node fails with an error naming the item, and no request starts after it', async () => {
		simulateBug();
		const bodies = leadsWithBadOne(40, 5);
		const run = await runNode(sandbox, 'import', bodies, { options: { maxConcurrent: 3 } });

		expect(run.error).toBeDefined();
		expect(run.error?.message).toMatch(/^Item 5: Simulated bug/);
		expect(run.result.run.status).toBe('error');
		expect(run.success).toHaveLength(0);
		expect(run.failure).toHaveLength(0);
		// Let requests that might still be started in the background show up.
		await new Promise((resolve) => setTimeout(resolve, 300));
		// Items 0–4 and the two other workers' current items (6, 7) at most: the rest are not sent.
		expect(requestsTo(sandbox, 'import').length).toBeLessThanOrEqual(7);
	});
});
