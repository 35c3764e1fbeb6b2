/**
 * Answers that are not Batiweb's documented JSON never pass as success and never crash the node:
 * a read reports "unexpected-answer", an import "uncertain" (it may have been processed), both
 * with the HTTP status and the start of the body. The sandbox's own faults are in the fault
 * matrix; this file adds shapes the sandbox does not produce, from a canned server.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnce, runNode, type Op } from '../helpers/reliability-harness';
import { lead } from '../../harness';
import { startRawServer } from '../helpers/rawServer';
import { useSandbox, useServer } from '../helpers/servers';

interface Canned {
	status: number;
	contentType: string;
	body: string;
}

// Only its handle is used (runNode takes the credentials' base URL from it, overridden below).
const sandbox = useSandbox({}, { reset: false });
const server = useServer(() => startRawServer(), (started) => started.clear());
const paths = () => server.requests().map((request) => request.path);

/** What the canned server answers from now on. */
function answerWith({ status, contentType, body }: Canned): void {
	server.answerWith(() => ({ status, headers: { 'Content-Type': contentType }, body }));
}

const LONG_HTML = `<!DOCTYPE html><html><head><title>Maintenance</title></head><body>${'<p>Le service est en maintenance.</p>'.repeat(40)}</body></html>`;
const HUGE_HTML = `<html><body>${'x'.repeat(1024 * 1024)}</body></html>`;

const BODIES: Array<[string, Canned]> = [
	['a long HTML page with 200', { status: 200, contentType: 'text/html', body: LONG_HTML }],
	['a 1 MiB HTML page with 200', { status: 200, contentType: 'text/html', body: HUGE_HTML }],
	['an empty body', { status: 200, contentType: 'application/json', body: '' }],
	['only white space', { status: 200, contentType: 'application/json', body: ' \r\n ' }],
	['JSON cut short', { status: 200, contentType: 'application/json', body: '{"code":0,"message":"Lead correctly imp' }],
	['a JSON array', { status: 200, contentType: 'application/json', body: '[{"code":0,"message":"OK"}]' }],
	['JSON null', { status: 200, contentType: 'application/json', body: 'null' }],
	['a JSON number', { status: 200, contentType: 'application/json', body: '0' }],
	['a JSON string', { status: 200, contentType: 'application/json', body: '"OK"' }],
	['JSON without code', { status: 200, contentType: 'application/json', body: '{"message":"Lead correctly imported"}' }],
	['a code that is not a number', { status: 200, contentType: 'application/json', body: '{"code":"zero","message":"OK"}' }],
	['a code of null', { status: 200, contentType: 'application/json', body: '{"code":null,"message":"OK"}' }],
	['unknown code 7', { status: 200, contentType: 'application/json', body: '{"code":7,"message":"Unexpected error"}' }],
	['negative code', { status: 200, contentType: 'application/json', body: '{"code":-1,"message":"?"}' }],
	['fractional code', { status: 200, contentType: 'application/json', body: '{"code":0.5,"message":"?"}' }],
	['plain text', { status: 200, contentType: 'text/plain', body: 'OK' }],
	['a PHP warning before the JSON', { status: 200, contentType: 'text/html', body: '<br />\n<b>Warning</b>: Undefined index in /var/www/lead.php on line 3<br />\n{"code":0,"message":"Lead correctly imported"}' }],
];

const STATUS_TOKEN = 'a'.repeat(128);

function bodyFor(op: Op): IDataObject {
	if (op === 'checkSellable') return { zipcode: '78180', worktype: '69' };
	if (op === 'getStatus') return { token: STATUS_TOKEN };
	return lead();
}

function expectedStart(body: string): string {
	if (body.trim() === '') return '';
	return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}

describe.each(['checkSellable', 'getStatus', 'import'] as const)('%s', (op) => {
	test.each(BODIES)('%s: never a success, never a crash; status and body start reported', async (_name, answer) => {
		answerWith(answer);
		const run = await runNode(sandbox, op, [bodyFor(op), bodyFor(op)], { baseUrl: server.url, options: { maxAttempts: 2, maxConcurrent: 1 } });

		expect(run.error).toBeUndefined();
		expectEachItemOnce(run, 2);
		expect(run.success).toHaveLength(0);
		for (const item of run.failure) {
			const json = item.json as IDataObject;
			expect(json.success).toBe(false);
			expect(json.kind).toBe(op === 'import' ? 'uncertain' : 'unexpected-answer');
			expect(json.httpStatus).toBe(200);
			expect(json.bodyStart).toBe(expectedStart(answer.body));
			expect(json.message).toMatch(/HTTP 200 but the answer/);
		}
		const endpoint = op === 'checkSellable' ? 'is_sellable' : op === 'getStatus' ? 'status' : 'import';
		const sent = paths().filter((path) => path.endsWith(`/${endpoint}`)).length;
		// Reads are retried (2 attempts × 2 items); an import is never resent, only verified.
		expect(sent).toBe(op === 'import' ? 2 : 4);
		if (op === 'import') {
			// The verification is a read: it is retried too (2 attempts × 2 items), and cannot tell.
			expect(paths().filter((path) => path.endsWith('/is_sellable'))).toHaveLength(4);
			for (const item of run.failure) expect((item.json.details as IDataObject).verification).toBe('unknown');
		}
	});

	test.each([
		[404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>', false],
		[403, 'application/json', '{"error":"Forbidden"}', false],
		[500, 'text/plain', '', true],
	])('HTTP %i: reported with its status and body start, never a success', async (status, contentType, body, mayHaveBeenProcessed) => {
		answerWith({ status, contentType, body });
		const run = await runNode(sandbox, op, [bodyFor(op)], { baseUrl: server.url, options: { maxAttempts: 3, retryDelay: 1 } });
		expectEachItemOnce(run, 1);
		// A 4xx refuses the request itself: nothing was processed, and sending it again meets the
		// same refusal, so it is neither "uncertain" nor retried. A 500 may have been processed.
		expect(run.failure[0].json).toMatchObject({
			success: false,
			kind: op === 'import' && mayHaveBeenProcessed ? 'uncertain' : 'transport',
			httpStatus: status,
			bodyStart: body,
			retryable: !(op === 'import' && mayHaveBeenProcessed) && mayHaveBeenProcessed,
			attempts: mayHaveBeenProcessed && op !== 'import' ? 3 : 1,
		});
	});
});

describe('the documented answers still pass', () => {
	test.each([
		['checkSellable', 'code 0', '{"code":0,"message":"This lead can be sold"}'],
		['checkSellable', 'code "0" as text', '{"code":"0","message":"This lead can be sold"}'],
		['checkSellable', 'code 0 after a UTF-8 byte order mark', '\uFEFF{"code":0,"message":"This lead can be sold"}'],
		['getStatus', 'the status answer (the doc lists no code)', `{"token":"${STATUS_TOKEN}","status":1,"statusLabel":"Validé","date":"2026-01-02 10:00:00"}`],
		['import', 'code 0 with id and token', `{"code":0,"message":"Lead correctly imported","id":1,"token":"${STATUS_TOKEN}"}`],
		['import', 'code 0 after a UTF-8 byte order mark', `\uFEFF{"code":0,"message":"Lead correctly imported","id":1,"token":"${STATUS_TOKEN}"}`],
	] as const)('%s: %s', async (op, _label, body) => {
		answerWith({ status: 200, contentType: 'application/json', body });
		const run = await runNode(sandbox, op, [bodyFor(op)], { baseUrl: server.url });
		expect(run.success).toHaveLength(1);
		expect(run.success[0].json.success).toBe(true);
	});
});
