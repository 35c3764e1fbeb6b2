import { credentialsFor, IMPORT_FROM_BODY, lead, LEAD_NODE, posted, runWorkflow, webhookToLead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({}, { reset: false });

test('a form lead is imported and a bad one stays unsent, through the engine and the sandbox', async () => {
	const result = await runWorkflow(webhookToLead(IMPORT_FROM_BODY), {
		credentials: credentialsFor(sandbox),
		triggerItems: posted([lead(), lead({ zipcode: '1234' })]),
	});
	const [success, failure] = result.nodeRun(LEAD_NODE).outputs;

	expect(success.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	expect(success[0].json).toMatchObject({ success: true, code: 0, token: expect.stringMatching(/^[0-9a-f]{128}$/) });
	expect(failure.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(failure[0].json).toMatchObject({ success: false, kind: 'invalid-input', field: 'zipcode', attempts: 0 });
	expect(sandbox.requests()).toHaveLength(1);
});
