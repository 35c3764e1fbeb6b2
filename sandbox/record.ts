import type { IncomingHttpHeaders } from 'node:http';

import type { Body } from './http';
import type { ParsedBody } from './service';
import type { RecordedAnswer, RecordedRequest } from './types';

export const REDACTED = '***';

/** How much of a body that is not JSON the record keeps. */
export const RAW_BODY_KEPT = 2000;

/** A deep copy of parsed JSON with the value of every key named "password" (any case) replaced by "***". */
export function redactJson(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(redactJson);
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			out[key] = key.toLowerCase() === 'password' ? REDACTED : redactJson(inner);
		}
		return out;
	}
	return value;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Raw text (a body that is not JSON, e.g. cut short) with passwords masked: the value after a
 * `"password":` key, even unterminated, after `password=`, and any of the given secrets.
 */
export function redactText(text: string, secrets: readonly string[]): string {
	let out = text
		.replace(/("password"\s*:\s*)"(?:[^"\\]|\\.)*\\?("|$)/gi, `$1"${REDACTED}"`)
		.replace(/("password"\s*:\s*)(?!")[^,}\s]+/gi, `$1"${REDACTED}"`)
		.replace(/(password=)[^&\s]*/gi, `$1${REDACTED}`);
	for (const secret of secrets) {
		if (secret.length >= 4) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
	}
	return out;
}

/** The requests the sandbox received on its service paths (the control interface is not recorded). */
export class RequestRecord {
	private entries: RecordedRequest[] = [];
	private nextSeq = 1;

	add(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
		const recorded: RecordedRequest = { seq: this.nextSeq++, ...entry };
		this.entries.push(recorded);
		return recorded;
	}

	list(): RecordedRequest[] {
		return structuredClone(this.entries);
	}

	count(): number {
		return this.entries.length;
	}

	clear(): void {
		this.entries = [];
	}

	/** Clears and restarts the numbering at 1. */
	reset(): void {
		this.entries = [];
		this.nextSeq = 1;
	}
}

/** The body as the record keeps it: parsed JSON or the start of the text, passwords masked. */
export function recordedBody(body: Body, parsed: ParsedBody, secrets: readonly string[]): Pick<RecordedRequest, 'body' | 'bodyFormat'> {
	if (body.bytes === 0) return { bodyFormat: 'empty', body: null };
	if (parsed.json) return { bodyFormat: 'json', body: redactJson(parsed.value) };
	return { bodyFormat: 'text', body: redactText(body.text, secrets).slice(0, RAW_BODY_KEPT) };
}

/** The log line's account of an answer: its fault, code or HTTP status, detail, stored lead. */
export function describeAnswer(answer: RecordedAnswer): string {
	const outcome = answer.fault !== undefined && answer.fault !== 'latency'
		? `fault ${answer.fault}${answer.code !== undefined ? ` (code ${answer.code})` : ''}`
		: answer.code !== undefined ? `code ${answer.code}` : `HTTP ${answer.httpStatus ?? '-'}`;
	const detail = answer.detail !== undefined ? ` [${answer.detail}]` : '';
	return `${outcome}${detail}${answer.leadStored ? ', lead stored' : ''}`;
}

/** The request headers the record keeps: the two the doc's examples send. */
export function recordedHeaders(headers: IncomingHttpHeaders): RecordedRequest['headers'] {
	return {
		...(headers['content-type'] !== undefined ? { 'content-type': headers['content-type'] } : {}),
		...(headers.accept !== undefined ? { accept: headers.accept } : {}),
	};
}
