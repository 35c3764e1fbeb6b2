import { DOC_MESSAGES } from '../../nodes/BatiwebLead/catalog/codes';
import { statusEntry } from '../../nodes/BatiwebLead/catalog';
import { DEMO_PROD_SECURITY, DEMO_SECURITY, callSandbox, postRaw, sampleImport } from '../../sandbox/client';
import { PENDING_LABEL } from '../../sandbox';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

beforeEach(() => {
	sandbox.setRules({
		notSellableZipcodes: [],
		notSellableWorktypes: [],
		notSellablePairs: [],
		duplicateWindowDays: 30,
		pollsBeforeQualified: 2,
	});
});

const sellable = (request: Record<string, unknown> = {}) => ({ zipcode: '78180', worktype: '69', ...request });

async function importLead(overrides: Record<string, unknown> = {}, security = DEMO_SECURITY) {
	const answer = await callSandbox(sandbox.url, 'import', sampleImport(overrides), security);
	return answer.json as Record<string, unknown>;
}

async function status(token: unknown, security = DEMO_SECURITY) {
	const answer = await callSandbox(sandbox.url, 'status', { token }, security);
	return answer.json as Record<string, unknown>;
}

describe('HTTP envelope', () => {
	it('answers every service call with HTTP 200 and JSON in UTF-8', async () => {
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable());
		expect(answer.httpStatus).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(answer.json).toEqual({ code: 0, message: DOC_MESSAGES.sellable });
	});

	it('answers 404 JSON on other paths and 405 on other methods', async () => {
		const notFound = await fetch(`${sandbox.url}/json/lead/unknown`, { method: 'POST', body: '{}' });
		expect(notFound.status).toBe(404);
		expect(notFound.headers.get('content-type')).toMatch(/application\/json/);
		await notFound.json();
		const wrongMethod = await fetch(`${sandbox.url}/json/lead/import`);
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('POST');
		await wrongMethod.json();
	});

	it.each([
		['not JSON', '{"security": '],
		['an empty body', ''],
		['a JSON array', '[]'],
		['no security', JSON.stringify({ request: sellable() })],
		['security not an object', JSON.stringify({ security: 'demo', request: sellable() })],
	])('answers code 2 "Missing argument(s) : security" to %s', async (_what, body) => {
		const answer = await postRaw(sandbox.url, 'is_sellable', body);
		expect(answer.httpStatus).toBe(200);
		expect(answer.json).toEqual({ code: 2, message: 'Missing argument(s) : security' });
	});

	it('answers code 2 "Missing argument(s) : request" when the request block is missing, after security', async () => {
		const answer = await postRaw(sandbox.url, 'import', { security: DEMO_SECURITY });
		expect(answer.json).toEqual({ code: 2, message: 'Missing argument(s) : request' });
		const badSecurity = await postRaw(sandbox.url, 'import', { security: { ...DEMO_SECURITY, password: 'nope' } });
		expect(badSecurity.json).toEqual({ code: 1, message: DOC_MESSAGES.authenticationFailed });
	});
});

describe('code 1: security, in the doc order', () => {
	it.each([
		['missing login', { password: 'demo-password', environment: 'PREP' }, DOC_MESSAGES.missingLogin],
		['empty login', { login: '', password: 'demo-password', environment: 'PREP' }, DOC_MESSAGES.missingLogin],
		['missing login and password', { environment: 'PREP' }, DOC_MESSAGES.missingLogin],
		['missing password', { login: 'demo', environment: 'PREP' }, DOC_MESSAGES.missingPassword],
		['missing environment', { login: 'demo', password: 'demo-password' }, DOC_MESSAGES.invalidEnvironment],
		['bad environment', { login: 'demo', password: 'demo-password', environment: 'TEST' }, DOC_MESSAGES.invalidEnvironment],
		['bad environment with a wrong password', { login: 'demo', password: 'x', environment: 'DEV' }, DOC_MESSAGES.invalidEnvironment],
		['unknown login', { login: 'nobody', password: 'demo-password', environment: 'PREP' }, DOC_MESSAGES.authenticationFailed],
		['wrong password', { login: 'demo', password: 'wrong', environment: 'PREP' }, DOC_MESSAGES.authenticationFailed],
		['PROD not granted', { login: 'demo', password: 'demo-password', environment: 'PROD' }, DOC_MESSAGES.productionNotGranted],
	])('%s', async (_what, security, message) => {
		for (const endpoint of ['is_sellable', 'import', 'status'] as const) {
			const answer = await callSandbox(sandbox.url, endpoint, {}, security);
			expect(answer.json).toEqual({ code: 1, message });
		}
	});

	it.each(['PREP', 'prep', 'Prep', 'PROD', 'prod'])('accepts environment %s in any case', async (environment) => {
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable(), { ...DEMO_PROD_SECURITY, environment });
		expect(answer.json?.code).toBe(0);
	});
});

