import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { statusEntry } from '../../catalog';
import { interpretCall } from '../../interpret';
import type { Outcome } from '../../outcome';
import { callBatiweb } from '../../transport/call';
import { requestParameters } from './fields.description';
import { recordKeys } from './memory';
import type { PreparedItem, RunContext } from './run';

export const description: INodeProperties[] = requestParameters('getStatus');

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
	const status = typeof body.status === 'string' && /^\d+$/.test(body.status) ? Number(body.status) : body.status;
	return {
		token: body.token,
		status,
		statusLabel: body.statusLabel ?? entry?.fr ?? null,
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

export async function send(run: RunContext, item: PreparedItem): Promise<Outcome> {
	const settings = { ...run.call, target: { ...run.call.target, acceptWithoutCode: isPositiveStatusAnswer } };
	const call = await callBatiweb(run.fn, settings, 'getStatus', item.request);
	return interpretCall('getStatus', call, statusData);
}

// ---- Only Changes ------------------------------------------------------------------------

/**
 * Remembers each (token, status) pair this node has output, in the node's memory (memory.ts:
 * n8n's de-duplication store), and leaves out the leads whose current status is already there.
 *
 * Why that store and not the workflow's static data: static data is not saved for manual runs,
 * and in queue mode a worker starts each execution without the static data another worker saved
 * (seen with n8n 2.41.1 by `npm run test:queue`), so every poll looked "changed". The
 * de-duplication store lives in n8n's database, per node, for every run mode and every worker.
 */
export async function afterSend(
	run: RunContext,
	items: PreparedItem[],
	outcomes: Array<Outcome | undefined>,
): Promise<Set<number>> {
	const unchanged = new Set<number>();
	if (!run.settings.onlyChanges) return unchanged;
	const pairs = new Map<string, PreparedItem[]>();
	for (const item of items) {
		const outcome = outcomes[item.index];
		if (outcome?.kind !== 'success' || !outcome.data) continue;
		const pair = `${item.request.token}=${String(outcome.data.status)}`;
		pairs.set(pair, [...(pairs.get(pair) ?? []), item]);
	}
	if (pairs.size === 0) return unchanged;
	const seenBefore = await recordKeys(run, [...pairs.keys()]);
	for (const [pair, pairItems] of pairs) {
		pairItems.forEach((item, position) => {
			// The same token twice in one batch: only its first item can be a change.
			const changed = !seenBefore.has(pair) && position === 0;
			outcomes[item.index]!.data!.changed = changed;
			if (!changed) unchanged.add(item.index);
		});
	}
	return unchanged;
}
