/**
 * Messages fit the operation (issue 19): Get Status takes a token, often typed into the node, so
 * its hints speak of the token, not of "the incoming data"; a status read says the status.
 */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, lead, LEAD_NODE, runWorkflow, webhookToLead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

async function run(parameters: IDataObject, items: IDataObject[], typeVersion = 1) {
	const result = await runWorkflow(webhookToLead(parameters, { typeVersion }), {
		credentials: credentialsFor(sandbox),
		triggerItems: items.map((json) => ({ json })),
	});
	const [success = [], failure = []] = result.nodeRun(LEAD_NODE).outputs;
	return { success, failure };
}

describe('Get Status messages', () => {
	test('a token typed into the node (version 1) that is not a token: the hint speaks of the Token, not of incoming data', async () => {
		const { failure } = await run({ operation: 'getStatus', token: 'not a token' }, [{}]);
		expect(failure[0].json).toMatchObject({ kind: 'invalid-input', field: 'token' });
		expect(failure[0].json.hint).not.toMatch(/incoming data/);
		expect(failure[0].json.hint).toMatch(/Token/);
	}, 60_000);

	test('an unknown token (code 3): the hint names the token, not "a value outside its tables"', async () => {
		const { failure } = await run({ operation: 'getStatus', token: 'a'.repeat(128) }, [{}]);
		expect(failure[0].json).toMatchObject({ kind: 'invalid-value', code: 3 });
		expect(failure[0].json.hint).toMatch(/token/);
		expect(failure[0].json.hint).not.toMatch(/tables/);
	}, 60_000);

	test('a status read says the status and whether it is final, not "Batiweb accepted the request"', async () => {
		const imported = await run({ operation: 'import', lead: { mappingMode: 'autoMapInputData', value: null } }, [lead()], 2);
		const token = imported.success[0].json.token as string;
		const { success } = await run({ operation: 'getStatus', token }, [{}]);
		const { message, status, statusLabel } = success[0].json;
		expect(message).not.toMatch(/accepted the request/);
		expect(message).toBe(`Status ${String(status)}: ${String(statusLabel)}, may still change.`);
	}, 60_000);

	test('an import still says Batiweb accepted it, with the service\'s words', async () => {
		const { success } = await run({ operation: 'import', lead: { mappingMode: 'autoMapInputData', value: null } }, [lead()], 2);
		expect(success[0].json.message).toMatch(/^Batiweb accepted the request: ".+"\.$/);
	}, 60_000);
});