describe('code 2: request fields', () => {
	it('names the missing fields of import, comma-separated, in the doc order', async () => {
		const answer = await callSandbox(sandbox.url, 'import', {});
		expect(answer.json).toEqual({
			code: 2,
			message: 'Missing argument(s) : email, city, zipcode, isowner, cellphone, firstname, lastname, civility, workdescription, worktype',
		});
	});

	it('names a single missing field; empty strings count as missing', async () => {
		expect((await callSandbox(sandbox.url, 'import', sampleImport({ city: '' }))).json).toEqual({ code: 2, message: 'Missing argument(s) : city' });
		expect((await callSandbox(sandbox.url, 'import', sampleImport({ worktype: '  ' }))).json).toEqual({ code: 2, message: 'Missing argument(s) : worktype' });
		expect((await callSandbox(sandbox.url, 'import', sampleImport({ email: null }))).json).toEqual({ code: 2, message: 'Missing argument(s) : email' });
	});

	it('wants cellphone or landline: either alone is enough, neither reports cellphone', async () => {
		expect((await callSandbox(sandbox.url, 'import', sampleImport({ cellphone: undefined }))).json).toEqual({ code: 2, message: 'Missing argument(s) : cellphone' });
		expect((await importLead({ cellphone: undefined, landline: '0130000000' })).code).toBe(0);
		expect((await importLead({ email: 'other@example.com', cellphone: '0612345678' })).code).toBe(0);
	});

	it('names the missing fields of is_sellable and status', async () => {
		expect((await callSandbox(sandbox.url, 'is_sellable', {})).json).toEqual({ code: 2, message: 'Missing argument(s) : zipcode, worktype' });
		expect((await callSandbox(sandbox.url, 'is_sellable', { worktype: '69' })).json).toEqual({ code: 2, message: 'Missing argument(s) : zipcode' });
		expect((await callSandbox(sandbox.url, 'status', {})).json).toEqual({ code: 2, message: 'Missing argument(s) : token' });
		expect((await callSandbox(sandbox.url, 'status', { token: '' })).json).toEqual({ code: 2, message: 'Missing argument(s) : token' });
	});

	it.each([
		['zipcode', '7818'],
		['zipcode', '781800'],
		['zipcode', 'ABCDE'],
		['zipcode', 1000],
		['zipcode', 78180.5],
		['email', 'not-an-email'],
		['email', 'a@b'],
		['cellphone', '01777810'],
		['cellphone', '+33177781000'],
		['cellphone', 177781000],
		['landline', '12345'],
		['amountofrooms', '2.5'],
		['amountofrooms', 'two'],
		['amountofrooms', 2.5],
		['city', { name: 'Paris' }],
		['worktype', ['69']],
		['firstname', true],
	])('import: malformed %s %p → "Invalide data argument(s) : %s"', async (field, value) => {
		const answer = await callSandbox(sandbox.url, 'import', sampleImport({ [field]: value }));
		expect(answer.json).toEqual({ code: 2, message: `Invalide data argument(s) : ${field}` });
	});

	it('names several malformed fields together, in the doc order', async () => {
		const answer = await callSandbox(sandbox.url, 'import', sampleImport({ amountofrooms: 'x', zipcode: '1', email: 'x' }));
		expect(answer.json).toEqual({ code: 2, message: 'Invalide data argument(s) : email, zipcode, amountofrooms' });
	});

	it('reports missing fields before malformed ones', async () => {
		const answer = await callSandbox(sandbox.url, 'import', sampleImport({ zipcode: 'x', city: '' }));
		expect(answer.json).toEqual({ code: 2, message: 'Missing argument(s) : city' });
	});

	it('takes numbers as well as strings', async () => {
		const answer = await importLead({ zipcode: 78180, isowner: 1, worktype: 69, amountofrooms: 2, delay: 2, civility: 1, cellphone: '0177781000' });
		expect(answer.code).toBe(0);
		expect((await callSandbox(sandbox.url, 'is_sellable', { zipcode: 75001, worktype: 69 })).json?.code).toBe(0);
	});

	it('keeps the leading zero of a zipcode string and refuses a number that lost it', async () => {
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable({ zipcode: '01000' }))).json?.code).toBe(0);
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable({ zipcode: 1000 }))).json).toEqual({ code: 2, message: 'Invalide data argument(s) : zipcode' });
	});

	it('is_sellable: checks the optional email', async () => {
		const answer = await callSandbox(sandbox.url, 'is_sellable', sellable({ email: 'nope' }));
		expect(answer.json).toEqual({ code: 2, message: 'Invalide data argument(s) : email' });
	});

	it.each([
		['short', 'abc'],
		['127 hex', 'a'.repeat(127)],
		['129 hex', 'a'.repeat(129)],
		['128 non-hex', 'g'.repeat(128)],
		['a number', 12345],
	])('status: a token that is not 128 hex characters (%s) → "Invalide data argument(s) : token"', async (_what, token) => {
		expect(await status(token)).toEqual({ code: 2, message: 'Invalide data argument(s) : token' });
	});
});

