/**
 * The credential: its test (run as n8n's CredentialsTester runs it, see helpers/credentialTest.ts)
 * against the sandbox, and the refusal to send PROD credentials over plain HTTP to another
 * machine, in the credential's `authenticate` and in the node.
 */
import type { IDataObject } from 'n8n-workflow';

import { BatiwebApi } from '../../credentials/BatiwebApi.credentials';
import { testCredential } from '../helpers/credentialTest';
import { CHECK_FROM_BODY, runLead } from '../helpers/leadRun';
import { startRawServer } from '../helpers/rawServer';
import { guardPasswords, remember, usePassword } from '../helpers/secrets';
import { credentialData, credentialsFor } from '../../harness';
import { DEMO_PROD_SECURITY } from '../../sandbox/client';
import { useSandbox, useServer } from '../helpers/servers';

const credentialType = new BatiwebApi();

const sandbox = useSandbox();
const raw = useServer(startRawServer, (server) => server.clear());
guardPasswords(() => sandbox);

async function runTest(overrides: IDataObject, baseUrl = sandbox.url) {
	const data = credentialData(baseUrl, overrides);
	const result = await testCredential(credentialType, data);
	remember('credential test', result);
	return result;
}

/** A base URL that never resolves (RFC 2606): reaching the network would fail differently. */
const FAR_HTTP = 'http://webservices.e-travaux.invalid';

describe('credential test', () => {
	it('passes for valid PREP credentials, asking is_sellable once', async () => {
		expect(await runTest({})).toEqual({ status: 'OK', message: 'Connection successful!' });
		const requests = sandbox.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', path: '/json/lead/is_sellable', answer: { code: 0 } });
		expect(requests[0].body).toEqual({
			security: { login: 'demo', password: '***', environment: 'PREP' },
			request: { zipcode: '75001', worktype: '69' },
		});
		expect(requests[0].headers).toEqual({ 'content-type': 'application/json', accept: 'application/json' });
	});

	it('passes for PROD credentials of an account with PROD (loopback)', async () => {
		expect(await runTest(DEMO_PROD_SECURITY)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests()[0].body).toMatchObject({ security: { environment: 'PROD' } });
	});

	// The node trims the Base URL (normaliseBaseUrl); the test reads it the same way.
	it('takes a base URL with surrounding spaces, as the node does', async () => {
		expect(await runTest({}, `  ${sandbox.url}/ `)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests()[0].path).toBe('/json/lead/is_sellable');
	});

	it('takes a base URL with trailing slashes', async () => {
		expect(await runTest({}, `${sandbox.url}//`)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests()[0].path).toBe('/json/lead/is_sellable');
	});

	it.each([
		['a wrong password', { password: usePassword('wrong-password') }, 'Authentication Failed'],
		['an unknown login', { login: 'nobody' }, 'Authentication Failed'],
		['PROD on an account without PROD', { environment: 'PROD' }, 'Access to production is not granted'],
		['an empty login', { login: '' }, 'Missing Login'],
		['an empty password', { password: '' }, 'Missing password'],
	])('fails for %s with the service\'s message', async (_, overrides, serviceMessage) => {
		const result = await runTest(overrides);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(serviceMessage);
		// Each of these is an HTTP 200 carrying code 1.
		expect(sandbox.requests().map((request) => [request.answer.httpStatus, request.answer.code])).toEqual([[200, 1]]);
	});

	it('fails on an HTTP 200 carrying code 1, whatever its message', async () => {
		raw.answerWith(() => ({ body: { code: 1, message: 'Compte suspendu' } }));
		const result = await runTest({}, raw.url);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('code 1') });
		expect(raw.requests()).toHaveLength(1);
	});

	it('fails on code 1 given as text ("1")', async () => {
		raw.answerWith(() => ({ body: { code: '1', message: 'Compte suspendu' } }));
		const result = await runTest({}, raw.url);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('code 1');
	});

	it('passes on an HTTP 200 carrying code 0 from any server that answers as Batiweb does', async () => {
		raw.answerWith(() => ({ body: { code: 0, message: 'This lead can be sold' } }));
		expect(await runTest({}, raw.url)).toMatchObject({ status: 'OK' });
	});

	it.each([
		['an HTML page', '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>', 'an HTML or XML page'],
		['an empty answer', '', 'an empty answer'],
		['text', 'OK', 'text that is not JSON'],
		['JSON without a code', '{"status":"ok"}', "something without Batiweb's `code`"],
	])('fails on an HTTP 200 carrying %s, naming what came back', async (_, body, what) => {
		raw.answerWith(() => ({ body, headers: { 'Content-Type': 'text/html; charset=UTF-8' } }));
		const result = await runTest({}, raw.url);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining(`answered ${what}`) });
	});

	it('fails on "Internal error" (code 9): it proves nothing about the credentials', async () => {
		raw.answerWith(() => ({ body: { code: 9, message: 'Internal error' } }));
		const result = await runTest({}, raw.url);
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('code 9') });
	});

	it('passes when Batiweb does not buy the test lead (code 4): the login was accepted', async () => {
		sandbox.setRules({ notSellableZipcodes: ['75'] });
		expect(await runTest({})).toMatchObject({ status: 'OK' });
		expect(sandbox.requests().map((request) => request.answer.code)).toEqual([4]);
		sandbox.setRules({ notSellableZipcodes: [] });
	});

	it('fails on an HTTP error status', async () => {
		raw.answerWith(() => ({ status: 503, body: 'Service Unavailable' }));
		const result = await runTest({}, raw.url);
		expect(result.status).toBe('Error');
	});

	// A redirect would carry the password to another host: the test does not follow it, and says so.
	it.each([301, 302, 307, 308])('fails on a redirect (HTTP %i) without following it', async (status) => {
		const other = await startRawServer();
		try {
			raw.answerWith(() => ({ status, headers: { location: `${other.url}/json/lead/is_sellable` }, body: '' }));
			const result = await runTest({}, raw.url);
			expect(result.status).toBe('Error');
			expect(result.message).toContain(`redirect (HTTP ${status})`);
			expect(other.requests()).toEqual([]);
		} finally {
			await other.close();
		}
	});

	it.each([
		['PREP', 'demo', 'demo-password'],
		['PROD', 'demo-prod', 'demo-prod-password'],
	])('refuses %s credentials over plain HTTP to another machine, before sending', async (environment, login, password) => {
		const result = await runTest({ login, password, environment }, FAR_HTTP);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/HTTPS/);
		expect(result.message).not.toMatch(/ENOTFOUND|EAI_AGAIN/);
	});

	it.each([
		['a query', '?x=1', /query/],
		['a fragment', '#a', /fragment/],
	])('refuses a Base URL with %s, before sending', async (_, suffix, reason) => {
		const result = await runTest({}, `${raw.url}${suffix}`);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(reason) });
		expect(raw.requests()).toEqual([]);
	});

	it('refuses PROD credentials over plain HTTP to another machine, before sending', async () => {
		const result = await runTest(DEMO_PROD_SECURITY, FAR_HTTP);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/HTTPS/);
		expect(result.message).not.toMatch(/ENOTFOUND|EAI_AGAIN/);
	});
});

