import type { IDataObject } from 'n8n-workflow';

/**
 * What one HTTP attempt gave, before any interpretation by operation:
 * - `answer`: Batiweb's documented JSON with a numeric `code`;
 * - `http-error`: an HTTP status outside 200–399 (the doc's PHP sample treats those as failures);
 * - `unreadable`: a 2xx/3xx whose body is not the documented JSON (HTML page, empty, malformed,
 *   no `code`, an unknown code);
 * - `network`: no HTTP answer at all. `sent` says whether the request may have reached the service.
 */
export type Reading =
	| { type: 'answer'; httpStatus: number; code: number; message: string; body: IDataObject }
	| { type: 'http-error'; httpStatus: number; retryAfterMs?: number; bodyStart: string }
	| { type: 'unreadable'; httpStatus: number; reason: string; bodyStart: string; body?: IDataObject }
	| { type: 'network'; errorCode: string; sent: 'no' | 'maybe'; reason: string };

const KNOWN_CODES = new Set([0, 1, 2, 3, 4, 5, 6, 9]);
const BODY_START_LENGTH = 200;

function start(text: string): string {
	return text.length > BODY_START_LENGTH ? `${text.slice(0, BODY_START_LENGTH)}…` : text;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
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
): Reading {
	if (httpStatus < 200 || httpStatus >= 400) {
		return {
			type: 'http-error',
			httpStatus,
			retryAfterMs: parseRetryAfter(headers['retry-after']),
			bodyStart: start(bodyText),
		};
	}
	if (bodyText.trim() === '') {
		return { type: 'unreadable', httpStatus, reason: 'the answer is empty', bodyStart: '' };
	}
	let body: unknown;
	try {
		body = JSON.parse(bodyText);
	} catch {
		const looksHtml = /^\s*</.test(bodyText);
		return {
			type: 'unreadable',
			httpStatus,
			reason: looksHtml ? 'the answer is an HTML page, not JSON' : 'the answer is not valid JSON',
			bodyStart: start(bodyText),
		};
	}
	if (!isObject(body)) {
		return { type: 'unreadable', httpStatus, reason: 'the answer is not a JSON object', bodyStart: start(bodyText) };
	}
	const code = typeof body.code === 'string' && /^\d+$/.test(body.code) ? Number(body.code) : body.code;
	if (typeof code !== 'number') {
		if (acceptWithoutCode?.(body)) {
			return { type: 'answer', httpStatus, code: 0, message: String(body.message ?? ''), body };
		}
		return { type: 'unreadable', httpStatus, reason: 'the answer has no "code"', bodyStart: start(bodyText), body };
	}
	if (!KNOWN_CODES.has(code)) {
		return {
			type: 'unreadable',
			httpStatus,
			reason: `the answer has code ${code}, which Batiweb's doc does not define`,
			bodyStart: start(bodyText),
			body,
		};
	}
	return { type: 'answer', httpStatus, code, message: typeof body.message === 'string' ? body.message : '', body };
}

/** Error codes that prove the request never left: nothing reached the service. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

function findErrorCode(error: unknown, depth = 0): string | undefined {
	if (typeof error !== 'object' || error === null || depth > 5) return undefined;
	const record = error as { code?: unknown; cause?: unknown; errno?: unknown };
	if (typeof record.code === 'string' && /^[A-Z_]+$/.test(record.code)) return record.code;
	return findErrorCode(record.cause, depth + 1);
}

/** A failed attempt with no HTTP answer: what we know of it, never the request itself. */
export function readNetworkFailure(error: unknown, timedOut: boolean): Reading {
	const errorCode = timedOut ? 'ETIMEDOUT' : (findErrorCode(error) ?? 'UNKNOWN');
	const sent = NOT_SENT.has(errorCode) ? 'no' : 'maybe';
	const reasons: Record<string, string> = {
		ECONNREFUSED: 'the connection was refused (nothing listens at the base URL)',
		ENOTFOUND: 'the host name of the base URL was not found',
		EAI_AGAIN: 'the host name of the base URL could not be resolved (DNS)',
		ETIMEDOUT: 'no answer before the timeout',
		ECONNABORTED: 'no answer before the timeout',
		ECONNRESET: 'the connection was reset before an answer came',
		EPIPE: 'the connection broke while sending',
	};
	return { type: 'network', errorCode, sent, reason: reasons[errorCode] ?? `the request failed (${errorCode})` };
}