describe('code 3: values outside their table', () => {
	it.each([
		['worktype', '9999'],
		['worktype', 'Peinture'],
		['isowner', '5'],
		['civility', 'Docteur'],
		['civility', '3'],
		['housingtype', '9'],
		['remindertime', '7'],
		['delay', '0'],
		['area', '100'],
		['yearbuilt', '6'],
		['funding', '4'],
		['budget', '5'],
	])('import: %s %p → code 3', async (field, value) => {
		const answer = await callSandbox(sandbox.url, 'import', sampleImport({ [field]: value }));
		expect(answer.json).toEqual({ code: 3, message: DOC_MESSAGES.invalidValue });
	});

	it('is_sellable: an unknown worktype → code 3', async () => {
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable({ worktype: '1000' }))).json).toEqual({ code: 3, message: 'Invalid value' });
	});

	it.each(['1', '2', 'M.', 'Mme', 'Monsieur', 'Madame', 1])('civility %p is accepted', async (civility) => {
		expect((await importLead({ civility, email: `civ-${String(civility)}@example.com` })).code).toBe(0);
	});

	it('status: an unknown token → code 3, and a PREP token is unknown in PROD', async () => {
		expect(await status('a'.repeat(128))).toEqual({ code: 3, message: 'Invalid value' });
		const lead = await importLead();
		expect(await status(lead.token, { ...DEMO_PROD_SECURITY, environment: 'PROD' })).toEqual({ code: 3, message: 'Invalid value' });
	});

	it('status: a token imported by another login → code 3', async () => {
		const lead = await importLead();
		expect(await status(lead.token, { ...DEMO_PROD_SECURITY, environment: 'PREP' })).toEqual({ code: 3, message: 'Invalid value' });
		expect((await status(lead.token)).code).toBe(0);
	});
});

describe('code 4: leads Batiweb does not buy', () => {
	it.each([
		[{ notSellableZipcodes: ['75'] }, '75011', '69'],
		[{ notSellableZipcodes: ['78180'] }, '78180', '69'],
		[{ notSellableWorktypes: ['69'] }, '13001', '69'],
		[{ notSellablePairs: [{ worktype: '69', zipcode: '13' }] }, '13001', '69'],
	])('rules %j: zipcode %s worktype %s → code 4 on is_sellable and import', async (rules, zipcode, worktype) => {
		sandbox.setRules(rules);
		const check = await callSandbox(sandbox.url, 'is_sellable', { zipcode, worktype });
		expect(check.json).toEqual({ code: 4, message: DOC_MESSAGES.notSellable });
		expect(await importLead({ zipcode, worktype })).toEqual({ code: 4, message: "This can't be sold" });
		expect(sandbox.leads()).toHaveLength(0);
	});

	it('a pair refuses only its worktype in its zipcodes', async () => {
		sandbox.setRules({ notSellablePairs: [{ worktype: '69', zipcode: '13' }] });
		expect((await callSandbox(sandbox.url, 'is_sellable', { zipcode: '13001', worktype: '75' })).json?.code).toBe(0);
		expect((await callSandbox(sandbox.url, 'is_sellable', { zipcode: '78180', worktype: '69' })).json?.code).toBe(0);
	});
});