describe('authenticate', () => {
	const options = { url: `${FAR_HTTP}/json/lead/is_sellable`, method: 'POST' as const, body: { request: { zipcode: '75001' } } };

	it('throws for PROD over plain HTTP to another machine', async () => {
		const credentials = credentialData(FAR_HTTP, DEMO_PROD_SECURITY);
		const error = await credentialType.authenticate(credentials, options).catch((caught: Error) => caught);
		expect(error).toBeInstanceOf(Error);
		remember('authenticate error', error);
		expect((error as Error).message).toMatch(/^Batiweb request not sent: plain HTTP is only allowed to this machine.*only sent over HTTPS/);
	});

	// The PREP password is the PROD password (doc, « Security »): it never travels in clear to another host.
	it('throws for PREP over plain HTTP to another machine too', async () => {
		const credentials = credentialData(FAR_HTTP);
		const error = await credentialType.authenticate(credentials, options).catch((caught: Error) => caught);
		remember('authenticate error', error);
		expect((error as Error).message).toMatch(/PREP password is the account's only password, so it is only sent over HTTPS/);
	});

	it('builds the envelope security first, and never lets n8n follow a redirect', async () => {
		const credentials = credentialData('http://127.0.0.1:4010');
		const authenticated = await credentialType.authenticate(credentials, { ...options, url: 'http://127.0.0.1:4010/json/lead/is_sellable' });
		expect(JSON.stringify(authenticated.body)).toBe(
			'{"security":{"login":"demo","password":"demo-password","environment":"PREP"},"request":{"zipcode":"75001"}}',
		);
		expect(authenticated.disableFollowRedirect).toBe(true);
	});

	it.each(['https://webservices.e-travaux.com', 'http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010'])(
		'allows PROD to %s',
		async (baseUrl) => {
			const credentials = credentialData(baseUrl, DEMO_PROD_SECURITY);
			await expect(credentialType.authenticate(credentials, options)).resolves.toMatchObject({ body: { security: { environment: 'PROD' } } });
		},
	);
});

describe('the node with PROD credentials over plain HTTP to another machine', () => {
	const prodFar = () => credentialsFor({ url: FAR_HTTP }, DEMO_PROD_SECURITY);
	const bodies = [
		{ zipcode: '75001', worktype: '69' },
		{ zipcode: '1', worktype: '69' },
	];

	it.each([['continueRegularOutput'], ['continueErrorOutput']])(
		'puts every item on Error with kind "configuration" under onError %s',
		async (onError) => {
			const run = await runLead(CHECK_FROM_BODY, { credentials: prodFar(), bodies, node: { onError: onError as 'continueRegularOutput' } });
			expect(run.error).toBeUndefined();
			expect(run.success).toEqual([]);
			expect(run.failure.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			for (const item of run.failure) {
				expect(item.json).toMatchObject({ success: false, kind: 'configuration', code: null, retryable: false, attempts: 0 });
				expect(item.json.message).toMatch(/HTTPS.*Nothing was sent\.$/);
			}
		},
	);

	it('fails the node otherwise, sending nothing', async () => {
		const run = await runLead(CHECK_FROM_BODY, { credentials: prodFar(), bodies });
		expect(run.error).toBeDefined();
		expect(run.error!.message).toMatch(/HTTPS/);
		expect(run.success).toEqual([]);
		expect(run.failure).toEqual([]);
	});

	it('refuses PREP credentials over plain HTTP to another machine too, sending nothing', async () => {
		const run = await runLead(CHECK_FROM_BODY, { credentials: credentialsFor(sandbox, { baseUrl: FAR_HTTP }), bodies });
		expect(run.error!.message).toMatch(/PREP password is the account's only password/);
		expect(sandbox.requests()).toEqual([]);
	});

	it('sends PREP credentials over plain HTTP (to the sandbox on loopback)', async () => {
		const run = await runLead(CHECK_FROM_BODY, { credentials: credentialsFor(sandbox), bodies: [bodies[0]] });
		expect(run.success).toHaveLength(1);
		expect(sandbox.requests()).toHaveLength(1);
	});
});
