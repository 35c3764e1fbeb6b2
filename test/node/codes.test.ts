/**
 * Every Batiweb answer code on each operation, to the right output with the right kind, code,
 * service message, field (code 2) and retryable flag. The sandbox provokes what a real service
 * would answer to a well-formed request (1, 3 for a token, 4, 5, 6, 9, an undocumented code);
 * the codes it never gives to a request the node has validated (2, and 3/4/5/6 where the doc's
 * service would not send them) come from a raw loopback server scripted to answer them: the node
 * must still route any documented code correctly.
 */
import type { IDataObject } from 'n8n-workflow';

import { importSample } from '../../sandbox/client';
import { CHECK_FROM_BODY, runLead, STATUS_FROM_BODY, withOptions, type LeadRun } from '../helpers/leadRun';
import { startRawServer } from '../helpers/rawServer';
import { guardPasswords, usePassword } from '../helpers/secrets';
import { credentialsFor, IMPORT_FROM_BODY, lead } from '../../harness';
import { useSandbox, useServer } from '../helpers/servers';

const sandbox = useSandbox();
const raw = useServer(startRawServer, (server) => server.clear());
beforeEach(() => {
	sandbox.setRules({ notSellableZipcodes: [], notSellableWorktypes: [], notSellablePairs: [], duplicateWindowDays: 30 });
});
guardPasswords(() => sandbox);

/** What each code of the doc's « Code réponse » must become (written out, not derived from outcome.ts). */
const EXPECTED: Record<number, { kind: string; retryable: boolean }> = {
	1: { kind: 'authentication', retryable: false },
	2: { kind: 'invalid-field', retryable: false },
	3: { kind: 'invalid-value', retryable: false },
	4: { kind: 'not-sellable', retryable: false },
	5: { kind: 'duplicate', retryable: false },
	6: { kind: 'leaseholder-refused', retryable: false },
	9: { kind: 'service-error', retryable: true },
};

/** One request per item, no retry: each test counts the requests. */
const ONCE = { maxAttempts: 1 };
const CHECK = withOptions(CHECK_FROM_BODY, ONCE);
const IMPORT = withOptions(IMPORT_FROM_BODY, ONCE);
const STATUS = withOptions(STATUS_FROM_BODY, ONCE);
const SELLABLE = { zipcode: '78180', worktype: '69' };
const UNKNOWN_TOKEN = 'f'.repeat(128);

function expectSuccess(run: LeadRun, attempts = 1): IDataObject {
	expect(run.error).toBeUndefined();
	expect(run.failure).toEqual([]);
	expect(run.success).toHaveLength(1);
	const { json, pairedItem } = run.success[0];
	expect(pairedItem).toEqual({ item: 0 });
	expect(json).toMatchObject({ success: true, code: 0, attempts });
	expect(json).not.toHaveProperty('kind');
	return json;
}

function expectRefusal(run: LeadRun, code: number, serviceMessage: string, field?: string): IDataObject {
	expect(run.error).toBeUndefined();
	expect(run.success).toEqual([]);
	expect(run.failure).toHaveLength(1);
	const { json, pairedItem } = run.failure[0];
	expect(pairedItem).toEqual({ item: 0 });
	expect(json).toMatchObject({
		success: false,
		code,
		kind: EXPECTED[code].kind,
		retryable: EXPECTED[code].retryable,
		serviceMessage,
		itemIndex: 0,
	});
	expect(json.message).toContain(`"${serviceMessage}" (code ${code})`);
	expect(typeof json.hint).toBe('string');
	if (field === undefined) expect(json).not.toHaveProperty('field');
	else expect(json.field).toBe(field);
	return json;
}