describe('code 5: duplicates', () => {
	it('import: the same email (any case, trimmed) and worktype again → code 5, nothing stored', async () => {
		expect((await importLead({ email: 'jean@example.com' })).code).toBe(0);
		expect(await importLead({ email: '  JEAN@Example.com ' })).toEqual({ code: 5, message: DOC_MESSAGES.duplicate });
		expect(sandbox.leads()).toHaveLength(1);
		// Another worktype is not a duplicate.
		expect((await importLead({ email: 'jean@example.com', worktype: '75' })).code).toBe(0);
	});

	it('is_sellable with the email of an imported lead → code 5; without the email → 0', async () => {
		await importLead({ email: 'marie@example.com' });
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable({ email: 'Marie@example.com' }))).json).toEqual({ code: 5, message: 'Duplicate Lead' });
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable())).json?.code).toBe(0);
		expect((await callSandbox(sandbox.url, 'is_sellable', sellable({ email: 'marie@example.com', worktype: '75' }))).json?.code).toBe(0);
	});

	it('counts leads of every login of the environment, not of the other environment', async () => {
		await importLead({ email: 'paul@example.com' });
		const otherLogin = await importLead({ email: 'paul@example.com' }, { ...DEMO_PROD_SECURITY, environment: 'PREP' });
		expect(otherLogin.code).toBe(5);
		const prod = await importLead({ email: 'paul@example.com' }, DEMO_PROD_SECURITY);
		expect(prod.code).toBe(0);
	});

	it('a window of 0 days disables the rule', async () => {
		sandbox.setRules({ duplicateWindowDays: 0 });
		expect((await importLead()).code).toBe(0);
		expect((await importLead()).code).toBe(0);
	});

	it('checks not-sellable before duplicates', async () => {
		await importLead({ email: 'dup@example.com' });
		sandbox.setRules({ notSellableWorktypes: ['69'] });
		expect((await importLead({ email: 'dup@example.com' })).code).toBe(4);
	});
});

describe('code 6: leaseholder refused', () => {
	it('refuses a tenant (isowner 2) for an owner-only worktype, stores nothing', async () => {
		expect(await importLead({ isowner: '2', worktype: '54' })).toEqual({ code: 6, message: DOC_MESSAGES.leaseholderRefused });
		expect(sandbox.leads()).toHaveLength(0);
	});

	it('takes a tenant for other worktypes, an owner for owner-only ones, and follows the rules', async () => {
		expect((await importLead({ isowner: '2', worktype: '69' })).code).toBe(0);
		expect((await importLead({ isowner: '1', worktype: '54' })).code).toBe(0);
		sandbox.setRules({ ownerOnlyWorktypes: ['69'] });
		expect((await importLead({ isowner: '2', worktype: '69', email: 'tenant@example.com' })).code).toBe(6);
		expect((await importLead({ isowner: '2', worktype: '54', email: 'tenant@example.com' })).code).toBe(0);
	});
});

describe('code 0: import', () => {
	it('answers id (from 100000, increasing) and a unique 128-hex token, and stores the lead', async () => {
		const tokens = new Set<string>();
		for (let i = 0; i < 5; i++) {
			const answer = await importLead({ email: `lead${i}@example.com`, supplierleadid: `S-${i}` });
			expect(answer).toEqual({ code: 0, message: DOC_MESSAGES.imported, id: 100000 + i, token: expect.stringMatching(/^[0-9a-f]{128}$/) });
			tokens.add(answer.token as string);
		}
		expect(tokens.size).toBe(5);
		const leads = sandbox.leads();
		expect(leads.map((lead) => lead.id)).toEqual([100000, 100001, 100002, 100003, 100004]);
		expect(leads[2]).toMatchObject({ environment: 'PREP', login: 'demo', email: 'lead2@example.com', worktype: '69', status: 0, supplierLeadId: 'S-2' });
		expect(leads[2].request).toMatchObject({ city: 'Montigny-le-bretonneux', supplierleadid: 'S-2' });
	});

	it('imports in PROD with a granted account, in its own store', async () => {
		const answer = await importLead({}, DEMO_PROD_SECURITY);
		expect(answer.code).toBe(0);
		expect(sandbox.leads()[0].environment).toBe('PROD');
	});
});

