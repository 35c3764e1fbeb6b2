import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { statusEntry } from '../catalog';
import { ENDPOINTS } from '../catalog/codes';
import { interpretCall } from '../interpret';
import type { Outcome } from '../outcome';
import { callBatiweb } from '../transport/call';
import { numberOfDigits } from '../transport/reading';
import type { RequestSpec } from '../transport/spec';
import { recordPairs } from './memory';
import { booleanOption } from './options';
import type { PreparedItem, RunContext } from './run';

export const options: INodeProperties[] = [
	{
		displayName: 'Only Changes',
		name: 'onlyChanges',
		type: 'boolean',
		default: false,
		description:
			'Whether to output a lead only when its status changed. Version 2: when it differs from Previous Status (the status your table or CRM holds for the lead). Version 1: when it differs from the statuses this node already output for it (kept in n8n\'s database).',
		displayOptions: { show: { '/operation': ['getStatus'] } },
	},
];

/**
 * Version 2's Only Changes compares with the status the item already carries (issue 17 finding 3):
 * stateless, so a change that nothing downstream saved (the next node failed, the execution was
 * stopped) is output again at the next poll, on any queue-mode worker.
 */
export const previousStatusOption: INodeProperties = {
	displayName: 'Previous Status',
	name: 'previousStatus',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.status }}',
	description:
		'For Only Changes: the status already saved for this lead, usually an expression reading it from the incoming item (the Data Table or CRM row). A lead is output when Batiweb\'s status differs from it, or when it is empty.',
	displayOptions: { show: { '/operation': ['getStatus'] } },
};

export interface StatusOptions {
	onlyChanges: boolean;
	/** What Only Changes compares with: Previous Status (version 2) or the node's memory (version 1). */
	compareWith: 'previousStatus' | 'memory';
}

export function readOptions(given: IDataObject, declared: INodeProperties[]): StatusOptions {
	const compareWith = declared.some((option) => option.name === previousStatusOption.name) ? 'previousStatus' : 'memory';
	return { onlyChanges: booleanOption(given, declared, 'onlyChanges'), compareWith };
}

export const successOutcome = 'status';

/** Batiweb works on French time: a date without a zone is read as Europe/Paris wall time. */
const BATIWEB_ZONE = 'Europe/Paris';

const DATE_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy'];

/**
 * The formats compiled once, on first use: `fromFormat` compiles its format on every call, which
 * made reading a status answer cost more CPU than the rest of the node's work for it. luxon ≥ 3.5
 * can compile ahead (n8n 2.x ships 3.7); with an older luxon, each call compiles as before.
 */
let dateParsers: Array<ReturnType<typeof DateTime.buildFormatParser>> | undefined;

/** The service's date as ISO 8601 with its offset, or null when it cannot be read. */
export function isoDate(raw: unknown): string | null {
	if (typeof raw !== 'string' || raw.trim() === '') return null;
	const text = raw.trim();
	if (dateParsers === undefined && typeof DateTime.buildFormatParser === 'function') {
		dateParsers = DATE_FORMATS.map((format) => DateTime.buildFormatParser(format));
	}
	for (let index = 0; index < DATE_FORMATS.length; index++) {
		const date = dateParsers
			? DateTime.fromFormatParser(text, dateParsers[index], { zone: BATIWEB_ZONE })
			: DateTime.fromFormat(text, DATE_FORMATS[index], { zone: BATIWEB_ZONE });
		if (date.isValid) return date.toISO();
	}
	const iso = DateTime.fromISO(text, { zone: BATIWEB_ZONE, setZone: true });
	return iso.isValid ? iso.toISO() : null;
}

/**
 * The status answer in plain fields. The label shown is the one the service returns (the doc's
 * labels for 4 and 6 are copy errors, so we never substitute ours); our English name and whether
 * the status is final come from the catalog, and an unlisted status is "not final".
 */
export function statusData(body: IDataObject): IDataObject {
	const entry = statusEntry(body.status);
	const status = numberOfDigits(body.status);
	return {
		token: body.token,
		status,
		statusLabel: body.statusLabel ?? (entry?.labelIsDocError ? null : entry?.fr) ?? null,
		statusLabelEn: entry?.en ?? null,
		statusKnown: entry !== undefined,
		final: entry?.final ?? false,
		date: isoDate(body.date),
		dateRaw: body.date ?? null,
		supplierLeadId: body.supplierLeadId ?? null,
	};
}

/** The doc's positive status answer lists no `code`: accept it when it has token and status. */
function isPositiveStatusAnswer(body: IDataObject): boolean {
	return typeof body.token === 'string' && body.token !== '' && body.status !== undefined && body.status !== null;
}

/** status (doc, "Connectivité STATUS") changes nothing at Batiweb: retried freely. */
export const request: RequestSpec = {
	endpoint: ENDPOINTS.getStatus,
	createsLead: false,
	acceptWithoutCode: isPositiveStatusAnswer,
	successData: statusData,
};

/**
 * A status read says what the status is, not that the request was accepted: "Status 11: Faux
 * numéro (Wrong number), final." The label is the service's, as in statusData.
 */
