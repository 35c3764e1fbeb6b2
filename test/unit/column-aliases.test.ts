/** The alias table of Map Automatically (catalog/columns.ts) reads each column for one field only. */
import { COLUMN_ALIASES, IGNORED_COLUMNS, PHONE_COLUMNS, columnKey } from '../../nodes/BatiwebLead/catalog/columns';
import { FIELDS, type FieldName } from '../../nodes/BatiwebLead/fields';

const NAMES = Object.keys(FIELDS) as FieldName[];

test('every folded column name (API name, English label, alias) belongs to one field', () => {
	const owner = new Map<string, FieldName>();
	const clashes: string[] = [];
	for (const name of NAMES) {
		for (const column of new Set([name, FIELDS[name].label, ...COLUMN_ALIASES[name]].map(columnKey))) {
			const other = owner.get(column);
			if (other && other !== name) clashes.push(`${column}: ${other} and ${name}`);
			owner.set(column, name);
		}
	}
	expect(clashes).toEqual([]);
	const generic = [...PHONE_COLUMNS, ...IGNORED_COLUMNS].map(columnKey).filter((column) => owner.has(column));
	expect(generic).toEqual([]);
});

test('every alias folds to something (no alias made of punctuation only)', () => {
	for (const name of NAMES) for (const alias of COLUMN_ALIASES[name]) expect(columnKey(alias)).not.toBe('');
});
