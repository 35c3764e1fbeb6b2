/** Reading answers, the retry policy, the backoff and the base URL checks: pure functions. */
import fc from 'fast-check';

import { SsrfBlockedIpError } from '@n8n/backend-network';
import { NodeApiError } from 'n8n-workflow';

import { RateLimiter } from '../../nodes/BatiwebLead/transport/limiter';
import { parseRetryAfter, readHttpAnswer, readNetworkFailure, type Reading } from '../../nodes/BatiwebLead/transport/reading';
import { backoffDelay, certainlyNotProcessed, isTransient, mayResend } from '../../nodes/BatiwebLead/transport/retry';
import { normaliseBaseUrl, unsafeTargetReason } from '../../nodes/BatiwebLead/transport/target';

describe('readHttpAnswer', () => {
	it.each([0, 1, 2, 3, 4, 5, 6, 9])('reads code %i with its message', (code) => {
		const body = { code, message: 'm' };
		expect(readHttpAnswer(200, {}, JSON.stringify(body))).toEqual({ type: 'answer', httpStatus: 200, code, message: 'm', body });
	});

	it('reads a code given as text', () => {
		expect(readHttpAnswer(200, {}, '{"code":"5","message":"Duplicate Lead"}')).toMatchObject({ type: 'answer', code: 5 });
	});

	it('reads a missing message as empty', () => {
		expect(readHttpAnswer(200, {}, '{"code":4}')).toMatchObject({ type: 'answer', code: 4, message: '' });
	});

	it.each([
		['an empty body', '', 'the answer is empty'],
		['blanks', '  \n', 'the answer is empty'],
		['an HTML page', '<html><body>Maintenance</body></html>', 'the answer is an HTML page, not JSON'],
		['truncated JSON', '{"code":0,"mess', 'the answer is not valid JSON'],
		['a JSON array', '[{"code":0}]', 'the answer is not a JSON object'],
		['a JSON string', '"ok"', 'the answer is not a JSON object'],
		['JSON null', 'null', 'the answer is not a JSON object'],
		['no code', '{"message":"ok"}', 'the answer has no "code"'],
		['a code that is not a number', '{"code":"zero","message":"ok"}', 'the answer has no "code"'],
		['an undocumented code', '{"code":7,"message":"Unexpected error"}', "the answer has code 7, which Batiweb's doc does not define"],
		['a negative code', '{"code":-1}', "the answer has code -1, which Batiweb's doc does not define"],
	])('never takes %s for an answer', (_, text, reason) => {
		expect(readHttpAnswer(200, {}, text)).toMatchObject({ type: 'unreadable', httpStatus: 200, reason });
	});

	it('keeps the start of an unreadable body, at most 200 characters', () => {
		const reading = readHttpAnswer(200, {}, `<html>${'x'.repeat(500)}`);
		expect(reading.type === 'unreadable' && reading.bodyStart).toBe(`<html>${'x'.repeat(194)}…`);
	});

	it.each([199, 400, 401, 404, 429, 500, 502, 503, 504])('reads HTTP %i as an HTTP error, whatever the body', (status) => {
		expect(readHttpAnswer(status, {}, '{"code":0,"message":"ok"}')).toMatchObject({ type: 'http-error', httpStatus: status });
	});

	it.each([200, 201, 204])('reads the body of HTTP %i', (status) => {
		expect(readHttpAnswer(status, {}, '{"code":0,"message":"ok"}')).toMatchObject({ type: 'answer', httpStatus: status, code: 0 });
	});

	// A 3xx is a redirect (never followed: it would re-post the password), whatever its body, naming only the host it points to.
	it.each([
		[301, 'http://127.0.0.1:9/x?password=p', '127.0.0.1:9'],
		[307, '//other.example:8443/json/lead/import', 'other.example:8443'],
		[308, '/elsewhere', 'base.example'],
		[302, undefined, null],
	] as const)('reads HTTP %i as a redirect to its host', (status, location, host) => {
		const headers = location === undefined ? {} : { location };
		const reading = readHttpAnswer(status, headers, '{"code":0,"message":"ok"}', undefined, { redact: (t) => t, requestUrl: 'https://base.example/json/lead/import' });
		expect(reading).toEqual({ type: 'redirect', httpStatus: status, host });
	});

	it('takes Retry-After from an HTTP error', () => {
		expect(readHttpAnswer(503, { 'retry-after': '2' }, '')).toMatchObject({ type: 'http-error', retryAfterMs: 2000 });
	});

	it('lets an operation accept a positive answer without code, and only what it accepts', () => {
		const accept = (body: Record<string, unknown>) => typeof body.token === 'string';
		expect(readHttpAnswer(200, {}, '{"token":"t","status":1}', accept)).toMatchObject({ type: 'answer', code: 0 });
		expect(readHttpAnswer(200, {}, '{"status":1}', accept)).toMatchObject({ type: 'unreadable' });
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2024-01-01T00:00:00Z');
	it.each([
		['0', 0],
		['3', 3000],
		[' 10 ', 10000],
		[['5', '9'], 5000],
		['Mon, 01 Jan 2024 00:00:30 GMT', 30000],
		['Sun, 31 Dec 2023 23:59:00 GMT', 0],
	] as Array<[unknown, number]>)('reads %j as %i ms', (header, ms) => {
		expect(parseRetryAfter(header, now)).toBe(ms);
	});

	it.each([undefined, '', 'soon', 42])('ignores %j', (header) => {
		expect(parseRetryAfter(header, now)).toBeUndefined();
	});

	it.each(['-1', '1.5'])('adds no wait for the odd value %j', (header) => {
		expect(parseRetryAfter(header, now) ?? 0).toBe(0);
	});
});

describe('readNetworkFailure', () => {
	it.each([
		['ECONNREFUSED', 'no'],
		['ENOTFOUND', 'no'],
		['EAI_AGAIN', 'no'],
		['EHOSTUNREACH', 'no'],
		['ECONNRESET', 'maybe'],
		['EPIPE', 'maybe'],
		['ETIMEDOUT', 'maybe'],
	])('%s: sent is %s', (code, sent) => {
		expect(readNetworkFailure({ code }, false)).toMatchObject({ type: 'network', errorCode: code, sent });
	});

	it('finds the code in the error\'s causes', () => {
		expect(readNetworkFailure({ message: 'wrapped', cause: { cause: { code: 'ECONNREFUSED' } } }, false)).toMatchObject({ errorCode: 'ECONNREFUSED', sent: 'no' });
	});

	it('counts a timeout as maybe sent, and an unknown error too', () => {
		expect(readNetworkFailure({ code: 'ECONNREFUSED' }, true)).toMatchObject({ errorCode: 'ETIMEDOUT', sent: 'maybe' });
		expect(readNetworkFailure(new Error('boom'), false)).toMatchObject({ errorCode: 'UNKNOWN', sent: 'maybe' });
	});
});

describe('retry policy', () => {
	const answer = (code: number): Reading => ({ type: 'answer', httpStatus: 200, code, message: '', body: { code } });
	const httpError = (httpStatus: number): Reading => ({ type: 'http-error', httpStatus, bodyStart: '' });
	const network = (sent: 'no' | 'maybe'): Reading => ({ type: 'network', errorCode: sent === 'no' ? 'ECONNREFUSED' : 'ECONNRESET', sent, reason: '' });
	const unreadable: Reading = { type: 'unreadable', httpStatus: 200, reason: 'empty', bodyStart: '' };

	it.each([
		// Code 9 may come after Batiweb stored the lead: imports are not resent; reads still retry.
		['code 9', true, false, answer(9)],
		['code 0', false, false, answer(0)],
		...[1, 2, 3, 4, 5, 6].map((code) => [`code ${code}`, false, false, answer(code)] as const),
		// A proxy may answer 429 or 503 after forwarding: no proof (issue 17 finding 5).
		['HTTP 429', true, false, httpError(429)],
		['HTTP 503', true, false, httpError(503)],
		['HTTP 500', true, false, httpError(500)],
		['HTTP 502', true, false, httpError(502)],
		['HTTP 504', true, false, httpError(504)],
		// A 4xx refuses the request itself: not processed, and not worth sending again.
		['HTTP 400', false, true, httpError(400)],
		['HTTP 404', false, true, httpError(404)],
		['HTTP 408', false, false, httpError(408)],
		['connection refused', true, true, network('no')],
		['connection reset', true, false, network('maybe')],
		['an unreadable answer', true, false, unreadable],
		['a redirect', false, true, { type: 'redirect', httpStatus: 307, host: 'x' } as Reading],
	] as Array<[string, boolean, boolean, Reading]>)('%s: transient %s, certainly not processed %s', (_, transient, notProcessed, reading) => {
		expect(isTransient(reading)).toBe(transient);
		expect(certainlyNotProcessed(reading)).toBe(notProcessed);
		// Reads are resent on any transient failure; an import only when it certainly was not processed.
		expect(mayResend({ createsLead: false }, reading)).toBe(transient);
		expect(mayResend({ createsLead: false }, reading)).toBe(transient);
		expect(mayResend({ createsLead: true }, reading)).toBe(transient && notProcessed);
	});
});

describe('backoffDelay', () => {
	const settings = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30000 };

	it('doubles from the base delay, half fixed and half random', () => {
		expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, settings, undefined, () => 0))).toEqual([500, 1000, 2000, 4000]);
		expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, settings, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000]);
		expect(backoffDelay(2, settings, undefined, () => 0.5)).toBe(1500);
	});

	it('never waits longer than the maximum, Retry-After included', () => {
		expect(backoffDelay(10, settings, undefined, () => 1)).toBe(30000);
		expect(backoffDelay(1, settings, 120000, () => 0)).toBe(30000);
	});

	it('honours a longer Retry-After, not a shorter one', () => {
		expect(backoffDelay(1, settings, 5000, () => 0)).toBe(5000);
		expect(backoffDelay(1, settings, 100, () => 0)).toBe(500);
	});

	it('stays between half the exponential step and the step (or the cap)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, base, random) => {
				const delay = backoffDelay(retry, { maxAttempts: 10, baseDelayMs: base, maxDelayMs: 30000 }, undefined, () => random);
				const step = Math.min(30000, base * 2 ** (retry - 1));
				expect(delay).toBeGreaterThanOrEqual(step / 2);
				expect(delay).toBeLessThanOrEqual(step);
			}),
		);
	});

	it('waits nothing with a zero base delay', () => {
		expect(backoffDelay(3, { ...settings, baseDelayMs: 0 }, undefined, () => 0.7)).toBe(0);
	});
});

