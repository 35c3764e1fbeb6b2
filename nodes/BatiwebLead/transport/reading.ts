import type { IDataObject } from 'n8n-workflow';

import { maskPasswordValues, redactDeep, type Redact } from './redact';
import { unwrapAnswer, type Unwrapped } from './unwrap';

/**
 * What one HTTP attempt gave, before any interpretation by operation:
 * - `answer`: Batiweb's documented JSON with a numeric `code`, possibly inside PHP's own output
 *   (unwrap.ts holds the rule); `wrapping` then says, redacted, what surrounded it;
 * - `http-error`: an HTTP status of 400 or more (the doc's PHP sample treats those as failures);
 * - `redirect`: a 3xx. Redirects are never followed (a 307/308 would carry the password to the
 *   host it names); `host` is where it pointed, when it said;
 * - `unreadable`: a 2xx whose body is not the documented JSON (HTML page, empty, malformed,
 *   no `code`, an unknown code);
 * - `network`: no HTTP answer at all. `sent` says whether the request may have reached the service.
 * Every text kept from an answer was redacted whole before it was cut.
 */
export type Reading =
	| { type: 'answer'; httpStatus: number; code: number; message: string; body: IDataObject; wrapping?: string }
	| { type: 'http-error'; httpStatus: number; retryAfterMs?: number; bodyStart: string }
	| { type: 'redirect'; httpStatus: number; host: string | null }
	| { type: 'unreadable'; httpStatus: number; reason: string; bodyStart: string; body?: IDataObject }
	| { type: 'network'; errorCode: string; sent: 'no' | 'maybe'; reason: string };

const KNOWN_CODES = new Set([0, 1, 2, 3, 4, 5, 6, 9]);
const BODY_START_LENGTH = 200;

/** The start of an answer's text, redacted first: a cut cannot leave a piece of a password. */
function start(text: string, redact: Redact, length = BODY_START_LENGTH): string {
	const safe = redact(text);
	return safe.length > length ? `${safe.slice(0, length)}…` : safe;
}

const WRAPPING_PART_LENGTH = 120;

/** A short warning naming what surrounded the answer (each part redacted, then cut). */
function wrappingWarning(found: Unwrapped, redact: Redact): string | undefined {
	const parts: string[] = [];
	if (found.before !== '') {
		const kinds = found.diagnostics.length > 0 ? ` (${found.diagnostics.length} PHP ${found.diagnostics.join(', ')})` : '';
		parts.push(`before it${kinds}: ${JSON.stringify(start(found.before, redact, WRAPPING_PART_LENGTH))}`);
	}
	if (found.after !== '') parts.push(`after it: ${JSON.stringify(start(found.after, redact, WRAPPING_PART_LENGTH))}`);
	if (parts.length === 0) return undefined;
	return `Batiweb's answer came inside other output, left out: ${parts.join('; ')}. The answer was read as usual; Batiweb's PHP error display seems to be on.`;
}

/** Why a body that holds no answer object (unwrap.ts) cannot be read. */
function unreadableReason(bodyText: string): string {
	try {
		JSON.parse(bodyText.replace(/^\uFEFF/, ''));
		return 'the answer is not a JSON object';
	} catch {
		return /^\s*</.test(bodyText) ? 'the answer is an HTML page, not JSON' : 'the answer is not valid JSON';
	}
}

/** The host a redirect points to (never its user info, path or query), or null. */
function redirectHost(location: unknown, requestUrl: string | undefined): string | null {
	const text = Array.isArray(location) ? location[0] : location;
	if (typeof text !== 'string' || text.trim() === '') return null;
	try {
		return new URL(text.trim(), requestUrl).host || null;
	} catch {
		return null;
	}
}

/**
 * A number Batiweb's PHP wrote as a string (`"code":"0"`, `"status":"11"`) as that number; any
 * other value as it is. The one place where answers' digit strings become numbers.
 */