describe('Check Sellable', () => {
	it('0 → Success, sellable', async () => {
		const json = expectSuccess(await runLead(CHECK, { credentials: credentialsFor(sandbox), bodies: [SELLABLE] }));
		expect(json).toMatchObject({ operation: 'checkSellable', sellable: true, message: expect.stringContaining('This lead can be sold') });
		expect(sandbox.requests()).toHaveLength(1);
	});

	it('1 → Error, authentication (wrong password), not retried', async () => {
		const credentials = credentialsFor(sandbox, { password: usePassword('not-the-password') });
		const run = await runLead(withOptions(CHECK_FROM_BODY, { maxAttempts: 3, retryDelay: 0 }), { credentials, bodies: [SELLABLE] });
		expectRefusal(run, 1, 'Authentication Failed');
		expect(sandbox.requests()).toHaveLength(1);
	});

	it('2 → Error, invalid-field, with the field the service names', async () => {
		raw.answerWith(() => ({ body: { code: 2, message: 'Invalide data argument(s) : zipcode' } }));
		const run = await runLead(CHECK, { credentials: credentialsFor(raw), bodies: [SELLABLE] });
		expectRefusal(run, 2, 'Invalide data argument(s) : zipcode', 'zipcode');
		expect(raw.requests()).toHaveLength(1);
	});

	it('3 → Error, invalid-value', async () => {
		raw.answerWith(() => ({ body: { code: 3, message: 'Invalid value' } }));
		expectRefusal(await runLead(CHECK, { credentials: credentialsFor(raw), bodies: [SELLABLE] }), 3, 'Invalid value');
	});

	it('4 → Error, not-sellable (zipcode not bought)', async () => {
		sandbox.setRules({ notSellableZipcodes: ['78'] });
		expectRefusal(await runLead(CHECK, { credentials: credentialsFor(sandbox), bodies: [SELLABLE] }), 4, "This can't be sold");
		expect(sandbox.requests()[0].answer.code).toBe(4);
	});

	it('5 → Error, duplicate (same email and worktype already imported)', async () => {
		await importSample(sandbox.url, { email: 'deja.vu@example.fr' });
		sandbox.clearRequests();
		const run = await runLead(CHECK, { credentials: credentialsFor(sandbox), bodies: [{ ...SELLABLE, email: 'Deja.Vu@example.fr' }] });
		expectRefusal(run, 5, 'Duplicate Lead');
		expect(sandbox.requests()).toHaveLength(1);
	});

	it('6 → Error, leaseholder-refused', async () => {
		raw.answerWith(() => ({ body: { code: 6, message: 'Leaseholder refused' } }));
		expectRefusal(await runLead(CHECK, { credentials: credentialsFor(raw), bodies: [SELLABLE] }), 6, 'Leaseholder refused');
	});

	it('9 → Error, service-error, retryable (one attempt when Max Attempts is 1)', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 5 });
		const json = expectRefusal(await runLead(CHECK, { credentials: credentialsFor(sandbox), bodies: [SELLABLE] }), 9, 'Internal error');
		expect(json.attempts).toBe(1);
		expect(sandbox.requests()).toHaveLength(1);
	});

	it('an undocumented code (7) → Error, unexpected-answer, never a success', async () => {
		sandbox.injectFaults({ kind: 'unknown-code', count: 5 });
		const run = await runLead(CHECK, { credentials: credentialsFor(sandbox), bodies: [SELLABLE] });
		expect(run.success).toEqual([]);
		expect(run.failure[0].json).toMatchObject({ success: false, kind: 'unexpected-answer', code: null, retryable: true });
		expect(run.failure[0].json.message).toContain('code 7');
	});
});

