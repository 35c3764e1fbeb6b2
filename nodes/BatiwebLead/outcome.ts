import type { IDataObject } from 'n8n-workflow';

import { ANSWER_CODES, type Operation } from './catalog/codes';

/**
 * One vocabulary for what happened to an item, whatever the road it took: a Batiweb answer, a
 * validation failure before any call, a transport failure, an answer we could not read.
 * `kind` is stable and machine-readable; users branch on it.
 */
export const OUTCOME_KINDS = {
	success: { retryable: false, hint: '' },
	'not-sellable': {
		retryable: false,
		hint: 'Batiweb does not buy this worktype in this postcode now. Do not resend it as it is.',
	},
	duplicate: {
		retryable: false,
		hint: 'Batiweb already has this lead (same consumer and worktype). Do not resend it.',
	},
	'duplicate-after-retry': {
		retryable: false,
		hint:
			'An earlier attempt of this node most likely reached Batiweb and imported the lead, but its answer was lost: the token is unknown. Do not resend; ask Batiweb for the token if you need it.',
	},
	'leaseholder-refused': {
		retryable: false,
		hint: 'Batiweb refuses tenants for this worktype. Do not resend it as it is.',
	},
	authentication: {
		retryable: false,
		hint: 'Check the login, the password and the environment of the Batiweb credential (PROD needs Batiweb to open it).',
	},
	'invalid-field': {
		retryable: false,
		hint: 'Batiweb says a field is missing or malformed: correct the field named here and resend.',
	},
	'invalid-value': {
		retryable: false,
		hint: 'Batiweb says a value is outside its tables (or the token is unknown): correct it and resend.',
	},
	'service-error': {
		retryable: true,
		hint: 'Batiweb had an internal error. Retrying later may help.',
	},
	'invalid-input': {
		retryable: false,
		hint: 'The item was not sent: correct the field named here (in the incoming data or in the node) and run again.',
	},
	transport: {
		retryable: true,
		hint: 'The service could not be reached or answered with an HTTP error. Retrying later may help.',
	},
	uncertain: {
		retryable: false,
		hint:
			'The import may or may not have reached Batiweb (the answer was lost). It was not resent, to avoid a duplicate. See "verification", or check with Check Sellable and the lead\'s email before resending.',
	},
	'incomplete-answer': {
		retryable: false,
		hint: 'Batiweb answered code 0 without what the answer must carry (the token of an import, the status of a status): the item cannot be followed. An import most likely reached Batiweb: do not resend it; ask Batiweb support for its token.',
	},
	'memory-unavailable': {
		retryable: true,
		hint: "n8n's de-duplication store (the node's memory) could not be written, so the lead was not sent: it certainly did not reach Batiweb. Run it again.",
	},
	'unexpected-answer': {
		retryable: true,
		hint: 'The service answered something that is not Batiweb\'s documented JSON. See "httpStatus" and "bodyStart".',
	},
	'skipped-duplicate': {
		retryable: false,
		hint: 'This node already sent a lead with the same key: it was not sent again.',
	},
	cancelled: {
		retryable: true,
		hint: 'The execution was cancelled before this item was finished.',
	},
	configuration: {
		retryable: false,
		hint: 'Fix the node or credential configuration named in the message.',
	},
	internal: {
		retryable: false,
		hint: 'An unexpected failure inside the node. Please report it with this message.',
	},
} as const;

export type OutcomeKind = keyof typeof OUTCOME_KINDS;

/**
 * Where a kind's usual hint does not fit the operation. Get Status sends one token (doc,
 * "Connectivité STATUS"), often typed into the node: its only value is the token.
 */
const OPERATION_HINTS: Partial<Record<Operation, Partial<Record<OutcomeKind, string>>>> = {
	getStatus: {
		'invalid-input': 'No status was asked for: correct the Token (as typed in the node or given by its expression) and run again.',
		'invalid-field': 'Batiweb says the token is missing or malformed: give the token an import returned, and run again.',
		'invalid-value': 'Batiweb says the token is invalid (code 3 "Invalid value"): give the token an import returned, with the same credential and environment (PREP or PROD).',
	},
};

/** The hint shown with an outcome of this kind for this operation. */
export function hintOf(kind: OutcomeKind, operation: Operation): string {
	return OPERATION_HINTS[operation]?.[kind] ?? OUTCOME_KINDS[kind].hint;
}

export interface Outcome {
	kind: OutcomeKind;
	/** The Batiweb answer code, when the service gave one. */
	code: number | null;
	/** What happened, in plain words. */
	message: string;
	/** The service's own message, when there is one. */
	serviceMessage?: string;
	/** The request field at fault, where known. */
	field?: string;
	/** The rule the field broke (validation failures). */
	rule?: string;
	httpStatus?: number;
	/** The first characters of an answer we could not read. */
	bodyStart?: string;
	/** How many requests this item took (0 when none was sent). */
	attempts: number;
	/** What a success gives the user (id and token, or the status read into plain fields). */
	data?: IDataObject;
	/** Batiweb's answer as received. */
	answer?: IDataObject;
	/** Extra facts, e.g. the result of checking an uncertain import. */
	details?: IDataObject;
	/** Overrides the kind's usual answer to "may retrying help?" when this case knows better. */
	retryable?: boolean;
	/** Which call produced the outcome when an item makes more than one (check-then-import). */
	stage?: Operation;
}

/** The kind of a Batiweb answer code. Code 0 is success; an unknown code is not. */
/** The execution was stopped (n8n's Stop, a timeout): the one builder of a `cancelled` outcome. */
export function cancelledOutcome(message: string, attempts = 0, facts: Partial<Outcome> = {}): Outcome {
	return { ...facts, kind: 'cancelled', code: null, message, attempts };
}

/** The message of an item the stop caught before its request. */
export const CANCELLED_BEFORE_SENT = 'The execution was cancelled before this item was sent.';

export function kindOfCode(code: number): OutcomeKind {
	switch (code) {
		case ANSWER_CODES.ok:
			return 'success';
		case ANSWER_CODES.authentication:
			return 'authentication';
		case ANSWER_CODES.invalidArgument:
			return 'invalid-field';
		case ANSWER_CODES.invalidValue:
			return 'invalid-value';
		case ANSWER_CODES.notSellable:
			return 'not-sellable';
		case ANSWER_CODES.duplicate:
			return 'duplicate';
		case ANSWER_CODES.leaseholderRefused:
			return 'leaseholder-refused';
		case ANSWER_CODES.internalError:
			return 'service-error';
		default:
			return 'unexpected-answer';
	}
}

/** Plain words for each Batiweb code, used in every refusal's message. */
export const CODE_SENTENCES: Record<number, string> = {
	0: 'Batiweb accepted the request',
	1: 'Batiweb refused the credentials',
	2: 'Batiweb says an argument is missing or malformed',
	3: 'Batiweb says a value is invalid',
	4: 'Batiweb does not buy this lead',
	5: 'Batiweb already has this lead',
	6: 'Batiweb refuses this lead because the consumer is a tenant',
	9: 'Batiweb had an internal error',
};
