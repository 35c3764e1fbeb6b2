import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../catalog/codes';
import { interpretCall } from '../interpret';
import { cancelledOutcome, type Outcome, type OutcomeKind } from '../outcome';
import { callBatiweb } from '../transport/call';
import type { RequestSpec } from '../transport/spec';
import type { BatiwebRequest } from '../validation/schemas';
import { checkSellable } from './checkSellable.operation';
import { marksAfter, move, stateOf, writesFor, type LeadEvent, type LeadState, type Marks } from './leadState';
import { MemoryWriter, readMarks, type BatchResult } from './memory';
import { booleanOption, optionValue } from './options';
import type { PreparedItem, RunContext } from './run';

function importData(body: IDataObject): IDataObject {
	return { id: body.id, token: body.token };
}

/**
 * An import creates a lead (doc, "Connectivité IMPORT"): it is sent again only when it certainly
 * was not processed, and a lost answer leaves it "uncertain" (transport/retry.ts, interpret.ts).
 */
export const request: RequestSpec = { endpoint: ENDPOINTS.import, createsLead: true, successData: importData };

export const successOutcome = 'imported';

export const options: INodeProperties[] = [
	{
		displayName: 'Check Sellable First',
		name: 'checkSellableFirst',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask Check Sellable (with the lead\'s email, to catch duplicates) before importing, and import only when Batiweb answers that the lead can be sold',
		displayOptions: { show: { '/operation': ['import'] } },
	},
	{
		displayName: 'Skip Leads Already Sent',
		name: 'skipAlreadySent',
		type: 'boolean',
		default: false,
		description:
			'Whether to skip a lead Batiweb answered this node that it has (kept by n8n\'s de-duplication store, the one behind the Remove Duplicates node), as "skipped-duplicate" on the Error output. A lead an earlier run may have sent without an answer is checked with Check Sellable first, then sent or reported.',
		displayOptions: { show: { '/operation': ['import'] } },
	},
	{
		displayName: 'Skip Leads By',
		name: 'dedupKey',
		type: 'options',
		default: 'emailWorktype',
		options: [
			{ name: 'Email and Worktype', value: 'emailWorktype', description: 'The same consumer asking for the same works' },
			{ name: 'Supplier Lead ID', value: 'supplierleadid', description: 'Your own ID of the lead' },
		],
		description: 'What makes two leads the same for Skip Leads Already Sent',
		displayOptions: { show: { '/operation': ['import'] } },
	},
	{
		displayName: 'Verify Uncertain Imports',
		name: 'verifyUncertainImports',
		type: 'boolean',
		default: true,
		description:
			'Whether to ask Check Sellable with the lead\'s email when an import\'s answer was lost, to tell whether Batiweb got the lead (it answers "duplicate" if so). The import is not resent in this run; with Skip Leads Already Sent, the next run asks again and sends it if Batiweb does not have it.',
		displayOptions: { show: { '/operation': ['import'] } },
	},
];

export interface ImportOptions {
	checkSellableFirst: boolean;
	verifyUncertainImports: boolean;
	skipAlreadySent: boolean;
	dedupKey: 'emailWorktype' | 'supplierleadid';
}

export function readOptions(given: IDataObject, declared: INodeProperties[]): ImportOptions {
	return {
		checkSellableFirst: booleanOption(given, declared, 'checkSellableFirst'),
		verifyUncertainImports: booleanOption(given, declared, 'verifyUncertainImports'),
		skipAlreadySent: booleanOption(given, declared, 'skipAlreadySent'),
		dedupKey: optionValue(given, declared, 'dedupKey') === 'supplierleadid' ? 'supplierleadid' : 'emailWorktype',
	};
}

type ImportRun = RunContext<ImportOptions>;

/** The is_sellable question for a lead: its postcode, worktype and email (to catch duplicates). */
function sellableQuestion(request: BatiwebRequest): BatiwebRequest {
	const { zipcode, worktype, email, supplierleadid } = request;
	return Object.fromEntries(
		Object.entries({ zipcode, worktype, email, supplierleadid }).filter(([, value]) => value !== undefined),
	) as BatiwebRequest;
}

/**
 * After an import whose answer was lost, ask is_sellable with the lead's email: Batiweb answers
 * "duplicate" (5) when it has the lead. That tells the user whether resending is safe; this run
 * never resends it (with the memory on, the next run asks again: leadState.ts).
 */
async function verifyUncertainImport(run: ImportRun, lead: BatiwebRequest): Promise<IDataObject> {
	const check = await checkSellable(run, sellableQuestion(lead));
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

/** A lead the node's memory follows in this run (leadState.ts). */
interface TrackedLead {
	key: string;
	/** The state found when the run read the memory. */
	found: LeadState;
	state: LeadState;
	marks: Marks;
	/** The reasons of the moves made in this run, for the item's `details.why`. */
	why: string;
	writes: Array<Promise<BatchResult>>;
}

/** Per execution: the leads the memory follows, by item, and the queue of their writes. */
interface Bookkeeping {
	leads: Map<number, TrackedLead>;
	writer: MemoryWriter;
}

const BOOKKEEPING = new WeakMap<ImportRun, Bookkeeping>();

function bookkeeping(run: ImportRun): Bookkeeping {
	let state = BOOKKEEPING.get(run);
	if (!state) BOOKKEEPING.set(run, (state = { leads: new Map(), writer: new MemoryWriter(run) }));
	return state;
}

/**
 * Moves a lead along the state table and queues the store writes of the move (not awaited: a
 * lead's `sent:` may be written after the next request starts; a crash in between only costs a
 * verification in the next run).
 */
function advance(run: ImportRun, lead: TrackedLead, event: LeadEvent): void {
	const step = move(lead.state, event);
	const writes = writesFor(lead.marks, step.to);
	lead.writes.push(bookkeeping(run).writer.apply(lead.key, writes));
	lead.marks = marksAfter(lead.marks, step.to);
	lead.state = step.to;
	lead.why = `${lead.why}; ${step.why}`;
}

function withWhy(outcome: Outcome, lead: TrackedLead | undefined): Outcome {
	if (!lead) return outcome;
	return { ...outcome, details: { ...outcome.details, memory: lead.found, why: lead.why } };
}

/**
 * Outcomes of the import call after which Batiweb certainly did not store the lead: a refusal,
 * or every attempt certainly not processed (transport, cancelled). Any other outcome, and an
 * exception, keeps the lead pending.
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

/** The state table's event for an import's outcome. */
function eventOf(outcome: Outcome): LeadEvent {
	if (outcome.kind === 'success') return 'accepted';
	if (outcome.kind === 'duplicate' || outcome.kind === 'duplicate-after-retry') return 'duplicate';
	return NOT_IMPORTED.has(outcome.kind) ? 'not-processed' : 'no-proof';
}

export async function send(run: ImportRun, item: PreparedItem): Promise<Outcome> {
	const lead = bookkeeping(run).leads.get(item.index);
	const resent = lead?.state === 'uncertain';
	if (lead && resent) {
		// An earlier request for this lead may have reached Batiweb: ask before sending again.
		const check = await checkSellable(run, sellableQuestion(item.request));
		if (check.code === 5) {
			advance(run, lead, 'verified-has-it');
			return withWhy(
				{
					kind: 'duplicate-after-retry',
					code: 5,
					stage: 'checkSellable',
					serviceMessage: check.serviceMessage,
					message:
						'Not sent again: an earlier request of this node for this lead may have reached Batiweb (its answer was lost, or the run stopped), and Check Sellable now answers "Duplicate Lead": Batiweb most likely has it. Its token is unknown: ask Batiweb support for it if you need it.',
					attempts: 0,
				},
				lead,
			);
		}
		if (check.kind !== 'success') {
			advance(run, lead, 'verify-inconclusive');
			return withWhy(
				{
					...check,
					kind: 'uncertain',
					stage: 'checkSellable',
					retryable: false,
					message: `Not sent: an earlier request of this node for this lead may have reached Batiweb, and Check Sellable could not tell whether Batiweb has it (${check.message}). The next run asks again.`,
				},
				lead,
			);
		}
		advance(run, lead, 'verified-sellable');
	} else if (run.options.checkSellableFirst) {
		const check = await checkSellable(run, sellableQuestion(item.request));
		if (check.kind !== 'success') {
			return withWhy({ ...check, stage: 'checkSellable', message: `Not imported. Check Sellable: ${check.message}` }, lead);
		}
	}
	if (run.call.signal?.aborted) {
		return withWhy(cancelledOutcome('The execution was cancelled after Check Sellable: the lead was not imported.'), lead);
	}
	if (lead && !resent) {
		// Pending is durable before the request leaves: whatever stops this run, the next one verifies.
		const written = await bookkeeping(run).writer.protect(lead.key);
		const failure = written.failed.get(lead.key);
		if (failure !== undefined) {
			advance(run, lead, 'pending-write-failed');
			return withWhy(
				{
					kind: 'memory-unavailable',
					code: null,
					message: `Not sent: n8n's de-duplication store could not mark the lead as being sent (${failure}), and sending it unmarked could import it twice later. Run it again.`,
					attempts: 0,
				},
				lead,
			);
		}
		lead.marks = { ...lead.marks, pending: true };
		lead.state = move(lead.state, 'pending-recorded').to;
	}
	let outcome = withToken(interpretCall(request, await callBatiweb(run.ctx, run.call, request, item.request)));
	if (resent && outcome.kind === 'duplicate') outcome = duplicateAfterResend(outcome);
	if (outcome.kind === 'uncertain' && run.options.verifyUncertainImports && !run.call.signal?.aborted) {
		outcome.details = { ...outcome.details, ...(await verifyUncertainImport(run, item.request)) };
	}
	if (lead) {
		const verifiedImported = outcome.kind === 'uncertain' && outcome.details?.verification === 'probably-imported';
		advance(run, lead, verifiedImported ? 'verified-has-it' : eventOf(outcome));
	}
	return withWhy(outcome, lead);
}

/** Code 0 without a token is no plain success (finding 6): the lead most likely reached Batiweb, and cannot be followed. */
function withToken(outcome: Outcome): Outcome {
	const token = outcome.data?.token;
	if (outcome.kind !== 'success' || (typeof token === 'string' && token !== '')) return outcome;
	return {
		...outcome,
		kind: 'incomplete-answer',
		data: undefined,
		message: `Batiweb answered code 0 (accepted) without a token${outcome.serviceMessage ? `: "${outcome.serviceMessage}"` : ''}. The lead most likely reached Batiweb, but it cannot be followed; it was not resent.`,
	};
}

/** Code 5 to a lead sent again after an earlier request that may have reached Batiweb (finding 5). */
function duplicateAfterResend(outcome: Outcome): Outcome {
	return {
		...outcome,
		kind: 'duplicate-after-retry',
		message: `Batiweb answered "Duplicate Lead" (code 5) to this lead sent again: the earlier request of this node (whose answer was lost, or whose run stopped) most likely imported it, though Check Sellable had answered that it could be sold. Its token is unknown: ask Batiweb support for it if you need it.`,
	};
}

// ---- Skip Leads Already Sent, and the memory kept for n8n's Retry ---------------------------

/**
 * Whether the node's memory follows this run's leads: with Skip Leads Already Sent, and with Fail
 * Execution When Any Lead Is Refused (finding 4): a failed execution is retried by n8n on every
 * item, and a lead Batiweb has must not be imported again (resending it would only get code 5).
 */
export function memoryOn(options: ImportOptions & { failOnRefusal?: boolean }): boolean {
	return options.skipAlreadySent || options.failOnRefusal === true;
}

function dedupKeyOf(dedupKey: ImportOptions['dedupKey'], lead: BatiwebRequest): string | undefined {
	if (dedupKey === 'supplierleadid') return lead.supplierleadid;
	return `${lead.email.toLowerCase()}|${lead.worktype}`;
}

/**
 * The pure half of Skip Leads Already Sent: each lead's key, the first item of each key, and the
 * items skipped before asking the memory (no key, or the same key earlier in the batch).
 */
export function keysOfBatch(dedupKey: ImportOptions['dedupKey'], items: PreparedItem[]): { firstIndexOfKey: Map<string, number>; skipped: Map<number, Outcome> } {
	const skipped = new Map<number, Outcome>();
	const firstIndexOfKey = new Map<string, number>();
	for (const item of items) {
		const key = dedupKeyOf(dedupKey, item.request);
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
	return { firstIndexOfKey, skipped };
}

/**
 * Reads each lead's state from the node's memory (memory.ts readMarks) and decides by the state
 * table: send, verify first, or skip. Without Skip Leads Already Sent (memory kept for Retry
 * only), an item without a key or sharing one with an earlier item is sent as usual, unfollowed.
 */
export async function beforeSend(run: ImportRun, items: PreparedItem[]): Promise<Map<number, Outcome>> {
	if (!memoryOn(run.options)) return new Map();
	const batch = keysOfBatch(run.options.dedupKey, items);
	const skipped = run.options.skipAlreadySent ? batch.skipped : new Map<number, Outcome>();
	const marks = await readMarks(run, [...batch.firstIndexOfKey.keys()]);
	const { leads } = bookkeeping(run);
	for (const [key, index] of batch.firstIndexOfKey) {
		const found = marks.get(key)!;
		const state = stateOf(found);
		const step = move(state, 'run-starts');
		const lead: TrackedLead = { key, found: state, state, marks: found, why: step.why, writes: [] };
		if (step.next === 'skip') skipped.set(index, withWhy(skippedOutcome('Batiweb answered an earlier run of this node that it has this lead'), lead));
		else leads.set(index, lead);
	}
	return skipped;
}

function skippedOutcome(reason: string): Outcome {
	return { kind: 'skipped-duplicate', code: null, message: `Not sent: ${reason}.`, attempts: 0 };
}

/** Once every write is made: a lead whose memory could not be updated says so (it stays pending). */
export async function afterSend(run: ImportRun, _items: PreparedItem[], outcomes: Array<Outcome | undefined>): Promise<Map<number, Outcome | null>> {
	const replaced = new Map<number, Outcome | null>();
	for (const [index, lead] of bookkeeping(run).leads) {
		const results = await Promise.all(lead.writes);
		const failure = results.map((result) => result.failed.get(lead.key)).find((message) => message !== undefined);
		const outcome = outcomes[index];
		if (failure === undefined || !outcome) continue;
		const warning = `n8n's de-duplication store could not record what happened to this lead (${failure}): the next run asks Check Sellable before sending it again.`;
		replaced.set(index, { ...outcome, details: { ...outcome.details, warning } });
	}
	return replaced;
}

/** On every path (the node stopping on an error included): the queued writes are made. */
export async function release(run: ImportRun): Promise<void> {
	await bookkeeping(run).writer.drain();
}
