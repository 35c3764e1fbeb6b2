import { COLUMN_ALIASES, PHONE_COLUMNS, columnKey } from '../catalog/columns';
import { FIELDS, type FieldName } from '../fields';

// Short lists: the message must stay readable in n8n's table and in a sheet's cell.
const SHOWN_COLUMNS = 8;
const SHOWN_NAMES = 4;
const LONGEST_COLUMN = 40;

function listed(items: readonly string[], cap: number): string {
	return items.slice(0, cap).join(', ') + (items.length > cap ? ', …' : '');
}

function distinct(names: readonly string[]): string[] {
	const seen = new Set<string>();
	return names.filter((name) => !seen.has(columnKey(name)) && seen.add(columnKey(name)));
}

/** The names Map Automatically reads for a field, from the alias table: the API name, the shortest, then the lone phone headers. */
export function namesOf(field: FieldName): string[] {
	const phones = field === 'cellphone' || field === 'landline' ? PHONE_COLUMNS : [];
	const own = [FIELDS[field].label, ...COLUMN_ALIASES[field]].sort((a, b) => a.length - b.length);
	return distinct([field, ...own, ...phones]);
}

/** Cellphone and Landline are one requirement: either fills it. */
function namesFilling(field: FieldName): string[] {
	if (field !== 'cellphone' && field !== 'landline') return namesOf(field);
	return distinct([...namesOf('cellphone').slice(0, 2), ...namesOf('landline').slice(0, 2), PHONE_COLUMNS[0]]);
}

/** How the node took the item's fields: Map Automatically, version 2's mapper, version 1's parameters. */
export type FieldReading = 'columns' | 'mapper' | 'parameters';

/**
 * What follows "City (city) is required" (issue 19): the columns the item had and the names that
 * fill the field, so "Ville2" or a typo is seen at once.
 */
export function missingFieldHint(field: FieldName, columns: readonly string[], reading: FieldReading): string {
	const names = namesFilling(field);
	const keys = new Set(names.map(columnKey));
	const own = columns.filter((column) => keys.has(columnKey(column)));
	if (reading === 'columns' && own.length > 0) return `the item's column ${own.map((column) => `"${column}"`).join(', ')} is empty`;
	const shown = columns.map((column) => (column.length > LONGEST_COLUMN ? `${column.slice(0, LONGEST_COLUMN - 1)}…` : column));
	const had = shown.length > 0 ? `the item has ${listed(shown, SHOWN_COLUMNS)}` : 'the item has no columns';
	const fills = `a column named ${listed(names, SHOWN_NAMES)}`;
	const label = FIELDS[field].label;
	if (reading === 'columns') return `${had}; ${fills} fills it`;
	if (reading === 'mapper') return `${had}; map ${label} to one of them (Map Automatically reads ${fills})`;
	return `${had}; set ${label} to one of them by expression`;
}
