import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { COLUMN_ALIASES, PHONE_COLUMNS, columnKey, foldedColumnKey as folded } from '../../catalog/columns';
import type { Operation } from '../../catalog/codes';
import { FIELDS, fieldOrder, type FieldName } from '../../fields';
import { LEAD_PARAMETER, MAP_AUTOMATICALLY } from './lead.description';

/** Reads one item's raw request fields (validated afterwards, as with v1's parameters). */
export type LeadReader = (index: number) => Record<string, unknown>;

const keyOf = columnKey;

/** For each operation, the folded API names, English labels and column aliases of its fields. */
const KEYS = new Map<Operation, Map<string, FieldName>>();

function keysOf(operation: Operation): Map<string, FieldName> {
	let keys = KEYS.get(operation);
	if (!keys) {
		keys = new Map();
		for (const name of fieldOrder(operation)) {
			for (const alias of COLUMN_ALIASES[name]) keys.set(keyOf(alias), name);
			keys.set(keyOf(FIELDS[name].label), name);
			keys.set(keyOf(name), name);
		}
		KEYS.set(operation, keys);
	}
	return keys;
}

const PHONE_KEYS = new Set(PHONE_COLUMNS.map(keyOf));

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A French mobile number (06, 07, +33 6, +33 7): what a lone "Téléphone" column most often holds. */
function looksMobile(value: unknown): boolean {
	const digits = String(value).replace(/[^0-9+]/g, '');
	return /^(?:0|\+33|0033)[67]/.test(digits) || /^[67]\d{8}$/.test(digits);
}

/**
 * Map Automatically: the fields are the item's own top-level keys, by API name (`zipcode`),
 * English label (`Owner Status`) or a column name of the catalog's alias table (`Code postal`,
 * `CP`), case, accents, spaces and punctuation aside. An exact API name wins over the others;
 * among the others the first column wins. A column that names a phone without saying which
 * (`Téléphone`) fills the phone field the item leaves empty: a mobile number goes to Cellphone,
 * any other to Landline. Other keys (`Statut` among them) are ignored. Nothing is evaluated.
 */
export function fieldsOfItem(operation: Operation, json: IDataObject): Record<string, unknown> {
	const keys = keysOf(operation);
	const raw: Record<string, unknown> = {};
	let phone: unknown;
	for (const key in json) {
		const foldedKey = folded(key);
		const name = keys.get(foldedKey);
		if (name !== undefined) {
			if (key === name || !(name in raw)) raw[name] = json[key];
		} else if (phone === undefined && PHONE_KEYS.has(foldedKey) && !isBlank(json[key])) {
			phone = json[key];
		}
	}
	if (phone !== undefined && keys.has('cellphone')) {
		const cellEmpty = isBlank(raw.cellphone);
		const landEmpty = isBlank(raw.landline);
		if (cellEmpty && (!landEmpty || looksMobile(phone))) raw.cellphone = phone;
		else if (landEmpty) raw.landline = phone;
	}
	return raw;
}

/** Whether the lead is read from the item's columns (Map Automatically) rather than mapped. */
export function mapsAutomatically(ctx: IExecuteFunctions): boolean {
	return ctx.getNodeParameter(`${LEAD_PARAMETER}.mappingMode`, 0, MAP_AUTOMATICALLY) === MAP_AUTOMATICALLY;
}

/**
 * The reader of an execution. Map Each Column Manually: fixed values are read once; only the
 * fields holding an expression are resolved per item, by n8n, as any parameter.
 */
export function leadReader(ctx: IExecuteFunctions, operation: Operation): LeadReader {
	if (mapsAutomatically(ctx)) {
		const items = ctx.getInputData();
		return (index) => fieldsOfItem(operation, items[index].json);
	}
	const mapper = (ctx.getNode().parameters[LEAD_PARAMETER] ?? {}) as INodeParameters;
	const values = (mapper.value ?? {}) as IDataObject;
	const own = new Set<string>(fieldOrder(operation));
	const fixed: Record<string, unknown> = {};
	const computed: string[] = [];
	for (const [name, value] of Object.entries(values)) {
		if (!own.has(name)) continue;
		if (typeof value === 'string' && value.startsWith('=')) computed.push(name);
		else fixed[name] = value;
	}
	return (index) => {
		const raw = { ...fixed };
		for (const name of computed) raw[name] = ctx.getNodeParameter(`${LEAD_PARAMETER}.value.${name}`, index);
		return raw;
	};
}
