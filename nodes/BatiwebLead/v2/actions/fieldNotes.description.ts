import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../catalog/codes';
import { COLUMN_ALIASES } from '../../catalog/columns';
import { FIELDS, OPERATION_FIELDS, type FieldSpec } from '../../fields';

const { worktype, workdescription, comment, cellphone, landline } = FIELDS;

/**
 * What the resource mapper cannot say: n8n gives its fields no description of their own (the
 * "?" of a field shows only n8n's "mandatory" text), and a field required only when another is
 * empty cannot be marked. So a notice under the fields says it, per operation.
 */
const NOTES: Partial<Record<Operation, string>> = {
	checkSellable: `${worktype.label}: type a French or English word, or the code, to search Batiweb's trades (peint finds "Peinture (Painting) · 69").`,
	import: [
		`${worktype.label}: type a French or English word, or the code, to search Batiweb's trades.`,
		`${workdescription.label}: the trade's label as Batiweb's doc defines it (libellé du métier); left empty, the Worktype's French label is sent, as in the doc's example (69 → Peinture). The consumer's own text goes to ${comment.label}.`,
		`Give at least one of ${cellphone.label} and ${landline.label}.`,
	].join(' '),
};

/** Aliases shown per field in the panel; the README's Column names lists them all. */
const SHOWN_ALIASES = 3;

/**
 * Which column names Map Automatically reads for the operation's fields, from the alias table
 * (catalog/columns.ts): n8n's own notice only says "named the same as the fields".
 */
export function columnNamesNote(operation: Operation): string {
	const fields = OPERATION_FIELDS[operation].map(([name]) => {
		const aliases = COLUMN_ALIASES[name];
		const more = aliases.length > SHOWN_ALIASES ? '…' : '';
		return `${(FIELDS[name] as FieldSpec).label}: ${[name, ...aliases.slice(0, SHOWN_ALIASES)].join(', ')}${more}`;
	});
	return `Map Automatically reads each field by its API name, its English label or a French column name, whatever the case and accents. ${fields.join('; ')}. The full list: the README's "Column names".`;
}

function notice(operation: Operation, name: string, text: string): INodeProperties {
	return { displayName: text, name: `${operation}${name}`, type: 'notice', default: '', displayOptions: { show: { operation: [operation] } } };
}

export function fieldNotes(operation: Operation): INodeProperties[] {
	const text = NOTES[operation];
	return [notice(operation, 'ColumnNames', columnNamesNote(operation)), ...(text ? [notice(operation, 'FieldNotes', text)] : [])];
}
