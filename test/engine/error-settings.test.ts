/**
 * The node's "On Error" settings, as n8n's engine applies them to the form example:
 * Stop Workflow (the default), Continue (regular output) and Continue (using error output), which
 * gives the node a third output after our Success and Error.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { credentialsFor, formPost, freshLeadsTable, lead, loadExample, runWorkflow, withNode, type WorkflowDefinition } from '../../harness';
import { DEMO_PROD_SECURITY } from '../../sandbox/client';
import { useSandbox } from '../helpers/servers';

const FORM = 'Import to Batiweb';
type OnError = NonNullable<INode['onError']> | 'default';
const SETTINGS: OnError[] = ['default', 'continueRegularOutput', 'continueErrorOutput'];

const sandbox = useSandbox({ rules: { notSellablePairs: [{ worktype: '69', zipcode: '13' }] } });
beforeEach(freshLeadsTable);

function formWith(onError: OnError, options?: IDataObject): WorkflowDefinition {
	return withNode(loadExample('form-to-batiweb.json'), FORM, {
		settings: onError === 'default' ? {} : { onError },
		...(options ? { parameters: { options } } : {}),
	});
}

async function post(definition: WorkflowDefinition, bodies: IDataObject[], credentials = credentialsFor(sandbox)) {
	return await runWorkflow(definition, { credentials, startNode: 'Webhook', triggerItems: bodies.map(formPost) });
}

/** PROD credentials to a plain-HTTP address that is not this machine: the node refuses to send. */
const UNSAFE_PROD = credentialsFor({ url: 'http://batiweb.example.test' }, DEMO_PROD_SECURITY);
const UNSAFE_MESSAGE = 'PROD password is the account\'s only password, so it is only sent over HTTPS';

describe('business refusals are outcomes, whatever the setting', () => {
	test.each(SETTINGS)('%s: sold on Success, refused on Error, nothing moved to n8n\'s error output', async (onError) => {
		const bodies = [lead(), lead({ zipcode: '13004' }), lead({ email: 'not-an-email' })];
		const result = await post(formWith(onError), bodies);

		expect(result.run.data.resultData.error).toBeUndefined();
		const outputs = result.nodeRun(FORM).outputs;
		// n8n adds its own Error output after ours only for "Continue (using error output)".
		expect(outputs).toHaveLength(onError === 'continueErrorOutput' ? 3 : 2);
		const [success, failure, n8nError = []] = outputs;
		expect(success.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(failure.map((item) => [item.pairedItem, item.json.kind])).toEqual([
			[{ item: 1 }, 'not-sellable'],
			[{ item: 2 }, 'invalid-input'],
		]);
		expect(n8nError).toEqual([]);
		// The refusals keep their fields (n8n would replace an error-shaped item's json).
		for (const item of failure) {
			expect(item.json).toMatchObject({ success: false, operation: 'import', environment: 'PREP', kind: expect.any(String), message: expect.any(String), hint: expect.any(String) });
		}
		expect(failure[0].json).toMatchObject({ code: 4, request: expect.objectContaining({ zipcode: '13004' }) });
		expect(result.output('Log refusal').map((item) => item.json.email)).toEqual([bodies[1].email, bodies[2].email]);
	});

	test.each(SETTINGS)('%s: a Batiweb that cannot be reached is an Error item per lead, not a stop', async (onError) => {
		const result = await post(formWith(onError, { maxAttempts: 1 }), [lead(), lead()], credentialsFor(sandbox, { baseUrl: 'http://127.0.0.1:9' }));
		expect(result.run.data.resultData.error).toBeUndefined();
		expect(result.output(FORM, 1).map((item) => item.json)).toEqual([
			expect.objectContaining({ kind: 'transport', retryable: true }),
			expect.objectContaining({ kind: 'transport', retryable: true }),
		]);
		expect(result.output(FORM, 2)).toEqual([]);
	});
});

describe('a configuration problem (PROD credentials over plain HTTP to another machine)', () => {
	test('Stop Workflow (default): the workflow stops with a clear message and nothing is sent', async () => {
		const result = await post(formWith('default'), [lead(), lead()], UNSAFE_PROD);

		const error = result.run.data.resultData.error;
		expect(error?.message).toContain(UNSAFE_MESSAGE);
		expect(error?.message).toMatch(/^Batiweb credential: /);
		expect(result.run.data.resultData.lastNodeExecuted).toBe(FORM);
		expect(result.nodeRun(FORM).error?.message).toContain(UNSAFE_MESSAGE);
		expect(() => result.nodeRun('Log refusal')).toThrow(/did not run/);
		expect(() => result.nodeRun('Respond: sent')).toThrow(/did not run/);
		expect(result.responses).toEqual([]);
		expect(sandbox.requests()).toEqual([]);
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s: every item goes to our Error output with kind "configuration", and the form is answered',
		async (onError) => {
			const bodies = [lead(), lead(), lead()];
			const result = await post(formWith(onError), bodies, UNSAFE_PROD);

			expect(result.run.data.resultData.error).toBeUndefined();
			const [success, failure, n8nError = []] = result.nodeRun(FORM).outputs;
			expect(success).toEqual([]);
			expect(n8nError).toEqual([]);
			expect(failure.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			for (const item of failure) {
				expect(item.json).toMatchObject({
					success: false,
					kind: 'configuration',
					code: null,
					retryable: false,
					message: expect.stringContaining(UNSAFE_MESSAGE),
				});
				expect(JSON.stringify(item.json)).not.toContain('demo-prod-password');
			}
			expect(result.output('Log refusal').map((item) => [item.json.kind, item.json.email])).toEqual(bodies.map((body) => ['configuration', body.email]));
			expect(result.responses[0].body).toMatchObject({ ok: false, kind: 'configuration', canRetry: false });
			expect(sandbox.requests()).toEqual([]);
		},
	);

	test('the same PROD credential over HTTPS, or to this machine, is allowed', async () => {
		const result = await post(formWith('default', {}), [lead()], credentialsFor(sandbox, DEMO_PROD_SECURITY));
		expect(result.run.data.resultData.error).toBeUndefined();
		expect(result.output(FORM, 0)[0].json).toMatchObject({ success: true, environment: 'PROD' });
	});
});
