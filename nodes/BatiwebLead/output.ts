import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from './catalog/codes';
import { hintOf, OUTCOME_KINDS, type Outcome } from './outcome';
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


/** A flat item for sheets and CRMs: one row per lead, the same columns whatever happened. */
function simplified(outcome: Outcome, context: OutputContext, request?: BatiwebRequest): IDataObject {
	const data = outcome.data ?? {};
	return {
		leadReference: request?.supplierleadid ?? (data.supplierLeadId as string | null | undefined) ?? request?.email ?? request?.token ?? null,
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
		message: outcome.message,
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
): INodeExecutionData {
	const safe = redactDeep(outcome, context.redact) as Outcome;
	if (context.simplify) {
		return { json: simplified(safe, context, request), pairedItem: { item: itemIndex } };
	}
	const success = safe.kind === 'success';
	const json = compact({
		success,
		operation: context.operation,
		environment: context.environment,
		...(success
			? {
					code: safe.code,
					message: safe.message,
					...(safe.data ?? {}),
					attempts: safe.attempts,
					details: safe.details,
					answer: safe.answer,
				}
			: {
					kind: safe.kind,
					code: safe.code,
					message: safe.message,
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
					itemIndex,
				}),
		request: request ? { ...request } : undefined,
	});
	return { json, pairedItem: { item: itemIndex } };
}