describe('status', () => {
	const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

	it('answers status 0 for pollsBeforeQualified calls, then 1 "Validé"', async () => {
		const lead = await importLead({ supplierleadid: 'ABC-1' });
		const first = await status(lead.token);
		expect(first).toEqual({
			code: 0,
			message: 'OK',
			token: lead.token,
			status: 0,
			statusLabel: PENDING_LABEL,
			date: expect.stringMatching(DATE),
			supplierLeadId: 'ABC-1',
		});
		expect((await status(lead.token)).status).toBe(0);
		const third = await status(lead.token);
		expect(third).toMatchObject({ code: 0, status: 1, statusLabel: 'Validé', supplierLeadId: 'ABC-1' });
		expect(third.date).toMatch(DATE);
		expect((await status(lead.token)).status).toBe(1);
	});

	it('answers supplierLeadId null when none was given; pollsBeforeQualified 0 qualifies at once', async () => {
		sandbox.setRules({ pollsBeforeQualified: 0 });
		const lead = await importLead();
		expect(await status(lead.token)).toMatchObject({ status: 1, supplierLeadId: null });
	});

	it('moves a "+status-<n>" lead to status n, with the catalog label (copy errors included)', async () => {
		sandbox.setRules({ pollsBeforeQualified: 0 });
		for (const n of [11, 4, 23]) {
			const lead = await importLead({ email: `jean+status-${n}@example.com` });
			expect(await status(lead.token)).toMatchObject({ status: n, statusLabel: statusEntry(n)?.fr });
		}
		expect((await status((await importLead({ email: 'x+status-4@example.com', worktype: '75' })).token)).statusLabel).toBe('Plus de 6000€');
	});

	it('ignores a "+status-<n>" that is not a status', async () => {
		sandbox.setRules({ pollsBeforeQualified: 0 });
		const lead = await importLead({ email: 'jean+status-99@example.com' });
		expect((await status(lead.token)).status).toBe(1);
	});

	it('takes a status set on demand, which then stays', async () => {
		const lead = await importLead();
		sandbox.setStatus(lead.token as string, 12);
		expect(await status(lead.token)).toMatchObject({ status: 12, statusLabel: 'Doublon' });
		expect((await status(lead.token)).status).toBe(12);
		expect((await status(lead.token)).status).toBe(12);
		expect(sandbox.leads()[0].polls).toBe(3);
	});

	it('setStatus throws on an unknown token or status', async () => {
		const lead = await importLead();
		expect(() => sandbox.setStatus('f'.repeat(128), 1)).toThrow(/Unknown lead token/);
		expect(() => sandbox.setStatus(lead.token as string, 3)).toThrow(/Invalid status/);
		expect(() => sandbox.setStatus(lead.token as string, 1.5)).toThrow(/Invalid status/);
	});

	it('takes an upper-case token as the same token', async () => {
		const lead = await importLead();
		expect((await status((lead.token as string).toUpperCase())).token).toBe(lead.token);
	});
});

describe('code 9', () => {
	it('answers "Internal error" on demand, on every endpoint', async () => {
		for (const endpoint of ['is_sellable', 'import', 'status'] as const) {
			sandbox.injectFaults({ kind: 'internal-error', endpoint });
			const answer = await callSandbox(sandbox.url, endpoint, endpoint === 'import' ? sampleImport() : endpoint === 'status' ? { token: 'a'.repeat(128) } : sellable());
			expect(answer.httpStatus).toBe(200);
			expect(answer.json).toEqual({ code: 9, message: DOC_MESSAGES.internalError });
		}
		expect(sandbox.leads()).toHaveLength(0);
	});
});
