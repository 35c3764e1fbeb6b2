/**
 * A Retry-After longer than the node will wait (30 s) ends the retries at once, and the item
 * says how long the service asked to wait, instead of retrying early against the server's word.
 */
import { CHECK_FROM_BODY, runLead } from '../helpers/leadRun';
import { credentialsFor } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({}, { reset: false });

test('HTTP 429 asking to wait 120 s: one attempt, the wait reported, retryable', async () => {
	sandbox.injectFaults({ kind: 'http-status', status: 429, retryAfter: 120, count: 1 });
	const run = await runLead(
		{ ...CHECK_FROM_BODY, options: { maxAttempts: 3, retryDelay: 1 } },
		{ credentials: credentialsFor(sandbox), bodies: [{ zipcode: '75001', worktype: '69' }] },
	);
	expect(run.failure).toHaveLength(1);
	expect(run.failure[0].json).toMatchObject({
		kind: 'transport',
		httpStatus: 429,
		attempts: 1,
		retryable: true,
		message: expect.stringContaining('asked to wait 120 s'),
	});
	expect(sandbox.requests()).toHaveLength(1);
});

test('HTTP 404 (a wrong Base URL path): not retried, not retryable', async () => {
	const run = await runLead(
		{ ...CHECK_FROM_BODY, options: { maxAttempts: 3, retryDelay: 1 } },
		{ credentials: credentialsFor(sandbox, { baseUrl: `${sandbox.url}/wrong` }), bodies: [{ zipcode: '75001', worktype: '69' }] },
	);
	expect(run.failure[0].json).toMatchObject({ kind: 'transport', httpStatus: 404, attempts: 1, retryable: false });
	expect(run.failure[0].json.message).toContain('check the Base URL');
});
