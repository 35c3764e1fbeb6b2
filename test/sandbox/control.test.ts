import { DEMO_PROD_SECURITY, DEMO_SECURITY, callSandbox, postRaw, sampleImport } from '../../sandbox/client';
import { DEFAULT_ACCOUNTS, type RecordedRequest, type SandboxAccount } from '../../sandbox';
import { useSandbox } from '../helpers/servers';

const SECRET_ACCOUNT: SandboxAccount = { login: 'acme', password: 'S3cret-Passw0rd!', prod: true };
const ACCOUNTS = [...DEFAULT_ACCOUNTS, SECRET_ACCOUNT];
const PASSWORDS = ACCOUNTS.map((account) => account.password);

const sandbox = useSandbox({ accounts: ACCOUNTS });
/** Every control answer's text, checked at the end for passwords. */
const controlTexts: string[] = [];

beforeEach(() => {
	sandbox.setRules({ pollsBeforeQualified: 2, notSellableZipcodes: [] });
});

async function control(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	const response = await fetch(`${sandbox.url}/_sandbox/${route}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	controlTexts.push(text);
	return { status: response.status, json: JSON.parse(text) as unknown };
}

function expectNoPassword(text: string): void {
	for (const password of PASSWORDS) expect(text).not.toContain(password);
}

describe('record of requests', () => {
	it('records each service request with its answer, password replaced by "***"', async () => {
		await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69' });
		await callSandbox(sandbox.url, 'import', sampleImport(), { login: 'acme', password: SECRET_ACCOUNT.password, environment: 'prod' });
		const [first, second] = sandbox.requests();
		expect(first).toEqual<RecordedRequest>({
			seq: 1,
			receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			method: 'POST',
			path: '/json/lead/is_sellable',
			endpoint: 'is_sellable',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			bodyFormat: 'json',
			body: { security: { login: 'demo', password: '***', environment: 'PREP' }, request: { zipcode: '78180', worktype: '69' } },
			answer: { httpStatus: 200, code: 0, message: 'This lead can be sold' },
			answeredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		});
		expect(second.answer).toMatchObject({ httpStatus: 200, code: 0, leadStored: true });
		expect((second.body as { security: { password: string } }).security.password).toBe('***');
	});

	it('never keeps a password: wrong ones, numbers, bodies that are not JSON, cut-short JSON, form bodies', async () => {
		await callSandbox(sandbox.url, 'import', sampleImport(), { login: 'demo', password: 'a-wrong-password-123', environment: 'PREP' });
		await callSandbox(sandbox.url, 'status', { token: 'x' }, { login: 'demo', password: 987654321, environment: 'PREP' });
		await postRaw(sandbox.url, 'import', `{"security":{"login":"acme","password":"${SECRET_ACCOUNT.password}","environment":"PROD"},"request":{"email"`);
		await postRaw(sandbox.url, 'import', `{"security":{"login":"acme","password":"S3cret-Pa`);
		await postRaw(sandbox.url, 'import', `login=acme&password=${encodeURIComponent(SECRET_ACCOUNT.password)}`, {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		await postRaw(sandbox.url, 'unknown', { security: DEMO_PROD_SECURITY });
		const recorded = JSON.stringify(sandbox.requests());
		expectNoPassword(recorded);
		expect(recorded).not.toContain('a-wrong-password-123');
		expect(recorded).not.toContain('987654321');
		expect(recorded).not.toContain('S3cret-Pa');
		expect(recorded).not.toContain(encodeURIComponent(SECRET_ACCOUNT.password));
		const requests = sandbox.requests();
		expect(requests[2]).toMatchObject({ bodyFormat: 'text', answer: { code: 2, message: 'Missing argument(s) : security' } });
		expect(requests[4].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(requests[5]).toMatchObject({ endpoint: null, answer: { httpStatus: 404 } });
	});

	it('records faults and whether the lead was stored; clearRequests empties it', async () => {
		sandbox.injectFaults({ kind: 'http-status', status: 503, endpoint: 'import' });
		await callSandbox(sandbox.url, 'import', sampleImport());
		expect(sandbox.requests()[0].answer).toEqual({ httpStatus: 503, fault: 'http-status', leadStored: false });
		sandbox.clearRequests();
		expect(sandbox.requests()).toEqual([]);
	});

	it('returns copies', async () => {
		await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69' });
		const copy = sandbox.requests();
		copy[0].path = 'changed';
		expect(sandbox.requests()[0].path).toBe('/json/lead/is_sellable');
	});
});

describe('control interface', () => {
	it('GET health: the sandbox, its accounts without passwords', async () => {
		const { status, json } = await control('GET', 'health');
		expect(status).toBe(200);
		expect(json).toMatchObject({
			ok: true,
			url: sandbox.url,
			accounts: [
				{ login: 'demo', prod: false },
				{ login: 'demo-prod', prod: true },
				{ login: 'acme', prod: true },
			],
			leads: { PREP: 0, PROD: 0 },
		});
	});

	it('GET and DELETE requests', async () => {
		await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69' });
		const listed = await control('GET', 'requests');
		expect(listed.json).toHaveLength(1);
		expect((listed.json as RecordedRequest[])[0].body).toMatchObject({ security: { password: '***' } });
		expect((await control('DELETE', 'requests')).json).toEqual({ ok: true });
		expect((await control('GET', 'requests')).json).toEqual([]);
	});

	it('POST, GET and DELETE faults', async () => {
		const added = await control('POST', 'faults', { kind: 'internal-error', count: 2, endpoint: 'is_sellable' });
		expect(added.status).toBe(200);
		expect(added.json).toMatchObject({ ok: true, faults: [{ spec: { kind: 'internal-error', count: 2 }, remaining: 2 }] });
		expect((await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69' })).json?.code).toBe(9);
		expect((await control('GET', 'faults')).json).toMatchObject([{ remaining: 1, fired: 1 }]);
		expect((await control('DELETE', 'faults')).json).toEqual({ ok: true });
		expect((await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69' })).json?.code).toBe(0);
		// Several at once.
		const many = await control('POST', 'faults', [{ kind: 'no-code' }, { kind: 'latency', ms: 5 }]);
		expect((many.json as { faults: unknown[] }).faults).toHaveLength(2);
	});

	it('POST faults: 400 naming the key on a bad spec, 400 on a body that is not JSON', async () => {
		const bad = await control('POST', 'faults', { kind: 'http-status', status: 200 });
		expect(bad.status).toBe(400);
		expect((bad.json as { error: string }).error).toMatch(/status/);
		expect((await control('POST', 'faults', 'nope')).status).toBe(400);
	});

	it('PUT and GET rules', async () => {
		const put = await control('PUT', 'rules', { notSellableZipcodes: ['75'], pollsBeforeQualified: 0 });
		expect(put.json).toMatchObject({ ok: true, rules: { notSellableZipcodes: ['75'], pollsBeforeQualified: 0, duplicateWindowDays: 30 } });
		expect((await callSandbox(sandbox.url, 'is_sellable', { zipcode: '75001', worktype: '69' })).json?.code).toBe(4);
		expect(sandbox.rules().notSellableZipcodes).toEqual(['75']);
		expect((await control('GET', 'rules')).json).toMatchObject({ notSellableZipcodes: ['75'] });
		const bad = await control('PUT', 'rules', { notSellableWorktypes: ['99999'] });
		expect(bad.status).toBe(400);
		expect((bad.json as { error: string }).error).toMatch(/notSellableWorktypes\[0\]: unknown worktype "99999"/);
		const unknownKey = await control('PUT', 'rules', { dedupDays: 3 });
		expect((unknownKey.json as { error: string }).error).toMatch(/dedupDays: unknown key/);
	});

	it('GET leads and POST leads/<token>/status', async () => {
		const token = (await callSandbox(sandbox.url, 'import', sampleImport({ supplierleadid: 42 }))).json?.token as string;
		const leads = await control('GET', 'leads');
		expect(leads.json).toMatchObject([{ id: 100000, token, environment: 'PREP', login: 'demo', status: 0, supplierLeadId: '42' }]);
		const set = await control('POST', `leads/${token}/status`, { status: 13 });
		expect(set.json).toMatchObject({ ok: true, lead: { token, status: 13 } });
		expect((await callSandbox(sandbox.url, 'status', { token })).json).toMatchObject({ status: 13, statusLabel: 'Assez de devis' });
		expect((await control('POST', `leads/${'0'.repeat(128)}/status`, { status: 1 })).status).toBe(404);
		expect((await control('POST', `leads/${token}/status`, { status: 5 })).status).toBe(400);
		expect((await control('POST', `leads/${token}/status`, {})).status).toBe(400);
	});

	it('GET counts: per email, imports received and leads stored (twice shows), sellable checks, requests in flight', async () => {
		const twice = sampleImport({ email: 'twice@example.fr' });
		sandbox.setRules({ duplicateWindowDays: 0 });
		try {
			await callSandbox(sandbox.url, 'import', twice);
			await callSandbox(sandbox.url, 'import', twice);
		} finally {
			sandbox.setRules({ duplicateWindowDays: 30 });
		}
		// Lost before storing, then a held-open answer that stays in flight until its socket closes.
		sandbox.injectFaults({ kind: 'reset', endpoint: 'import', processed: false });
		await expect(callSandbox(sandbox.url, 'import', sampleImport({ email: 'lost@example.fr' }))).rejects.toThrow();
		await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69', email: 'lost@example.fr' });
		sandbox.injectFaults({ kind: 'hang', endpoint: 'import' });
		const hanging = new AbortController();
		const held = callSandbox(sandbox.url, 'import', sampleImport({ email: 'held@example.fr' }), DEMO_SECURITY, { signal: hanging.signal }).catch(() => 'aborted');
		for (let i = 0; i < 100 && sandbox.counts().inFlight === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		const during = (await control('GET', 'counts')).json;
		expect(during).toEqual({
			inFlight: 1,
			maxInFlight: 1,
			requests: { is_sellable: 1, import: 4, status: 0 },
			leads: {
				'twice@example.fr': { imports: 2, stored: 2, sellableChecks: 0 },
				'lost@example.fr': { imports: 1, stored: 0, sellableChecks: 1 },
				'held@example.fr': { imports: 1, stored: 1, sellableChecks: 0 },
			},
		});
		hanging.abort();
		expect(await held).toBe('aborted');
		for (let i = 0; i < 100 && sandbox.counts().inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(sandbox.counts().inFlight).toBe(0);
		expect((await control('DELETE', 'requests')).json).toEqual({ ok: true });
		expect(sandbox.counts()).toEqual({ inFlight: 0, maxInFlight: 0, requests: { is_sellable: 0, import: 0, status: 0 }, leads: {} });
	});

	it('POST reset: leads, record and faults back to start, rules stay', async () => {
		sandbox.setRules({ notSellableZipcodes: ['13'] });
		await callSandbox(sandbox.url, 'import', sampleImport());
		sandbox.injectFaults({ kind: 'hang', count: 3 });
		expect((await control('POST', 'reset')).json).toEqual({ ok: true });
		expect(sandbox.leads()).toEqual([]);
		expect(sandbox.requests()).toEqual([]);
		expect(sandbox.faults()).toEqual([]);
		expect(sandbox.rules().notSellableZipcodes).toEqual(['13']);
		expect((await callSandbox(sandbox.url, 'import', sampleImport())).json?.id).toBe(100000);
		expect(sandbox.requests()[0].seq).toBe(1);
	});

	it('404 on an unknown route, 405 on a wrong method; control calls are not recorded nor faulted', async () => {
		sandbox.injectFaults({ kind: 'reset', count: 5 });
		expect((await control('GET', 'nothing')).status).toBe(404);
		expect((await control('POST', 'health')).status).toBe(405);
		expect((await control('GET', 'health')).status).toBe(200);
		expect(sandbox.requests()).toEqual([]);
	});

	it('never shows a password in any control answer', async () => {
		await callSandbox(sandbox.url, 'import', sampleImport(), DEMO_SECURITY);
		await callSandbox(sandbox.url, 'import', sampleImport({ email: 'b@example.com' }), { login: 'acme', password: SECRET_ACCOUNT.password, environment: 'PREP' });
		await postRaw(sandbox.url, 'status', `{"security":{"login":"acme","password":"${SECRET_ACCOUNT.password}"`);
		for (const route of ['health', 'requests', 'leads', 'faults', 'rules']) await control('GET', route);
		expect(controlTexts.length).toBeGreaterThan(10);
		for (const text of controlTexts) expectNoPassword(text);
		expectNoPassword(JSON.stringify(sandbox.requests()));
		expectNoPassword(JSON.stringify(sandbox.leads()));
	});
});
