import { ANSWER_CODES } from './catalog/codes';
import { CANCELLED_BEFORE_SENT, cancelledOutcome, CODE_SENTENCES, kindOfCode, type Outcome } from './outcome';
import type { CallResult } from './transport/call';
import type { Reading } from './transport/reading';
import { certainlyNotProcessed, isClientRefusal } from './transport/retry';
import type { RequestSpec } from './transport/spec';

/** "Missing argument(s) : zipcode" → "zipcode": the field at fault in a code-2 answer. */
export function fieldOfMessage(message: string): string | undefined {
	const match = /argument\(s\)\s*:\s*([\w, ]+)$/i.exec(message.trim());
	return match ? match[1].split(',')[0].trim() : undefined;
}

function attemptsText(attempts: number): string {
	return attempts > 1 ? ` after ${attempts} attempts` : '';
}

function describeFailure(reading: Exclude<Reading, { type: 'answer' }>): string {
	switch (reading.type) {
		case 'http-error': {
			const wait = reading.retryAfterMs !== undefined ? ` and asked to wait ${Math.ceil(reading.retryAfterMs / 1000)} s before trying again` : '';
			const check = isClientRefusal(reading.httpStatus) ? ' (a refusal of the request itself: check the Base URL of the credential)' : '';
			return `the service answered HTTP ${reading.httpStatus}${check}${wait}`;
		}
		case 'redirect':
			return `the service answered HTTP ${reading.httpStatus}, a redirect to ${reading.host ?? 'an unnamed place'}; redirects are never followed (they would carry the password there), so the request went no further: check the Base URL of the credential`;
		case 'unreadable':
			return `the service answered HTTP ${reading.httpStatus} but ${reading.reason}`;
		case 'network':
			return reading.reason;
	}
}

function failureFacts(reading: Exclude<Reading, { type: 'answer' }>): Partial<Outcome> {
	switch (reading.type) {
		case 'http-error':
			return { httpStatus: reading.httpStatus, bodyStart: reading.bodyStart };
		case 'unreadable':
			return { httpStatus: reading.httpStatus, bodyStart: reading.bodyStart, answer: reading.body };
		case 'redirect':
			return { httpStatus: reading.httpStatus, retryable: false, details: { redirectHost: reading.host } };
		case 'network':
			return { details: { errorCode: reading.errorCode } };
	}
}

/**
 * Turns what a call gave into an outcome. For a request that creates a lead (spec.createsLead),
 * an ambiguous failure or code 9 is "uncertain", and a duplicate answered to the node's own retry
 * is not an ordinary duplicate.
 */
export function interpretCall(spec: Pick<RequestSpec, 'createsLead' | 'successData'>, call: CallResult): Outcome {
	const outcome = interpretReading(spec, call);
	// An answer read inside PHP's output (transport/unwrap.ts): the item says what surrounded it.
	const wrapping = call.reading?.type === 'answer' ? call.reading.wrapping : undefined;
	return wrapping ? { ...outcome, details: { ...outcome.details, answerWrapping: wrapping } } : outcome;
}

function interpretReading(spec: Pick<RequestSpec, 'createsLead' | 'successData'>, call: CallResult): Outcome {
	const { successData } = spec;
	const { reading, attempts } = call;
	if (reading === null) {
		return cancelledOutcome(CANCELLED_BEFORE_SENT, attempts);
	}
	if (reading.type === 'answer') {
		const serviceMessage = reading.message;
		if (reading.code === ANSWER_CODES.ok) {
			return {
				kind: 'success',
				code: 0,
				message: `${CODE_SENTENCES[0]}${serviceMessage ? `: "${serviceMessage}"` : ''}.`,
				serviceMessage,
				attempts,
				data: successData ? successData(reading.body) : undefined,
				answer: reading.body,
			};
		}
		// Batiweb may have stored the lead before failing: the import is uncertain, never resent.
		if (spec.createsLead && reading.code === ANSWER_CODES.internalError) {
			return {
				kind: 'uncertain',
				code: reading.code,
				message: `${CODE_SENTENCES[ANSWER_CODES.internalError]}: "${serviceMessage}" (code 9)${attemptsText(attempts)}. It may have stored the lead before failing, so the import was not resent, to avoid a duplicate lead.`,
				serviceMessage,
				attempts,
				answer: reading.body,
			};
		}
		const retriedImport =
			spec.createsLead &&
			reading.code === ANSWER_CODES.duplicate &&
			call.earlier.some((earlier) => !certainlyNotProcessed(earlier));
		const kind = retriedImport ? 'duplicate-after-retry' : kindOfCode(reading.code);
		const field = reading.code === ANSWER_CODES.invalidArgument ? fieldOfMessage(serviceMessage) : undefined;
		const sentence = retriedImport
			? `Batiweb answered "Duplicate Lead" to this node's own retry: an earlier attempt (${describeEarlier(call.earlier)}) most likely imported the lead`
			: CODE_SENTENCES[reading.code];
		return {
			kind,
			code: reading.code,
			message: `${sentence}: "${serviceMessage}" (code ${reading.code})${attemptsText(attempts)}.`,
			serviceMessage,
			field,
			attempts,
			answer: reading.body,
		};
	}
	const ambiguousImport = spec.createsLead && !certainlyNotProcessed(reading);
	if (ambiguousImport) {
		return {
			kind: 'uncertain',
			code: null,
			message: `The import may have reached Batiweb but ${describeFailure(reading)}${attemptsText(attempts)}; it was not resent, to avoid a duplicate lead.`,
			attempts,
			...failureFacts(reading),
		};
	}
	if (call.cancelled) {
		return cancelledOutcome(`The execution was cancelled: ${describeFailure(reading)}.`, attempts, failureFacts(reading));
	}
	return {
		kind: reading.type === 'unreadable' ? 'unexpected-answer' : 'transport',
		code: null,
		message: `Batiweb could not be used: ${describeFailure(reading)}${attemptsText(attempts)}.`,
		attempts,
		// Sending the same request again will meet the same refusal.
		...(reading.type === 'http-error' && isClientRefusal(reading.httpStatus) ? { retryable: false } : {}),
		...failureFacts(reading),
	};
}

function describeEarlier(earlier: Reading[]): string {
	return earlier.map((reading) => (reading.type === 'answer' ? `code ${reading.code}` : describeFailure(reading))).join('; ');
}
