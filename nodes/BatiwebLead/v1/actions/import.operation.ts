import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { interpretCall } from '../../interpret';
import type { Outcome, OutcomeKind } from '../../outcome';
import { callBatiweb } from '../../transport/call';
import type { BatiwebRequest } from '../../validation/schemas';
import { checkSellable } from './checkSellable.operation';
import { requestParameters } from './fields.description';
import { forgetKeys, recordKeys } from './memory';
import type { PreparedItem, RunContext } from './run';

export const description: INodeProperties[] = requestParameters('import');

/** The is_sellable question for a lead: its postcode, worktype and email (to catch duplicates). */
function sellableQuestion(request: BatiwebRequest): BatiwebRequest {
	const { zipcode, worktype, email, supplierleadid } = request;
	return Object.fromEntries(
		Object.entries({ zipcode, worktype, email, supplierleadid }).filter(([, value]) => value !== undefined),
	) as BatiwebRequest;
}

function importData(body: IDataObject): IDataObject {
	return { id: body.id, token: body.token };
}

/**
 * After an import whose answer was lost, ask is_sellable with the lead's email: Batiweb answers
 * "duplicate" (5) when it has the lead. That tells the user whether resending is safe; the
 * import itself is never resent.
 */
async function verifyUncertainImport(run: RunContext, request: BatiwebRequest): Promise<IDataObject> {
	const check = await checkSellable(run, sellableQuestion(request));
	if (check.code === 5) {
		return {
			verification: 'probably-imported',
			verificationMessage:
				'Check Sellable now answers "Duplicate Lead" for this email and worktype: Batiweb most likely has the lead. Do not resend it.',
		};
	}
	if (check.kind === 'success') {
		return {
			verification: 'probably-not-imported',
			verificationMessage:
				'Check Sellable answers that this lead can be sold, so Batiweb does not seem to have it: resending it is most likely safe.',
		};
	}
	return {
		verification: 'unknown',
		verificationMessage: `The check could not tell: ${check.message}`,
	};
}

export async function send(run: RunContext, item: PreparedItem): Promise<Outcome> {
	if (run.settings.checkSellableFirst) {
		const check = await checkSellable(run, sellableQuestion(item.request));
		if (check.kind !== 'success') {
			return { ...check, stage: 'checkSellable', message: `Not imported. Check Sellable: ${check.message}` };
		}
		if (run.call.signal?.aborted) {
			return { kind: 'cancelled', code: null, message: 'The execution was cancelled after Check Sellable: the lead was not imported.', attempts: 0 };
		}
	}
	// From here until its outcome proves otherwise, the import may reach Batiweb (keys, below).
	bookkeeping(run).mayHaveImported.add(item.index);
	const call = await callBatiweb(run.fn, run.call, 'import', item.request);
	const outcome = interpretCall('import', call, importData);
	if (NOT_IMPORTED.has(outcome.kind)) bookkeeping(run).mayHaveImported.delete(item.index);
	if (outcome.kind === 'uncertain' && run.settings.verifyUncertainImports && !run.call.signal?.aborted) {
		outcome.details = { ...outcome.details, ...(await verifyUncertainImport(run, item.request)) };
	}
	return outcome;
}

// ---- Skip Leads Already Sent -------------------------------------------------------------

/**
 * Outcomes of the import call after which Batiweb certainly did not store the lead: a refusal,
 * or every attempt certainly not processed (transport, cancelled). Any other outcome, and an
 * exception, keeps the lead's key.
 */
const NOT_IMPORTED: ReadonlySet<OutcomeKind> = new Set<OutcomeKind>([
	'authentication',
	'invalid-field',
	'invalid-value',
	'not-sellable',
	'leaseholder-refused',
	'transport',
	'cancelled',
]);

/** Per execution: the keys this run recorded (by item), and the items whose import may have reached Batiweb. */
interface Bookkeeping {
	recorded: Map<number, string>;
	mayHaveImported: Set<number>;
}

const BOOKKEEPING = new WeakMap<RunContext, Bookkeeping>();

function bookkeeping(run: RunContext): Bookkeeping {
	let state = BOOKKEEPING.get(run);
	if (!state) BOOKKEEPING.set(run, (state = { recorded: new Map(), mayHaveImported: new Set() }));
	return state;
}

function dedupKeyOf(run: RunContext, request: BatiwebRequest): string | undefined {
	if (run.settings.dedupKey === 'supplierleadid') return request.supplierleadid;
	return `${request.email.toLowerCase()}|${request.worktype}`;
}

/**
 * Records each lead's key in the node's memory (memory.ts) and skips keys already there, or seen
 * earlier in the same batch.
 */
export async function beforeSend(run: RunContext, items: PreparedItem[]): Promise<Map<number, Outcome>> {
	const skipped = new Map<number, Outcome>();
	if (!run.settings.skipAlreadySent) return skipped;
	const firstIndexOfKey = new Map<string, number>();
	for (const item of items) {
		const key = dedupKeyOf(run, item.request);
		if (key === undefined) {
			skipped.set(item.index, {
				kind: 'invalid-input',
				code: null,
				field: 'supplierleadid',
				rule: 'is required when Skip Key is Supplier Lead ID',
				message: 'Supplier Lead ID (supplierleadid) is required when Skip Key is Supplier Lead ID.',
				attempts: 0,
			});
		} else if (firstIndexOfKey.has(key)) {
			skipped.set(item.index, skippedOutcome(`an earlier item of this batch (item ${firstIndexOfKey.get(key)}) has the same key`));
		} else {
			firstIndexOfKey.set(key, item.index);
		}
	}
	const processed = await recordKeys(run, [...firstIndexOfKey.keys()]);
	const { recorded } = bookkeeping(run);
	for (const [key, index] of firstIndexOfKey) {
		if (processed.has(key)) skipped.set(index, skippedOutcome('this node already sent a lead with the same key'));
		else recorded.set(index, key);
	}
	return skipped;
}

function skippedOutcome(reason: string): Outcome {
	return { kind: 'skipped-duplicate', code: null, message: `Not sent: ${reason}.`, attempts: 0 };
}

/**
 * Forgets the keys recorded by this run for leads whose import cannot have reached Batiweb: never
 * sent (Check Sellable refused or failed, cancelled, the node stopped first), or refused. Runs on
 * every path, the node stopping on an error included (the router calls it then too).
 */
export async function release(run: RunContext): Promise<void> {
	const { recorded, mayHaveImported } = bookkeeping(run);
	const forget = [...recorded].filter(([index]) => !mayHaveImported.has(index)).map(([, key]) => key);
	recorded.clear();
	await forgetKeys(run, forget);
}

export async function afterSend(run: RunContext): Promise<Set<number>> {
	await release(run);
	return new Set();
}