describe('Import', () => {
	it('0 → Success with the id and the 128-hex token of the stored lead', async () => {
		const json = expectSuccess(await runLead(IMPORT, { credentials: credentialsFor(sandbox), bodies: [lead()] }));
		const [stored] = sandbox.leads();
		expect(json).toMatchObject({ operation: 'import', id: stored.id, token: stored.token });
		expect(json.token).toMatch(/^[0-9a-f]{128}$/);
		expect(json.message).toContain('Lead correctly imported');
	});

	it('1 → Error, authentication (PROD on an account without PROD)', async () => {
		const run = await runLead(IMPORT, { credentials: credentialsFor(sandbox, { environment: 'PROD' }), bodies: [lead()] });
		const json = expectRefusal(run, 1, 'Access to production is not granted');
		expect(json.environment).toBe('PROD');
		expect(sandbox.leads()).toEqual([]);
	});

	it('2 → Error, invalid-field, naming the first field of a list', async () => {
		raw.answerWith(() => ({ body: { code: 2, message: 'Missing argument(s) : email, city' } }));
		expectRefusal(await runLead(IMPORT, { credentials: credentialsFor(raw), bodies: [lead()] }), 2, 'Missing argument(s) : email, city', 'email');
	});

	it('3 → Error, invalid-value', async () => {
		raw.answerWith(() => ({ body: { code: 3, message: 'Invalid value' } }));
		expectRefusal(await runLead(IMPORT, { credentials: credentialsFor(raw), bodies: [lead()] }), 3, 'Invalid value');
	});

	it('4 → Error, not-sellable (worktype not bought)', async () => {
		sandbox.setRules({ notSellableWorktypes: ['69'] });
		expectRefusal(await runLead(IMPORT, { credentials: credentialsFor(sandbox), bodies: [lead()] }), 4, "This can't be sold");
		expect(sandbox.leads()).toEqual([]);
	});

	it('5 → Error, duplicate (the same lead sent twice)', async () => {
		const body = lead();
		expectSuccess(await runLead(IMPORT, { credentials: credentialsFor(sandbox), bodies: [body] }));
		const json = expectRefusal(await runLead(IMPORT, { credentials: credentialsFor(sandbox), bodies: [body] }), 5, 'Duplicate Lead');
		expect(json.attempts).toBe(1);
		expect(sandbox.leads()).toHaveLength(1);
	});

	it('6 → Error, leaseholder-refused (a tenant on an owner-only worktype)', async () => {
		const run = await runLead(IMPORT, { credentials: credentialsFor(sandbox), bodies: [lead({ isowner: '2', worktype: '183' })] });
		expectRefusal(run, 6, 'Leaseholder refused');
		expect(sandbox.leads()).toEqual([]);
	});

	// Code 9 "Internal error" (doc, « Code réponse ») may come after Batiweb stored the lead.
	it('9 → Error, uncertain (not service-error), never retryable, verified like a lost answer', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 5, endpoint: 'import' });
		const run = await runLead(IMPORT, { credentials: credentialsFor(sandbox), bodies: [lead()] });
		expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', code: 9, retryable: false, serviceMessage: 'Internal error', attempts: 1 });
		expect(run.failure[0].json.details).toMatchObject({ verification: expect.any(String) });
		expect(sandbox.requests().filter((request) => request.path.endsWith('/import'))).toHaveLength(1);
	});
});

