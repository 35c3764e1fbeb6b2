/**
 * The node against the hostile server (server.ts), through n8n's engine: redirects are never
 * followed, echoed passwords never show (not even 5 characters of them), an import answered
 * code 9 is sent once, and a refused TLS certificate means "not sent".
 * The same server is driven through a real n8n by `npm run test:n8n` (scripts/n8n/hostile.mjs).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CHECK_FROM_BODY, STATUS_FROM_BODY, runLead, withOptions } from '../helpers/leadRun';
import { guardPasswords, remember, usePassword } from '../helpers/secrets';
import { IMPORT_FROM_BODY, lead } from '../../harness';
import { CRAFTED_PAGE, ECHO_OFFSETS, WRAPPINGS, leakedPieces, startHostile, tokenFor, type Hostile } from './server';

/** Quotes, a backslash, slashes, HTML specials, non-ASCII and an emoji: every escaping matters. */
const PASSWORD = usePassword('Zx9#Qw4!Lk7$M"q\\r/s<t>&u\'é€😀-end');

let hostile: Hostile;
beforeAll(async () => {
	hostile = await startHostile();
});
afterAll(async () => await hostile.close());
beforeEach(() => hostile.clear());
guardPasswords();

const TOKEN = 'b'.repeat(128);
const OPERATIONS = {
	checkSellable: { parameters: CHECK_FROM_BODY, body: () => ({ zipcode: '75001', worktype: '69' }) },
	import: { parameters: IMPORT_FROM_BODY, body: () => lead() },
	getStatus: { parameters: STATUS_FROM_BODY, body: () => ({ token: TOKEN }) },
} as const;
type Op = keyof typeof OPERATIONS;

function credentials(baseUrl: string, environment = 'PREP') {
	return { batiwebApi: { login: 'hostile-login', password: PASSWORD, environment, baseUrl } };
}

async function run(op: Op, baseUrl: string, count: number, options: IDataObject = {}, node: IDataObject = {}) {
	const { parameters, body } = OPERATIONS[op];
	const bodies = Array.from({ length: count }, body);
	const result = await runLead(withOptions(parameters, { maxConcurrent: 1, retryDelay: 0, ...options }), {
		credentials: credentials(baseUrl),
		bodies,
		node,
	});
	const everything = JSON.stringify([result.success, result.failure, result.error?.message, result.error?.stack, result.result.run.data.resultData]);
	return { ...result, everything };
}

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('redirects', () => {
	const cases = ([301, 302, 307, 308] as const).flatMap((status) => (['checkSellable', 'import', 'getStatus'] as const).map((op) => [status, op] as const));
	it.each(cases)('HTTP %i to %s: not followed, the other host gets nothing, the item goes to Error naming it', async (status, op) => {
		const result = await run(op, `${hostile.url}/redirect/${status}`, 2, { maxAttempts: 3 });
		expect(hostile.connections('elsewhere')).toBe(0);
		expect(hostile.received('elsewhere')).toEqual([]);
		// Each item was sent once: a redirect is not retried, and an import is not "uncertain".
		expect(hostile.received('main')).toHaveLength(2);
		expect(result.success).toEqual([]);
		const host = new URL(hostile.elsewhereUrl).host;
		for (const item of json(result.failure)) {
			expect(item).toMatchObject({ kind: 'transport', httpStatus: status, retryable: false, attempts: 1, details: { redirectHost: host } });
			expect(item.message).toContain(`a redirect to ${host}`);
		}
	});
});

describe('error pages echoing the envelope', () => {
	const formats = ['html', 'json-message', 'json-object', 'php-escaped', 'print-r'];
	const cases = formats.flatMap((format) => [500, 200].flatMap((status) => (['checkSellable', 'import', 'getStatus'] as const).map((op) => [format, status, op] as const)));
	it.each(cases)('%s, HTTP %i, %s: no 5-character piece of the password in any item, error or run data', async (format, status, op) => {
		const result = await run(op, `${hostile.url}/echo/${format}/${status}`, ECHO_OFFSETS.length, { maxAttempts: 1, verifyUncertainImports: false });
		remember('hostile echo run', result.everything);
		expect(hostile.received('main')).toHaveLength(ECHO_OFFSETS.length);
		expect(result.failure).toHaveLength(ECHO_OFFSETS.length);
		expect(leakedPieces(PASSWORD, result.everything)).toEqual([]);
		// The answer's start is still shown, redacted.
		const withStart = json(result.failure).filter((item) => typeof item.bodyStart === 'string' || typeof item.serviceMessage === 'string');
		expect(withStart.length).toBeGreaterThan(0);
	});

	it('under "Stop Workflow" with Fail Execution When Any Lead Is Refused, the error holds no piece of the password', async () => {
		const result = await run('import', `${hostile.url}/echo/json-message/200`, 10, { failOnRefusal: true, verifyUncertainImports: false });
		expect(result.error).toBeDefined();
		remember('hostile stop error', result.error);
		expect(leakedPieces(PASSWORD, result.everything)).toEqual([]);
	});
});

describe("answers inside PHP's output (issue 18)", () => {
	it.each(Object.keys(WRAPPINGS))('%s: every lead to Success with its own token, one import request per lead', async (wrapping) => {
		const result = await run('import', `${hostile.url}/wrap/${wrapping}`, 3);
		const imports = hostile.received('main').filter((request) => request.path.endsWith('/json/lead/import'));
		expect(imports).toHaveLength(3);
		expect(result.failure).toEqual([]);
		expect(json(result.success).map((item) => item.token).sort()).toEqual(imports.map((request) => tokenFor(request.bodyText)).sort());
		const warned = ['html-notice', 'text-deprecated', 'comment-after'].includes(wrapping);
		for (const item of json(result.success)) expect(typeof (item.details as IDataObject | undefined)?.answerWrapping === 'string').toBe(warned);
	});

	it('the crafted page (HTTP 500, password= then 200,000 backslashes) goes to Error, without its backslashes', async () => {
		const result = await run('import', `${hostile.url}/crafted`, 2, { verifyUncertainImports: false });
		expect(result.success).toEqual([]);
		expect(result.failure).toHaveLength(2);
		for (const item of json(result.failure)) {
			expect(item.httpStatus).toBe(500);
			expect(String(item.bodyStart).length).toBeLessThan(300);
		}
		expect(result.everything.length).toBeLessThan(CRAFTED_PAGE.length);
	});
});

describe('code 9 to imports', () => {
	it('exactly one import request per lead, each uncertain and verified, whatever Max Attempts', async () => {
		const result = await run('import', `${hostile.url}/code9`, 5, { maxAttempts: 5, maxConcurrent: 3 });
		const imports = hostile.received('main').filter((request) => request.path.endsWith('/json/lead/import'));
		expect(imports).toHaveLength(5);
		expect(new Set(imports.map((request) => JSON.parse(request.bodyText).request.email)).size).toBe(5);
		for (const item of json(result.failure)) expect(item).toMatchObject({ kind: 'uncertain', code: 9, attempts: 1, retryable: false });
	});
});

describe('a TLS certificate nobody trusts', () => {
	it.each(['checkSellable', 'import'] as const)('%s: refused before anything is sent, reported "not sent", never uncertain', async (op) => {
		const result = await run(op, hostile.tlsUrl, 2, { maxAttempts: 3 });
		expect(hostile.received('tls')).toEqual([]);
		for (const item of json(result.failure)) {
			expect(item.kind).toBe('transport');
			expect(item.message).toMatch(/TLS connection was refused.*nothing was sent/);
		}
	});
});
