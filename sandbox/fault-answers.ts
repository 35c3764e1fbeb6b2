/**
 * The one table of injected faults: for each kind, whether Batiweb has processed the request
 * when that answer comes back (an import stored its lead, a status call counted as a poll), and
 * the answer itself. The server sends it and the record describes it, both from this table.
 */
import { STATUS_CODES } from 'node:http';

import { ANSWER_CODES, DOC_MESSAGES } from '../nodes/BatiwebLead/catalog/codes';
import { HTML_TYPE, htmlPage, JSON_TYPE, jsonAnswer, type HttpAnswer } from './http';
import type { FaultKind, FaultSpec, RecordedAnswer } from './types';
import type { ServiceAnswer } from './validation';

/** What reaches the client: an HTTP answer, or none (the connection reset, or held open). */
export type Reply = { http: HttpAnswer; record: Pick<RecordedAnswer, 'code' | 'message'> } | { socket: 'reset' | 'hang' };

interface FaultAnswer {
	/** Whether the request was processed before this answer, unless the spec says `processed`. */
	processed(spec: FaultSpec): boolean;
	/** `answer`: the service's own answer, when the request was processed. */
	reply(spec: FaultSpec, answer: ServiceAnswer | undefined): Reply;
}

/** A code the doc's « Code réponse » does not list (7), as a newer service version might send. */
const UNKNOWN_CODE = { code: 7, message: 'Unexpected error' } as const;
const INTERNAL_ERROR = { code: ANSWER_CODES.internalError, message: DOC_MESSAGES.internalError } as const;

/** A JSON answer that carries a Batiweb `code` (the record keeps its code and message). */
export function serviceReply(answer: { code: number; message: string }, status = 200): Reply {
	return { http: jsonAnswer(status, answer), record: { code: answer.code, message: answer.message } };
}

/** An HTTP answer without a Batiweb code. */
const bare = (http: HttpAnswer): Reply => ({ http, record: {} });
const always = () => true;
const never = () => false;

export const FAULT_ANSWERS: Record<FaultKind, FaultAnswer> = {
	// Only slow: the service's own answer, late.
	latency: { processed: always, reply: (_, answer) => serviceReply(answer ?? INTERNAL_ERROR) },
	// 500 and 504 come after the service worked on the request; 429, 502, 503 and others before.
	'http-status': {
		processed: (spec) => spec.status === 500 || spec.status === 504,
		reply(spec) {
			const status = spec.status ?? 503;
			const reason = STATUS_CODES[status] ?? 'Error';
			const headers: Record<string, string> = spec.retryAfter !== undefined ? { 'Retry-After': String(spec.retryAfter) } : {};
			// 502 and 504 come from a reverse proxy in front of the service: an HTML page.
			if (status === 502 || status === 504) {
				return bare({ status, contentType: HTML_TYPE, body: htmlPage(status, reason, 'The upstream server did not answer correctly.'), headers });
			}
			return bare(jsonAnswer(status, { error: reason }, headers));
		},
	},
	// A front page (e.g. maintenance) instead of the service.
	'html-200': {
		processed: never,
		reply: () =>
			bare({
				status: 200,
				contentType: HTML_TYPE,
				body: htmlPage(200, 'Service indisponible', 'Le service est momentanément indisponible. Merci de réessayer plus tard.'),
			}),
	},
	'empty-body': { processed: always, reply: () => bare({ status: 200, contentType: JSON_TYPE, body: '' }) },
	// An answer cut short: the start of the real one when there is one.
	'malformed-json': {
		processed: always,
		reply(_, answer) {
			const full = JSON.stringify(answer ?? { code: ANSWER_CODES.ok, message: DOC_MESSAGES.imported });
			return bare({ status: 200, contentType: JSON_TYPE, body: full.slice(0, Math.min(15, full.length - 1)) });
		},
	},
	'no-code': { processed: never, reply: () => bare(jsonAnswer(200, { message: 'ok' })) },
	'unknown-code': { processed: never, reply: () => serviceReply(UNKNOWN_CODE) },
	'internal-error': { processed: never, reply: () => serviceReply(INTERNAL_ERROR) },
	// The answer is lost after the service stored the lead.
	reset: { processed: always, reply: () => ({ socket: 'reset' }) },
	hang: { processed: always, reply: () => ({ socket: 'hang' }) },
};
