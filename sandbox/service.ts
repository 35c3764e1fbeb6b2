import { ANSWER_CODES, DOC_MESSAGES } from '../nodes/BatiwebLead/catalog/codes';
import { checkSecurity, type Caller } from './accounts';
import { LeadStore, PENDING_STATUS, outcomeFromEmail, parisDateTime, statusLabel, type StoredLead } from './leads';
import { isOwnerOnly, notSellableReason } from './rules';
import type { EndpointName, SandboxAccount, SandboxRules } from './types';
import { checkRequest, type ServiceAnswer } from './validation';

/** The message of a positive status answer: the doc gives none, the sandbox says "OK". */
export const STATUS_OK_MESSAGE = 'OK';

export interface ServiceResult {
	answer: ServiceAnswer;
	/** Import: whether this request stored a lead. */
	leadStored: boolean;
	/** Not sent: which field or rule the answer is about, for the record and the log. */
	detail?: string;
	caller?: Caller;
}

export interface ServiceState {
	accounts: () => readonly SandboxAccount[];
	rules: () => Readonly<SandboxRules>;
	store: LeadStore;
	now: () => Date;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function answer(code: number, message: string, detail?: string): ServiceResult {
	return { answer: { code, message }, leadStored: false, detail };
}

/** The body as the service reads it: a JSON value, or nothing usable. */
export type ParsedBody = { json: true; value: unknown } | { json: false };

/**
 * What Batiweb answers to one request, as the doc describes it (the sandbox's business rules for
 * what the doc leaves open). Order: envelope, security (code 1), request fields (codes 2 and 3),
 * then the rules: not bought (4), duplicate (5), leaseholder refused (6).
 */
export function handleServiceRequest(state: ServiceState, endpoint: EndpointName, body: ParsedBody): ServiceResult {
	// A body that is not JSON, or not an object holding a `security` object, has no security at all.
	if (!body.json || !isObject(body.value) || !isObject(body.value.security)) {
		return answer(ANSWER_CODES.invalidArgument, `${DOC_MESSAGES.missingArgument}security`, 'security');
	}
	const security = checkSecurity(body.value.security, state.accounts());
	if (!security.ok) return { answer: security.answer, leadStored: false };
	const caller = security.value;

	const request = body.value.request;
	if (!isObject(request)) {
		return { ...answer(ANSWER_CODES.invalidArgument, `${DOC_MESSAGES.missingArgument}request`, 'request'), caller };
	}
	const checked = checkRequest(endpoint, request);
	if (!checked.ok) return { answer: checked.answer, leadStored: false, detail: checked.detail, caller };
	const fields = checked.value;

	const result =
		endpoint === 'is_sellable'
			? isSellable(state, caller, fields)
			: endpoint === 'import'
				? importLead(state, caller, fields, request)
				: leadStatus(state, caller, fields);
	return { ...result, caller };
}

function sellability(state: ServiceState, caller: Caller, fields: Record<string, string>): ServiceResult | undefined {
	const rules = state.rules();
	const reason = notSellableReason(rules, fields.zipcode, fields.worktype);
	if (reason !== undefined) return answer(ANSWER_CODES.notSellable, DOC_MESSAGES.notSellable, reason);
	if (fields.email !== undefined) {
		const duplicate = state.store.findDuplicate(caller.environment, fields.email, fields.worktype, rules.duplicateWindowDays, state.now());
		if (duplicate !== undefined) return answer(ANSWER_CODES.duplicate, DOC_MESSAGES.duplicate, `duplicate of lead ${duplicate.id}`);
	}
	return undefined;
}

function isSellable(state: ServiceState, caller: Caller, fields: Record<string, string>): ServiceResult {
	return sellability(state, caller, fields) ?? answer(ANSWER_CODES.ok, DOC_MESSAGES.sellable);
}

const TENANT = '2';

function importLead(
	state: ServiceState,
	caller: Caller,
	fields: Record<string, string>,
	request: Record<string, unknown>,
): ServiceResult {
	const refused = sellability(state, caller, fields);
	if (refused !== undefined) return refused;
	if (fields.isowner === TENANT && isOwnerOnly(state.rules(), fields.worktype)) {
		return answer(ANSWER_CODES.leaseholderRefused, DOC_MESSAGES.leaseholderRefused, `ownerOnlyWorktypes "${fields.worktype}"`);
	}
	const { outcome, ignored } = outcomeFromEmail(fields.email);
	const lead = state.store.add({
		environment: caller.environment,
		login: caller.login,
		email: fields.email,
		worktype: fields.worktype,
		outcome,
		supplierLeadId: fields.supplierleadid ?? null,
		request,
		now: state.now(),
	});
	return {
		answer: { code: ANSWER_CODES.ok, message: DOC_MESSAGES.imported, id: lead.id, token: lead.token },
		leadStored: true,
		detail: ignored ?? `lead ${lead.id}`,
	};
}

/**
 * Progression: a lead answers status 0 to its first `pollsBeforeQualified` status calls, then
 * moves to its outcome (1, or the `+status-<n>` of its email). A status set by hand stays.
 */
function advance(lead: StoredLead, rules: Readonly<SandboxRules>, now: Date): void {
	lead.polls++;
	if (!lead.manual && lead.status === PENDING_STATUS && lead.polls > rules.pollsBeforeQualified) {
		lead.status = lead.outcome;
		lead.qualifiedAt = now;
	}
}

function leadStatus(state: ServiceState, caller: Caller, fields: Record<string, string>): ServiceResult {
	const lead = state.store.get(caller.environment, fields.token);
	if (lead === undefined) return answer(ANSWER_CODES.invalidValue, DOC_MESSAGES.invalidValue, 'token unknown in this environment');
	if (lead.login !== caller.login) return answer(ANSWER_CODES.invalidValue, DOC_MESSAGES.invalidValue, 'token imported by another login');
	advance(lead, state.rules(), state.now());
	const date = lead.status === PENDING_STATUS || lead.qualifiedAt === null ? lead.createdAt : lead.qualifiedAt;
	return {
		answer: {
			code: ANSWER_CODES.ok,
			message: STATUS_OK_MESSAGE,
			token: lead.token,
			status: lead.status,
			statusLabel: statusLabel(lead.status),
			date: parisDateTime(date),
			supplierLeadId: lead.supplierLeadId,
		},
		leadStored: false,
		detail: `lead ${lead.id}, poll ${lead.polls}`,
	};
}
