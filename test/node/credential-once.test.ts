/**
 * The credential is read once per execution, whatever the number of items and requests: n8n's
 * authenticated request helper would read and decrypt it again for every request.
 */
import { credentialsFor, IMPORT_FROM_BODY, lead, posted, runWorkflow, TestCredentialsHelper, webhookToLead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

afterEach(() => jest.restoreAllMocks());

test.each([1, 2])('version %i: one credential read for 5 leads checked then imported (10 requests)', async (typeVersion) => {
	const reads = jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
	const parameters =
		typeVersion === 1
			? { ...IMPORT_FROM_BODY, options: { checkSellableFirst: true } }
			: { operation: 'import', lead: { mappingMode: 'autoMapInputData', value: null }, options: { checkSellableFirst: true } };
	const leads = Array.from({ length: 5 }, () => lead());
	const result = await runWorkflow(webhookToLead(parameters, { typeVersion }), {
		credentials: credentialsFor(sandbox),
		triggerItems: typeVersion === 1 ? posted(leads) : leads.map((json) => ({ json })),
	});
	expect(result.output('Batiweb Lead', 0)).toHaveLength(5);
	expect(sandbox.requests()).toHaveLength(10);
	expect(reads.mock.calls.filter(([, , type]) => type === 'batiwebApi')).toHaveLength(1);
});