export function numberOfDigits<T>(value: T): T | number {
	return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/** Seconds or an HTTP date, as RFC 9110 allows for Retry-After; undefined when absent or bad. */
export function parseRetryAfter(header: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(header) ? header[0] : header;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Reads an HTTP answer. `acceptWithoutCode` lets an operation accept a documented positive
 * answer that carries no `code` (the doc's status answer lists none); anything else without a
 * numeric code is unreadable, never a success.
 */
export function readHttpAnswer(
	httpStatus: number,
	headers: Record<string, unknown>,
	bodyText: string,
	acceptWithoutCode?: (body: IDataObject) => boolean,
	context: { redact: Redact; requestUrl?: string } = { redact: maskPasswordValues },
): Reading {
	const { redact } = context;
	if (httpStatus >= 300 && httpStatus < 400) {
		return { type: 'redirect', httpStatus, host: redirectHost(headers.location, context.requestUrl) };
	}
	if (httpStatus < 200 || httpStatus >= 400) {
		return {
			type: 'http-error',
			httpStatus,
			retryAfterMs: parseRetryAfter(headers['retry-after']),
			bodyStart: start(bodyText, redact),
		};
	}
	if (bodyText.trim() === '') {
		return { type: 'unreadable', httpStatus, reason: 'the answer is empty', bodyStart: '' };
	}
	const found = unwrapAnswer(bodyText);
	if (!found) return { type: 'unreadable', httpStatus, reason: unreadableReason(bodyText), bodyStart: start(bodyText, redact) };
	const body = redactDeep(found.value, redact) as IDataObject;
	const wrapping = wrappingWarning(found, redact);
	const code = numberOfDigits(body.code);
	if (typeof code !== 'number') {
		if (acceptWithoutCode?.(body)) {
			return { type: 'answer', httpStatus, code: 0, message: String(body.message ?? ''), body, ...(wrapping ? { wrapping } : {}) };
		}
		return { type: 'unreadable', httpStatus, reason: 'the answer has no "code"', bodyStart: start(bodyText, redact), body };
	}
	if (!KNOWN_CODES.has(code)) {
		return {
			type: 'unreadable',
			httpStatus,
			reason: `the answer has code ${code}, which Batiweb's doc does not define`,
			bodyStart: start(bodyText, redact),
			body,
		};
	}
	return { type: 'answer', httpStatus, code, message: typeof body.message === 'string' ? body.message : '', body, ...(wrapping ? { wrapping } : {}) };
}

/** Error codes that prove the request never left: nothing reached the service. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/**
 * A certificate refused or a TLS handshake failed: the handshake comes before the request, so
 * nothing of it left (Node's and OpenSSL's codes).
 */
const TLS_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'HOSTNAME_MISMATCH',
	'EPROTO',
]);

function isTlsRefusal(code: string): boolean {
	return TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

interface ErrorFacts {
	code?: string;
	/** n8n's blocked-address check (SSRF protection) refused the target before connecting. */
	blocked: boolean;
}

/** Node's texts for the refusals of a certificate (OpenSSL's verify errors), whole. */
const TLS_TEXTS: Record<string, string> = {
	'self-signed certificate': 'DEPTH_ZERO_SELF_SIGNED_CERT',
	'self signed certificate': 'DEPTH_ZERO_SELF_SIGNED_CERT',
	'self-signed certificate in certificate chain': 'SELF_SIGNED_CERT_IN_CHAIN',
	'self signed certificate in certificate chain': 'SELF_SIGNED_CERT_IN_CHAIN',
	'unable to verify the first certificate': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'unable to get local issuer certificate': 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'unable to get issuer certificate': 'UNABLE_TO_GET_ISSUER_CERT',
	'certificate has expired': 'CERT_HAS_EXPIRED',
	'certificate is not yet valid': 'CERT_NOT_YET_VALID',
	'certificate revoked': 'CERT_REVOKED',
};

/**
 * The code in the texts n8n 1.x keeps: its NodeApiError drops the error it wraps (the class
 * field `cause` of ExecutionBaseError overwrites the native one) and keeps only the original
 * message in `messages`. Node writes the code after the system call ("connect ECONNREFUSED
 * 127.0.0.1:9", "getaddrinfo ENOTFOUND host"); a certificate refusal is OpenSSL's text alone.
 * Only these exact shapes count: any other text stays UNKNOWN, so "maybe sent".
 */
function codeInTexts(record: { messages?: unknown; message?: unknown }): string | undefined {
	const texts = [...(Array.isArray(record.messages) ? record.messages : []), record.message];
	for (const text of texts) {
		if (typeof text !== 'string') continue;
		const syscall = /^(?:connect|getaddrinfo|read|write) (E[A-Z]+)(?: |$)/.exec(text);
		if (syscall) return syscall[1];
		if (/^Hostname\/IP does not match certificate's altnames/.test(text)) return 'ERR_TLS_CERT_ALTNAME_INVALID';
		const tls = TLS_TEXTS[text];
		if (tls) return tls;
	}
	return undefined;
}

function errorFacts(error: unknown, depth = 0): ErrorFacts {
	if (typeof error !== 'object' || error === null || depth > 5) return { blocked: false };
	const record = error as { code?: unknown; cause?: unknown; name?: unknown; messages?: unknown; message?: unknown };
	const inner = errorFacts(record.cause, depth + 1);
	const blocked = inner.blocked || (typeof record.name === 'string' && /^Ssrf\w*Error$/.test(record.name));
	const own = typeof record.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(record.code) ? record.code : undefined;
	const code = own ?? inner.code ?? (record.name === 'NodeApiError' ? codeInTexts(record) : undefined);
	return { code, blocked };
}

const REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused (nothing listens at the base URL)',
	ENOTFOUND: 'the host name of the base URL was not found',
	EAI_AGAIN: 'the host name of the base URL could not be resolved (DNS)',
	ETIMEDOUT: 'no answer before the timeout',
	ECONNABORTED: 'no answer before the timeout',
	ECONNRESET: 'the connection was reset before an answer came',
	EPIPE: 'the connection broke while sending',
	BLOCKED: "n8n's blocked-address check (SSRF protection) refused the Base URL's address; nothing was sent",
	NOT_STARTED: 'the execution was cancelled before the request was sent',
};

/** A failed attempt with no HTTP answer: what we know of it, never the request itself. */
export function readNetworkFailure(error: unknown, timedOut: boolean): Reading {
	const facts = errorFacts(error);
	const errorCode = timedOut ? 'ETIMEDOUT' : facts.blocked ? 'BLOCKED' : (facts.code ?? 'UNKNOWN');
	if (isTlsRefusal(errorCode)) {
		return {
			type: 'network',
			errorCode,
			sent: 'no',
			reason: `the TLS connection was refused (${errorCode}: the server's certificate is not trusted or the handshake failed); nothing was sent`,
		};
	}
	const sent = NOT_SENT.has(errorCode) || errorCode === 'BLOCKED' ? 'no' : 'maybe';
	return { type: 'network', errorCode, sent, reason: REASONS[errorCode] ?? `the request failed (${errorCode})` };
}

/** An attempt that was not made because the execution was already cancelled. */
export const NOT_STARTED: Reading = { type: 'network', errorCode: 'NOT_STARTED', sent: 'no', reason: REASONS.NOT_STARTED };