describe('base URL', () => {
	it('drops trailing slashes and blanks', () => {
		expect(normaliseBaseUrl(' https://webservices.e-travaux.com/// ')).toBe('https://webservices.e-travaux.com');
	});

	it.each([
		['https://webservices.e-travaux.com', 'PROD'],
		['https://webservices.e-travaux.com', 'PREP'],
		['http://127.0.0.1:4010', 'PROD'],
		['http://127.1.2.3:4010', 'PROD'],
		['http://localhost:4010/', 'PROD'],
		['http://[::1]:4010', 'PROD'],
	] as const)('allows %s for %s', (baseUrl, environment) => {
		expect(unsafeTargetReason(baseUrl, environment)).toBeUndefined();
	});

	it.each([
		['http://webservices.e-travaux.com', 'PROD', /only sent over HTTPS/],
		['http://proxy.example.com', 'PREP', /only sent over HTTPS/],
		['http://10.0.0.5:8080', 'PROD', /only sent over HTTPS/],
		['http://localhost.evil.example', 'PROD', /only sent over HTTPS/],
		['ftp://webservices.e-travaux.com', 'PREP', /must start with https:\/\//],
		['webservices.e-travaux.com', 'PREP', /is not a valid URL/],
		['', 'PREP', /is not a valid URL/],
	] as const)('refuses %j for %s', (baseUrl, environment, reason) => {
		expect(unsafeTargetReason(baseUrl, environment)).toMatch(reason);
	});
});

// Issue 10 point 10: errors raised before anything leaves the machine are "not sent".
describe('failures before sending', () => {
	const node = { id: 'n', name: 'Batiweb Lead', type: 'batiwebLead', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const wrapped = (cause: object) => new NodeApiError(node, cause as never);

	it("n8n's blocked-address check (SSRF protection), wrapped as n8n wraps it: not sent", () => {
		expect(readNetworkFailure(wrapped(new SsrfBlockedIpError('127.0.0.1', 'localhost')), false)).toMatchObject({ errorCode: 'BLOCKED', sent: 'no' });
	});

	it.each(['DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_SSL_WRONG_VERSION_NUMBER'])(
		'a TLS refusal (%s): not sent',
		(code) => {
			const cause = Object.assign(new Error('tls'), { code });
			expect(readNetworkFailure(wrapped(cause), false)).toMatchObject({ errorCode: code, sent: 'no', reason: expect.stringMatching(/TLS connection was refused/) });
		},
	);

	// n8n 1.123's NodeApiError, as its ExecutionBaseError leaves it: the wrapped error dropped
	// (its class field `cause` is undefined), the original text kept in `messages`.
	const wrappedBy1x = (original: string) =>
		Object.assign(new Error('The service refused the connection - perhaps it is offline'), {
			name: 'NodeApiError',
			cause: undefined,
			messages: [original, original],
		});

	it.each([
		['connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', 'no'],
		['getaddrinfo ENOTFOUND batiweb.invalid', 'ENOTFOUND', 'no'],
		['self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'no'],
		['unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'no'],
		["Hostname/IP does not match certificate's altnames: Host: a. is not in the cert's altnames: DNS:b", 'ERR_TLS_CERT_ALTNAME_INVALID', 'no'],
		['read ECONNRESET', 'ECONNRESET', 'maybe'],
		['socket hang up', 'UNKNOWN', 'maybe'],
		['the server said: connect ECONNREFUSED', 'UNKNOWN', 'maybe'],
		['self-signed certificate, or so the page says', 'UNKNOWN', 'maybe'],
	])("n8n 1.x's wrapping, which keeps only the text %j: %s, sent %s", (original, errorCode, sent) => {
		expect(readNetworkFailure(wrappedBy1x(original), false)).toMatchObject({ errorCode, sent });
	});

	it('a connection reset may have been sent', () => {
		expect(readNetworkFailure(wrapped(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), false)).toMatchObject({ sent: 'maybe' });
	});

	it('the rate limiter with no limit still refuses an aborted signal', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(new RateLimiter(0).acquire(controller.signal)).rejects.toThrow();
		await expect(new RateLimiter(0).acquire(new AbortController().signal)).resolves.toBeUndefined();
	});
});
