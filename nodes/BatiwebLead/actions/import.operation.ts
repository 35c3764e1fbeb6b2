import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../catalog/codes';
import { interpretCall } from '../interpret';
import type { Outcome, OutcomeKind } from '../outcome';
import { callBatiweb } from '../transport/call';
import type { RequestSpec } from '../transport/spec';
import type { BatiwebRequest } from '../validation/schemas';
import { checkSellable } from './checkSellable.operation';
import { forgetKeys, recordKeys } from './memory';
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
			'Whether to skip a lead whose key this node has already sent (kept by n8n\'s de-duplication store, the one behind the Remove Duplicates node). Skipped leads go to the Error output with kind "skipped-duplicate".',
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
			'Whether to ask Check Sellable with the lead\'s email when an import\'s answer was lost, to tell whether Batiweb got the lead (it answers "duplicate" if so). The import itself is never resent.',
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
 * "duplicate" (5) when it has the lead. That tells the user whether resending is safe; the
 * import itself is never resent.
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

export async function send(run: ImportRun, item: PreparedItem): Promise<Outcome> {
	if (run.options.checkSellableFirst) {
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
	const outcome = interpretCall(request, await callBatiweb(run.ctx, run.call, request, item.request));
	if (NOT_IMPORTED.has(outcome.kind)) bookkeeping(run).mayHaveImported.delete(item.index);
	if (outcome.kind === 'uncertain' && run.options.verifyUncertainImports && !run.call.signal?.aborted) {
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

const BOOKKEEPING = new WeakMap<ImportRun, Bookkeeping>();

function bookkeeping(run: ImportRun): Bookkeeping {
	let state = BOOKKEEPING.get(run);
	if (!state) BOOKKEEPING.set(run, (state = { recorded: new Map(), mayHaveImported: new Set() }));
	return state;
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
 * Records each lead's key in the node's memory (memory.ts) and skips keys already there, or seen
 * earlier in the same batch.
 */
export async function beforeSend(run: ImportRun, items: PreparedItem[]): Promise<Map<number, Outcome>> {
	if (!run.options.skipAlreadySent) return new Map();
	const { firstIndexOfKey, skipped } = keysOfBatch(run.options.dedupKey, items);
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
 * sent (Check Sellable refused or failed, cancelled, the node stopped first), or refused. The router
 * calls it on every path, the node stopping on an error included.
 */
export async function release(run: ImportRun): Promise<void> {
	const { recorded, mayHaveImported } = bookkeeping(run);
	const forget = keysToForget(recorded, mayHaveImported);
	recorded.clear();
	await forgetKeys(run, forget);
}

/** The pure half of release: the recorded keys of leads whose import cannot have reached Batiweb. */
export function keysToForget(recorded: ReadonlyMap<number, string>, mayHaveImported: ReadonlySet<number>): string[] {
	return [...recorded].filter(([index]) => !mayHaveImported.has(index)).map(([, key]) => key);
}