export function statusMessage(data: IDataObject): string {
	const label = typeof data.statusLabel === 'string' && data.statusLabel.trim() !== '' ? data.statusLabel.trim() : null;
	const english = typeof data.statusLabelEn === 'string' ? data.statusLabelEn : null;
	const named = label && english && english !== label ? `${label} (${english})` : (label ?? english ?? "not in the doc's status table");
	return `Status ${String(data.status)}: ${named}, ${data.final ? 'final' : 'may still change'}.`;
}

export async function send(run: RunContext, item: PreparedItem): Promise<Outcome> {
	const outcome = interpretCall(request, await callBatiweb(run.ctx, run.call, request, item.request));
	// Code 0 without a status is no plain success (issue 17 finding 6).
	if (outcome.kind === 'success' && outcome.data?.status !== undefined && outcome.data.status !== null) {
		return { ...outcome, message: statusMessage(outcome.data) };
	}
	if (outcome.kind !== 'success') return outcome;
	return {
		...outcome,
		kind: 'incomplete-answer',
		data: undefined,
		retryable: true,
		message: `Batiweb answered code 0 without a status${outcome.serviceMessage ? `: "${outcome.serviceMessage}"` : ''}. Reading it again later may work.`,
	};
}

// ---- Only Changes ------------------------------------------------------------------------

/**
 * Only Changes. Version 2 compares each status with the item's Previous Status. Version 1
 * remembers each (token, status) pair this node has output, in the node's memory (memory.ts:
 * n8n's de-duplication store), and leaves out the leads whose current status is already there.
 *
 * Why that store and not the workflow's static data: static data is not saved for manual runs,
 * and in queue mode a worker starts each execution without the static data another worker saved
 * (seen with n8n 2.41.1 by `npm run test:queue`), so every poll looked "changed". The
 * de-duplication store lives in n8n's database, per node, for every run mode and every worker.
 */
export async function afterSend(
	run: RunContext<StatusOptions>,
	items: PreparedItem[],
	outcomes: Array<Outcome | undefined>,
): Promise<Map<number, Outcome | null>> {
	if (!run.options.onlyChanges) return new Map();
	if (run.options.compareWith === 'previousStatus') return changedFromPrevious(items, outcomes, (index) => run.ctx.getNodeParameter(`options.${previousStatusOption.name}`, index, ''));
	const pairs = statusPairs(items, outcomes);
	if (pairs.size === 0) return new Map();
	return onlyChanges(pairs, await recordPairs(run, [...pairs.keys()]), outcomes);
}

/** The status as compared: digits as a number's text, no surrounding spaces; empty when unknown. */
function statusText(value: unknown): string {
	if (value === undefined || value === null) return '';
	const text = String(value).trim();
	return String(numberOfDigits(text));
}

/**
 * Version 2: each success whose status differs from its item's Previous Status (or has none) is
 * output with `changed: true`; the others are left out. Errors are always output.
 */
export function changedFromPrevious(items: PreparedItem[], outcomes: Array<Outcome | undefined>, previousOf: (index: number) => unknown): Map<number, Outcome | null> {
	const decided = new Map<number, Outcome | null>();
	for (const item of items) {
		const outcome = outcomes[item.index];
		if (outcome?.kind !== 'success' || !outcome.data) continue;
		const previous = statusText(previousOf(item.index));
		const changed = previous === '' || previous !== statusText(outcome.data.status);
		decided.set(item.index, changed ? { ...outcome, data: { ...outcome.data, changed: true, previousStatus: previous === '' ? null : previous } } : null);
	}
	return decided;
}

/** Version 1, the pure halves of Only Changes: each success's (token, status) pair and its items... */
export function statusPairs(items: PreparedItem[], outcomes: Array<Outcome | undefined>): Map<string, number[]> {
	const pairs = new Map<string, number[]>();
	for (const item of items) {
		const outcome = outcomes[item.index];
		if (outcome?.kind !== 'success' || !outcome.data) continue;
		const pair = `${item.request.token}=${String(outcome.data.status)}`;
		const indexes = pairs.get(pair);
		// Appended in place: copying the array for each repeated token was quadratic (finding 7).
		if (indexes) indexes.push(item.index);
		else pairs.set(pair, [item.index]);
	}
	return pairs;
}

/** ...and, given the pairs already output, each item's outcome with `changed`, or null to leave it out. */
export function onlyChanges(pairs: Map<string, number[]>, seenBefore: ReadonlySet<string>, outcomes: Array<Outcome | undefined>): Map<number, Outcome | null> {
	const decided = new Map<number, Outcome | null>();
	for (const [pair, indexes] of pairs) {
		indexes.forEach((index, position) => {
			// The same token twice in one batch: only its first item can be a change.
			const changed = !seenBefore.has(pair) && position === 0;
			const outcome = outcomes[index]!;
			decided.set(index, changed ? { ...outcome, data: { ...outcome.data, changed: true } } : null);
		});
	}
	return decided;
}
