import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { foldLabel } from '../../catalog';
import type { Operation } from '../../catalog/codes';
import { FIELDS, fieldOrder, type FieldName } from '../../fields';
import { LEAD_PARAMETER, MAP_AUTOMATICALLY } from './lead.description';

/** Reads one item's raw request fields (validated afterwards, as with v1's parameters). */
export type LeadReader = (index: number) => Record<string, unknown>;

/** "First Name", "first_name", "firstName", "FIRSTNAME": folded to the letters and digits "firstname". */
function keyOf(text: string): string {
	return foldLabel(text).replace(/[^a-z0-9]/g, '');
}

/** For each operation, the folded API names and English labels of its fields. */
const KEYS = new Map<Operation, Map<string, FieldName>>();

function keysOf(operation: Operation): Map<string, FieldName> {
	let keys = KEYS.get(operation);
	if (!keys) {
		keys = new Map();
		for (const name of fieldOrder(operation)) {
			keys.set(keyOf(FIELDS[name].label), name);
			keys.set(keyOf(name), name);
		}
		KEYS.set(operation, keys);
	}
	return keys;
}

// Items of one batch share their keys: each distinct key is folded once.
const FOLDED = new Map<string, string>();

function folded(key: string): string {
	let result = FOLDED.get(key);
	if (result === undefined) {
		result = keyOf(key);
		if (FOLDED.size < 10_000) FOLDED.set(key, result);
	}
	return result;
}

/**
 * Map Automatically: the fields are the item's own top-level keys, by API name (`zipcode`) or
 * English label (`Owner Status`), case, accents, spaces and punctuation aside. An exact API name
 * wins over a label. Other keys are ignored. Nothing is evaluated.
 */
export function fieldsOfItem(operation: Operation, json: IDataObject): Record<string, unknown> {
	const keys = keysOf(operation);
	const raw: Record<string, unknown> = {};
	for (const key in json) {
		const name = keys.get(folded(key));
		if (name !== undefined && (key === name || !(name in raw))) raw[name] = json[key];
	}
	return raw;
}

/**
 * The reader of an execution. Map Each Column Manually: fixed values are read once; only the
 * fields holding an expression are resolved per item, by n8n, as any parameter.
 */
export function leadReader(ctx: IExecuteFunctions, operation: Operation): LeadReader {
	const mode = ctx.getNodeParameter(`${LEAD_PARAMETER}.mappingMode`, 0, MAP_AUTOMATICALLY) as string;
	if (mode === MAP_AUTOMATICALLY) {
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
