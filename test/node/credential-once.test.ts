/**
 * The credential is read once per execution, whatever the number of items and requests, and every
 * request goes through n8n's authenticated helper (`httpRequestWithAuthentication`), handed that
 * one reading as `credentialsDecrypted`: n8n applies the credential's `authenticate` to each.
 */
import { ExecuteContext } from 'n8n-core';

import { CREDENTIAL_TYPE } from '../../credentials/BatiwebApi.credentials';
import { credentialData, credentialsFor, IMPORT_FROM_BODY, lead, posted, runWorkflow, TestCredentialsHelper, webhookToLead } from '../../harness';
import { runLead } from '../helpers/leadRun';
import { startRawServer } from '../helpers/rawServer';
import { useSandbox, useServer } from '../helpers/servers';

const sandbox = useSandbox();
const raw = useServer(startRawServer, (server) => server.clear());

afterEach(() => jest.restoreAllMocks());

function parametersFor(typeVersion: number) {
	return typeVersion === 1
		? { ...IMPORT_FROM_BODY, options: { checkSellableFirst: true } }
		: { operation: 'import', lead: { mappingMode: 'autoMapInputData', value: null }, options: { checkSellableFirst: true } };
}

test.each([1, 2])('version %i: one credential read for 5 leads checked then imported (10 requests)', async (typeVersion) => {
	const reads = jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
	const leads = Array.from({ length: 5 }, () => lead());
	const result = await runWorkflow(webhookToLead(parametersFor(typeVersion), { typeVersion }), {
		credentials: credentialsFor(sandbox),
		triggerItems: typeVersion === 1 ? posted(leads) : leads.map((json) => ({ json })),
	});
	expect(result.output('Batiweb Lead', 0)).toHaveLength(5);
	expect(sandbox.requests()).toHaveLength(10);
	expect(reads.mock.calls.filter(([, , type]) => type === CREDENTIAL_TYPE)).toHaveLength(1);
});

test.each([1, 2])('version %i: each request goes through the authenticated helper with the credential read once', async (typeVersion) => {
	const authenticated = jest.spyOn(TestCredentialsHelper.prototype, 'authenticate');
	const plain = jest.spyOn(ExecuteContext.prototype, 'getCredentials');
	const leads = Array.from({ length: 3 }, () => lead());
	const result = await runWorkflow(webhookToLead(parametersFor(typeVersion), { typeVersion }), {
		credentials: credentialsFor(sandbox),
		triggerItems: typeVersion === 1 ? posted(leads) : leads.map((json) => ({ json })),
	});
	expect(result.output('Batiweb Lead', 0)).toHaveLength(3);
	expect(sandbox.requests()).toHaveLength(6);
	// n8n's CredentialsHelper.authenticate ran once per request, for this credential type...
	expect(authenticated.mock.calls.map(([, type]) => type)).toEqual(Array(6).fill(CREDENTIAL_TYPE));
	// ...on the very object the node read once (credentialsDecrypted), not on a new reading.
	const handed = new Set(authenticated.mock.calls.map(([credentials]) => credentials));
	expect(handed.size).toBe(1);
	expect(plain).toHaveBeenCalledTimes(1);
	// The request the node hands over holds no security: `authenticate` adds it.
	for (const [, , options] of authenticated.mock.calls) expect(Object.keys(options.body as object)).toEqual(['request']);
});

// Both lines' helpers resend a request whose error has status 401 (their token-refresh path):
// the node must never let a status become an error there, or an import would be sent twice.
test('an import answered HTTP 401 is sent once', async () => {
	raw.answerWith(() => ({ status: 401, body: { code: 1, message: 'Unauthorized' } }));
	const run = await runLead(IMPORT_FROM_BODY, { credentials: { [CREDENTIAL_TYPE]: credentialData(raw.url) }, bodies: [lead()] });
	expect(run.success).toHaveLength(0);
	expect(run.failure).toHaveLength(1);
	expect(raw.requests()).toHaveLength(1);
});
