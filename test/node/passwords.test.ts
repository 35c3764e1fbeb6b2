/**
 * The password never appears in what the node produces, even when the server echoes it back:
 * in a service message, in an HTTP error page, in an answer that cannot be read, in a success.
 * A raw loopback server plays a service that echoes the request; each test checks that the echo
 * did reach the node (the redaction mark is there) and that the password did not get out.
 * Everything the node produced in this file is checked again at the end (helpers/secrets.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { CHECK_FROM_BODY, runLead, STATUS_FROM_BODY, withOptions, type LeadRun } from '../helpers/leadRun';
import { startRawServer, type RawRequest } from '../helpers/rawServer';
import { guardPasswords, usePassword } from '../helpers/secrets';
import { credentialsFor, IMPORT_FROM_BODY, lead } from '../../harness';
import { useSandbox, useServer } from '../helpers/servers';

const raw = useServer(startRawServer, (server) => server.clear());
const sandbox = useSandbox();
guardPasswords(() => sandbox);

const PASSWORD = usePassword('S3cret-Batiweb-Pass');
/** A password JSON escapes: an echoed request body holds it as p\"a\\ss, not as typed. */
const QUOTED_PASSWORD = usePassword('quo"te\\back');

const credentials = (password = PASSWORD) => credentialsFor(raw, { password });

function passwordOf(request: RawRequest): string {
	return (JSON.parse(request.bodyText) as { security: { password: string } }).security.password;
}

const SELLABLE = [{ zipcode: '75001', worktype: '69' }];
const ONCE = { maxAttempts: 1 };

/** Every string the node produced in a run (output values, its error's message). */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
	return [];
}

function expectRedacted(run: LeadRun, password = PASSWORD): void {
	const texts = strings([run.success, run.failure, run.error?.message ?? null]);
	// As typed, or as JSON writes it inside a string (an echoed request body).
	const forms = [password, JSON.stringify(password).slice(1, -1)];
	expect(texts.filter((text) => forms.some((form) => text.includes(form)))).toEqual([]);
	// The echo did reach the node: the mark of its redaction is there.
	expect(texts.some((text) => text.includes('***'))).toBe(true);
	expect(raw.requests().length).toBeGreaterThan(0);
}

it('a code-1 message quoting the password', async () => {
	raw.answerWith((request) => ({ body: { code: 1, message: `Authentication Failed (password "${passwordOf(request)}")` } }));
	const run = await runLead(withOptions(CHECK_FROM_BODY, ONCE), { credentials: credentials(), bodies: SELLABLE });
	expect(run.failure[0].json).toMatchObject({ kind: 'authentication', serviceMessage: 'Authentication Failed (password "***")' });
	expectRedacted(run);
});

it('an HTTP 500 page echoing the whole request', async () => {
	raw.answerWith((request) => ({ status: 500, headers: { 'Content-Type': 'text/plain' }, body: `Fatal error, request was ${request.bodyText}` }));
	const run = await runLead(withOptions(CHECK_FROM_BODY, ONCE), { credentials: credentials(), bodies: SELLABLE });
	expect(run.failure[0].json).toMatchObject({ kind: 'transport', httpStatus: 500 });
	expect(run.failure[0].json.bodyStart).toContain('"password":"***"');
	expectRedacted(run);
});

it('an HTTP 500 page echoing a password that JSON escapes', async () => {
	raw.answerWith((request) => ({ status: 500, headers: { 'Content-Type': 'text/plain' }, body: `Fatal error, request was ${request.bodyText}` }));
	const run = await runLead(withOptions(CHECK_FROM_BODY, ONCE), { credentials: credentials(QUOTED_PASSWORD), bodies: SELLABLE });
	expect(run.failure[0].json).toMatchObject({ kind: 'transport', httpStatus: 500 });
	expectRedacted(run, QUOTED_PASSWORD);
});

it('an HTML page with HTTP 200 showing the password', async () => {
	raw.answerWith((request) => ({ headers: { 'Content-Type': 'text/html' }, body: `<html><body>Debug: ${passwordOf(request)}</body></html>` }));
	const run = await runLead(withOptions(CHECK_FROM_BODY, ONCE), { credentials: credentials(), bodies: SELLABLE });
	expect(run.failure[0].json).toMatchObject({ kind: 'unexpected-answer', httpStatus: 200 });
	expectRedacted(run);
});

it('a JSON answer without code that echoes the security block', async () => {
	raw.answerWith((request) => ({ body: { error: 'no code here', received: JSON.parse(request.bodyText) as IDataObject } }));
	const run = await runLead(withOptions(CHECK_FROM_BODY, ONCE), { credentials: credentials(), bodies: SELLABLE });
	expect(run.failure[0].json).toMatchObject({ kind: 'unexpected-answer' });
	expect(run.failure[0].json.answer).toMatchObject({ received: { security: { password: '***' } } });
	expectRedacted(run);
});

it('an import whose answer is lost (500 echoing the request), and the check that follows', async () => {
	raw.answerWith((request) =>
		request.path.endsWith('/import')
			? { status: 500, body: `stored? ${request.bodyText}` }
			: { body: { code: 5, message: `Duplicate Lead for ${passwordOf(request)}` } },
	);
	const run = await runLead(IMPORT_FROM_BODY, { credentials: credentials(), bodies: [lead()] });
	expect(run.failure[0].json).toMatchObject({ kind: 'uncertain', details: { verification: 'probably-imported' } });
	expect(raw.requests().map((request) => request.path)).toEqual(['/json/lead/import', '/json/lead/is_sellable']);
	expectRedacted(run);
});

it('a status success carrying the password in its fields', async () => {
	raw.answerWith((request) => ({
		body: { code: 0, message: 'OK', token: 'a'.repeat(128), status: 1, statusLabel: `Validé par ${passwordOf(request)}`, date: '2024-03-01 10:00:00', supplierLeadId: passwordOf(request) },
	}));
	const run = await runLead(STATUS_FROM_BODY, { credentials: credentials(), bodies: [{ token: 'a'.repeat(128) }] });
	expect(run.success[0].json).toMatchObject({ statusLabel: 'Validé par ***', supplierLeadId: '***' });
	expectRedacted(run);
});

it('the simplified output too', async () => {
	raw.answerWith((request) => ({ body: { code: 4, message: `This can't be sold to ${passwordOf(request)}` } }));
	const run = await runLead(withOptions(CHECK_FROM_BODY, { ...ONCE, simplify: true }), { credentials: credentials(), bodies: SELLABLE });
	expect(run.failure[0].json).toMatchObject({ outcome: 'not-sellable', message: expect.stringContaining('***') });
	expectRedacted(run);
});

it('the sandbox never records a password, whatever the node sends it', async () => {
	await runLead(CHECK_FROM_BODY, { credentials: credentialsFor(sandbox, { password: PASSWORD }), bodies: SELLABLE });
	await runLead(CHECK_FROM_BODY, { credentials: credentialsFor(sandbox), bodies: SELLABLE });
	const record = JSON.stringify(sandbox.requests());
	expect(sandbox.requests()).toHaveLength(2);
	expect(record).not.toContain(PASSWORD);
	expect(record).not.toContain('demo-password');
	expect(record).toContain('"password":"***"');
});

