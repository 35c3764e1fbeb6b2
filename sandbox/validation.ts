import { findEntry, tableValues, type FieldTableName } from '../nodes/BatiwebLead/catalog';
import { ANSWER_CODES, DOC_MESSAGES } from '../nodes/BatiwebLead/catalog/codes';
import type { EndpointName } from './types';

/** A JSON answer of the service: always `code` and `message`, sometimes more. */
export interface ServiceAnswer {
	code: number;
	message: string;
	[key: string]: unknown;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; answer: ServiceAnswer; detail?: string };

type FieldKind =
	| { type: 'text' }
	| { type: 'email' }
	| { type: 'zipcode' }
	| { type: 'phone' }
	| { type: 'integer' }
	| { type: 'token' }
	| { type: 'table'; table: FieldTableName };

interface FieldSpec {
	name: string;
	kind: FieldKind;
	/** `true`: required; `'phone'`: required unless the other phone is given. */
	required: boolean | 'phone';
}

const text = { type: 'text' } as const;
const table = (name: FieldTableName): FieldKind => ({ type: 'table', table: name });

/** The request fields of each endpoint, in the doc's order (the order of the error messages). */
export const REQUEST_FIELDS: Record<EndpointName, readonly FieldSpec[]> = {
	is_sellable: [
		{ name: 'zipcode', kind: { type: 'zipcode' }, required: true },
		{ name: 'worktype', kind: table('worktype'), required: true },
		{ name: 'email', kind: { type: 'email' }, required: false },
		{ name: 'supplierleadid', kind: text, required: false },
	],
	import: [
		{ name: 'email', kind: { type: 'email' }, required: true },
		{ name: 'city', kind: text, required: true },
		{ name: 'zipcode', kind: { type: 'zipcode' }, required: true },
		{ name: 'isowner', kind: table('isowner'), required: true },
		{ name: 'cellphone', kind: { type: 'phone' }, required: 'phone' },
		{ name: 'landline', kind: { type: 'phone' }, required: 'phone' },
		{ name: 'firstname', kind: text, required: true },
		{ name: 'lastname', kind: text, required: true },
		{ name: 'civility', kind: table('civility'), required: true },
		{ name: 'housingtype', kind: table('housingtype'), required: false },
		{ name: 'workdescription', kind: text, required: true },
		{ name: 'worktype', kind: table('worktype'), required: true },
		{ name: 'address', kind: text, required: false },
		{ name: 'amountofrooms', kind: { type: 'integer' }, required: false },
		{ name: 'remindertime', kind: table('remindertime'), required: false },
		{ name: 'delay', kind: table('delay'), required: false },
		{ name: 'area', kind: table('area'), required: false },
		{ name: 'comment', kind: text, required: false },
		{ name: 'yearbuilt', kind: table('yearbuilt'), required: false },
		{ name: 'funding', kind: table('funding'), required: false },
		{ name: 'budget', kind: table('budget'), required: false },
		{ name: 'supplierleadid', kind: text, required: false },
	],
	status: [{ name: 'token', kind: { type: 'token' }, required: true }],
};

const TABLE_CODES = new Map<FieldTableName, Set<string>>();
function codesOf(name: FieldTableName): Set<string> {
	let codes = TABLE_CODES.get(name);
	if (codes === undefined) {
		codes = new Set(tableValues(name));
		TABLE_CODES.set(name, codes);
	}
	return codes;
}

/** Absent: undefined, null, or a string that is empty once trimmed. */
export function isAbsent(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A string or a finite number, as trimmed text; anything else (object, array, boolean) is undefined. */
export function scalarText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOKEN = /^[0-9a-fA-F]{128}$/;

/** The normalised text of a well-formed value, or undefined when malformed (code 2 "Invalide"). */
function wellFormed(kind: FieldKind, value: unknown): string | undefined {
	const asText = scalarText(value);
	if (asText === undefined) return undefined;
	switch (kind.type) {
		case 'text':
		case 'table':
			return asText;
		case 'email':
			return EMAIL.test(asText) ? asText : undefined;
		case 'zipcode':
			// A string of exactly 5 digits; a number only when it still has 5 digits (a number loses
			// the leading zero of 01000, so 1000 is refused rather than guessed).
			return /^\d{5}$/.test(asText) ? asText : undefined;
		case 'phone':
			return /^\d{10}$/.test(asText) ? asText : undefined;
		case 'integer':
			return /^\d+$/.test(asText) ? asText : undefined;
		case 'token':
			return typeof value === 'string' && TOKEN.test(asText) ? asText.toLowerCase() : undefined;
	}
}

/**
 * A mapped field's code, or undefined when the value is outside its table (code 3). Only codes
 * are taken ("69", 69), not labels; civility also takes the doc example's "M." and the aliases
 * the catalog knows ("Monsieur", "Mme", "Madame"...), normalised to the table's value.
 */
function tableCode(name: FieldTableName, value: string): string | undefined {
	if (name === 'civility') return findEntry('civility', value)?.value;
	return codesOf(name).has(value) ? value : undefined;
}

function missing(fields: string[]): ServiceAnswer {
	return { code: ANSWER_CODES.invalidArgument, message: `${DOC_MESSAGES.missingArgument}${fields.join(', ')}` };
}

function invalid(fields: string[]): ServiceAnswer {
	return { code: ANSWER_CODES.invalidArgument, message: `${DOC_MESSAGES.invalidArgument}${fields.join(', ')}` };
}

/**
 * Checks an endpoint's `request` object: missing fields (code 2 "Missing argument(s)"), then
 * malformed ones (code 2 "Invalide data argument(s)"), then values outside their table (code 3).
 * Several fields at fault are named together, comma-separated, in the doc's order.
 * Returns the present fields, trimmed, with mapped fields as their table codes.
 */
export function checkRequest(endpoint: EndpointName, request: Record<string, unknown>): Checked<Record<string, string>> {
	const specs = REQUEST_FIELDS[endpoint];

	const absent: string[] = [];
	const phonesAbsent = specs
		.filter((spec) => spec.required === 'phone')
		.every((spec) => isAbsent(request[spec.name]));
	let phoneReported = false;
	for (const spec of specs) {
		if (!isAbsent(request[spec.name])) continue;
		if (spec.required === true) absent.push(spec.name);
		// Neither cellphone nor landline: report the first of them (cellphone).
		if (spec.required === 'phone' && phonesAbsent && !phoneReported) {
			absent.push(spec.name);
			phoneReported = true;
		}
	}
	if (absent.length > 0) return { ok: false, answer: missing(absent), detail: absent.join(', ') };

	const malformed: string[] = [];
	const values: Record<string, string> = {};
	for (const spec of specs) {
		const raw = request[spec.name];
		if (isAbsent(raw)) continue;
		const value = wellFormed(spec.kind, raw);
		if (value === undefined) malformed.push(spec.name);
		else values[spec.name] = value;
	}
	if (malformed.length > 0) return { ok: false, answer: invalid(malformed), detail: malformed.join(', ') };

	const outside: string[] = [];
	for (const spec of specs) {
		if (spec.kind.type !== 'table' || values[spec.name] === undefined) continue;
		const code = tableCode(spec.kind.table, values[spec.name]);
		if (code === undefined) outside.push(spec.name);
		else values[spec.name] = code;
	}
	if (outside.length > 0) {
		return {
			ok: false,
			answer: { code: ANSWER_CODES.invalidValue, message: DOC_MESSAGES.invalidValue },
			detail: outside.join(', '),
		};
	}
	return { ok: true, value: values };
}
