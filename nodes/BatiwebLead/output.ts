import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from './catalog/codes';
import { hintOf, OUTCOME_KINDS, type Outcome } from './outcome';
import type { ItemReference } from './reference';
import { redactDeep } from './transport/redact';
import type { BatiwebRequest } from './validation/schemas';

export interface OutputContext {
	operation: Operation;
	/** The simplified row's `outcome` on success, as the operation names it ("imported"…). */
	successOutcome: string;
	environment: string;
	simplify: boolean;
	/** Removes secrets from any text that came from outside (answers, error texts). */
	redact: (text: string) => string;
}

function compact(object: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}


/**
 * The columns that tie an item to its row, right after the message (n8n's table shows the keys in
 * order): the Supplier Lead ID (else Batiweb's echo of it), the email, `row_number` when the input
 * had one, and n8n's 0-based itemIndex. `unknown` is what a missing one becomes.
 */
function referenceColumns(reference: ItemReference, data: IDataObject, itemIndex: number, unknown: null | undefined, redact: (text: string) => string): IDataObject {
	const safe = (value: string | undefined) => (value === undefined ? unknown : redact(value));
	const echo = data.supplierLeadId;
	const echoed = typeof echo === 'string' || typeof echo === 'number' ? String(echo) : undefined;
	// Get Status's answer says null when the import gave none: kept, as the doc lists the field.
	const given = reference.supplierLeadId ?? echoed;
	return {
		supplierLeadId: given === undefined && echo === null ? null : safe(given),
		email: safe(reference.email),
		...(reference.rowNumber !== undefined ? { row_number: reference.rowNumber } : {}),
		itemIndex,
	};
}

/** A flat item for sheets and CRMs: one row per lead, the same columns whatever happened. */
function simplified(outcome: Outcome, context: OutputContext, itemIndex: number, reference: ItemReference, request?: BatiwebRequest): IDataObject {
	const data = outcome.data ?? {};
	const references = referenceColumns(reference, data, itemIndex, null, context.redact);
	return {
		message: outcome.message,
		leadReference: references.supplierLeadId ?? references.email ?? request?.token ?? (data.token as string | undefined) ?? null,
		...references,
		outcome: outcome.kind === 'success' ? context.successOutcome : outcome.kind,
		success: outcome.kind === 'success',
		code: outcome.code,
		id: (data.id as number | string | undefined) ?? null,
		token: (data.token as string | undefined) ?? request?.token ?? null,
		status: (data.status as number | undefined) ?? null,
		statusLabel: (data.statusLabelEn as string | undefined) ?? null,
		statusLabelFr: (data.statusLabel as string | undefined) ?? null,
		final: (data.final as boolean | undefined) ?? null,
		changed: (data.changed as boolean | undefined) ?? null,
	};
}

/**
 * The output item of one input item. Error items are never shaped like n8n's own error items
 * (a lone `error`/`message`): n8n would move them to its error output and drop our fields.
 */
export function outputItem(
	outcome: Outcome,
	context: OutputContext,
	itemIndex: number,
	request?: BatiwebRequest,
	given: ItemReference = {},
): INodeExecutionData {
	const safe = redactDeep(outcome, context.redact) as Outcome;
	const reference = { ...given, supplierLeadId: given.supplierLeadId ?? request?.supplierleadid, email: given.email ?? request?.email };
	if (context.simplify) {
		return { json: simplified(safe, context, itemIndex, reference, request), pairedItem: { item: itemIndex } };
	}
	const success = safe.kind === 'success';
	const { supplierLeadId, ...data } = safe.data ?? {};
	const json = compact({
		message: safe.message,
		success,
		operation: context.operation,
		environment: context.environment,
		...referenceColumns(reference, { supplierLeadId }, itemIndex, undefined, context.redact),
		...(success
			? {
					code: safe.code,
					...data,
					attempts: safe.attempts,
					details: safe.details,
					answer: safe.answer,
				}
			: {
					kind: safe.kind,
					code: safe.code,
					serviceMessage: safe.serviceMessage,
					field: safe.field,
					rule: safe.rule,
					retryable: safe.retryable ?? OUTCOME_KINDS[safe.kind].retryable,
					hint: hintOf(safe.kind, context.operation),
					stage: safe.stage,
					httpStatus: safe.httpStatus,
					bodyStart: safe.bodyStart,
					attempts: safe.attempts,
					details: safe.details,
					answer: safe.answer,
				}),
		request: request ? { ...request } : undefined,
	});
	return { json, pairedItem: { item: itemIndex } };
}
