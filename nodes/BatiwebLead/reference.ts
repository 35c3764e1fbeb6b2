import type { IDataObject } from 'n8n-workflow';

import { COLUMN_ALIASES, columnKey, foldedColumnKey as folded } from './catalog/columns';
import { FIELDS } from './fields';

/**
 * What lets a user write an output item back to its row (issue 19): the lead's own references and
 * n8n's `row_number` (Google Sheets gives it). `itemIndex` is n8n's 0-based index of the input
 * item, as in `pairedItem` and `$input.all()[itemIndex]`; `row_number` is the sheet's own row.
 */
export interface ItemReference {
	supplierLeadId?: string;
	email?: string;
	rowNumber?: number | string;
}

const LONGEST = 254;

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed.slice(0, LONGEST);
}

const KEYS = {
	supplierleadid: new Set(['supplierleadid', FIELDS.supplierleadid.label, ...COLUMN_ALIASES.supplierleadid].map(columnKey)),
	email: new Set(['email', FIELDS.email.label, ...COLUMN_ALIASES.email].map(columnKey)),
};

/** An item's column for the field, by the names Map Automatically reads (one pass over its keys). */
function columns(json: IDataObject): { supplierleadid?: string; email?: string } {
	const found: { supplierleadid?: string; email?: string } = {};
	for (const key in json) {
		const name = folded(key);
		if (found.email === undefined && KEYS.email.has(name)) found.email = text(json[key]);
		else if (found.supplierleadid === undefined && KEYS.supplierleadid.has(name)) found.supplierleadid = text(json[key]);
	}
	return found;
}

/**
 * The reference of one item, from what it sent, else from the fields read for it (an item that
 * failed validation), else from its own columns (Get Status reads only the token).
 */
export function referenceOf(json: IDataObject, raw?: Record<string, unknown>, request?: Record<string, string>): ItemReference {
	let supplierLeadId = request?.supplierleadid ?? text(raw?.supplierleadid);
	let email = request?.email ?? text(raw?.email);
	if (supplierLeadId === undefined || email === undefined) {
		const own = columns(json);
		supplierLeadId ??= own.supplierleadid;
		email ??= own.email;
	}
	return { supplierLeadId, email, rowNumber: rowNumberOf(json) };
}

/** n8n's `row_number` (Google Sheets' row of the item), when the item has one. */
export function rowNumberOf(json: IDataObject): number | string | undefined {
	const row = json.row_number;
	return typeof row === 'number' || (typeof row === 'string' && /^\d+$/.test(row.trim())) ? row : undefined;
}