describe('Get Status', () => {
	it('0 → Success with the status read into plain fields', async () => {
		const token = await importSample(sandbox.url, { email: 'statut@example.fr' });
		const json = expectSuccess(await runLead(STATUS, { credentials: credentialsFor(sandbox), bodies: [{ token }] }));
		expect(json).toMatchObject({ operation: 'getStatus', token, status: 0, statusLabel: 'En attente de qualification' });
	});

	it('1 → Error, authentication (empty login: "Missing Login")', async () => {
		const run = await runLead(STATUS, { credentials: credentialsFor(sandbox, { login: '' }), bodies: [{ token: UNKNOWN_TOKEN }] });
		expectRefusal(run, 1, 'Missing Login');
	});

	it('2 → Error, invalid-field, with the field', async () => {
		raw.answerWith(() => ({ body: { code: 2, message: 'Missing argument(s) : token' } }));
		expectRefusal(await runLead(STATUS, { credentials: credentialsFor(raw), bodies: [{ token: UNKNOWN_TOKEN }] }), 2, 'Missing argument(s) : token', 'token');
	});

	it('3 → Error, invalid-value (a token Batiweb does not know)', async () => {
		const run = await runLead(STATUS, { credentials: credentialsFor(sandbox), bodies: [{ token: UNKNOWN_TOKEN }] });
		expectRefusal(run, 3, 'Invalid value');
		expect(sandbox.requests()[0].answer.code).toBe(3);
	});

	it.each([
		[4, "This can't be sold"],
		[5, 'Duplicate Lead'],
		[6, 'Leaseholder refused'],
	])('%i → Error with its kind, even where the doc never sends it', async (code, message) => {
		raw.answerWith(() => ({ body: { code, message } }));
		expectRefusal(await runLead(STATUS, { credentials: credentialsFor(raw), bodies: [{ token: UNKNOWN_TOKEN }] }), code, message);
	});

	it('9 → Error, service-error, retryable (one attempt when Max Attempts is 1)', async () => {
		const token = await importSample(sandbox.url, { email: 'statut9@example.fr' });
		sandbox.injectFaults({ kind: 'internal-error', count: 5, endpoint: 'status' });
		const json = expectRefusal(await runLead(STATUS, { credentials: credentialsFor(sandbox), bodies: [{ token }] }), 9, 'Internal error');
		expect(json.attempts).toBe(1);
	});

	it('a code given as a string ("3") is read as the code', async () => {
		raw.answerWith(() => ({ body: { code: '3', message: 'Invalid value' } }));
		expectRefusal(await runLead(STATUS, { credentials: credentialsFor(raw), bodies: [{ token: UNKNOWN_TOKEN }] }), 3, 'Invalid value');
	});
});

describe('code 9 with retries', () => {
	const RETRY = { maxAttempts: 3, retryDelay: 0 };

	it.each([
		['checkSellable', CHECK_FROM_BODY, 'is_sellable'],
		['getStatus', STATUS_FROM_BODY, 'status'],
	] as const)('%s tries again after code 9 and succeeds', async (_, parameters, endpoint) => {
		const token = await importSample(sandbox.url, { email: 'retry@example.fr' });
		sandbox.clearRequests();
		sandbox.injectFaults({ kind: 'internal-error', count: 1, endpoint });
		const run = await runLead(withOptions(parameters, RETRY), { credentials: credentialsFor(sandbox), bodies: [{ ...SELLABLE, token }] });
		expectSuccess(run, 2);
		expect(sandbox.requests().map((request) => request.answer.code)).toEqual([9, 0]);
	});

	// An import answered code 9 may be stored: it is never resent.
	it('import is not sent again after code 9: one import request, uncertain, verified as probably not imported', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 1, endpoint: 'import' });
		const run = await runLead(withOptions(IMPORT_FROM_BODY, RETRY), { credentials: credentialsFor(sandbox), bodies: [lead()] });
		expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', code: 9, attempts: 1, details: { verification: 'probably-not-imported' } });
		expect(sandbox.requests().filter((request) => request.path.endsWith('/import'))).toHaveLength(1);
		expect(sandbox.leads()).toHaveLength(0);
	});

	it('gives up after Max Attempts and says how many were made', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 10 });
		const run = await runLead(withOptions(CHECK_FROM_BODY, RETRY), { credentials: credentialsFor(sandbox), bodies: [SELLABLE] });
		const json = expectRefusal(run, 9, 'Internal error');
		expect(json.attempts).toBe(3);
		expect(json.message).toContain('after 3 attempts');
		expect(sandbox.requests()).toHaveLength(3);
	});

	it('a code 9 whose import was stored all the same: one import request, verified as probably imported', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 1, endpoint: 'import', processed: true });
		const run = await runLead(withOptions(IMPORT_FROM_BODY, RETRY), { credentials: credentialsFor(sandbox), bodies: [lead()] });
		expect(run.success).toEqual([]);
		expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', code: 9, retryable: false, attempts: 1, details: { verification: 'probably-imported' } });
		expect(sandbox.requests().filter((request) => request.path.endsWith('/import'))).toHaveLength(1);
		expect(sandbox.leads()).toHaveLength(1);
	});

	it.each([1, 2, 3, 4, 5, 6])('code %i is never retried', async (code) => {
		raw.answerWith(() => ({ body: { code, message: 'refused' } }));
		const run = await runLead(withOptions(CHECK_FROM_BODY, RETRY), { credentials: credentialsFor(raw), bodies: [SELLABLE] });
		expect(run.failure[0].json).toMatchObject({ code, attempts: 1 });
		expect(raw.requests()).toHaveLength(1);
	});
});

describe('Get Status success shape', () => {
	/** Seconds of an ISO date (the service's dates have no milliseconds). */
	const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
	const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

	it('a qualified lead: status, the service\'s label, the English name, final, the date as ISO 8601 with offset', async () => {
		const token = await importSample(sandbox.url, { email: 'qualifie@example.fr', supplierleadid: 'CRM-7' });
		sandbox.setStatus(token, 11);
		const json = expectSuccess(await runLead(STATUS, { credentials: credentialsFor(sandbox), bodies: [{ token }] }));
		expect(json).toMatchObject({
			token,
			status: 11,
			statusLabel: 'Faux numéro',
			statusLabelEn: 'Wrong number',
			statusKnown: true,
			final: true,
			supplierLeadId: 'CRM-7',
		});
		expect(json.date).toMatch(ISO_WITH_OFFSET);
		const [stored] = sandbox.leads();
		expect(seconds(json.date as string)).toBe(seconds(stored.qualifiedAt!));
		expect(json.dateRaw).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	});

	it('a lead not yet processed: not final, dated by its request', async () => {
		const token = await importSample(sandbox.url, { email: 'attente@example.fr' });
		const json = expectSuccess(await runLead(STATUS, { credentials: credentialsFor(sandbox), bodies: [{ token }] }));
		expect(json).toMatchObject({ status: 0, statusLabel: 'En attente de qualification', statusLabelEn: null, statusKnown: false, final: false });
		expect(seconds(json.date as string)).toBe(seconds(sandbox.leads()[0].createdAt));
	});

	it.each([4, 6])('status %i keeps the label the service returns (the doc\'s is a copy error) and invents no meaning', async (status) => {
		raw.answerWith(() => ({
			body: { code: 0, message: 'OK', token: UNKNOWN_TOKEN, status, statusLabel: 'Rappel programmé', date: '2024-01-15 10:30:00', supplierLeadId: null },
		}));
		const json = expectSuccess(await runLead(STATUS, { credentials: credentialsFor(raw), bodies: [{ token: UNKNOWN_TOKEN }] }));
		expect(json).toMatchObject({ status, statusLabel: 'Rappel programmé', statusLabelEn: `Status ${status} (meaning not documented)`, final: false });
	});

	it.each([
		['2024-01-15 10:30:00', '2024-01-15T10:30:00.000+01:00'],
		['2024-07-15 10:30:00', '2024-07-15T10:30:00.000+02:00'],
		['2024-07-15T08:30:00Z', '2024-07-15T08:30:00.000Z'],
		['15/01/2024', '2024-01-15T00:00:00.000+01:00'],
	])('reads the date %j as %s (Paris time when it has no zone)', async (date, iso) => {
		raw.answerWith(() => ({ body: { code: 0, message: 'OK', token: UNKNOWN_TOKEN, status: '1', statusLabel: 'Validé', date } }));
		const json = expectSuccess(await runLead(STATUS, { credentials: credentialsFor(raw), bodies: [{ token: UNKNOWN_TOKEN }] }));
		expect(json).toMatchObject({ status: 1, date: iso, dateRaw: date, statusLabelEn: 'Validated', final: true });
	});

	it('accepts the doc\'s positive answer, which has no code', async () => {
		raw.answerWith(() => ({ body: { token: UNKNOWN_TOKEN, status: 2, statusLabel: 'Injoignable', date: '2024-01-15 10:30:00' } }));
		const json = expectSuccess(await runLead(STATUS, { credentials: credentialsFor(raw), bodies: [{ token: UNKNOWN_TOKEN }] }));
		expect(json).toMatchObject({ status: 2, statusLabel: 'Injoignable', statusLabelEn: 'Unreachable', final: false });
	});
});
