/**
 * Issue 19: every option a user meets, in both versions and the resource mapper, is named
 * "French label (English name) · code", so that typing any of the three in n8n's dropdown (which
 * filters on the name) finds it. Built from the catalog: no name is written out here.
 */
import { findEntry, foldLabel, TABLES, tableValues, type FieldTableName } from '../../nodes/BatiwebLead/catalog';
import { ENDPOINTS, type Operation } from '../../nodes/BatiwebLead/catalog/codes';
import { FIELDS, OPERATION_FIELDS } from '../../nodes/BatiwebLead/fields';
import { entryOf, optionLists } from '../helpers/optionLists';

const lists = optionLists();

test('every mapped field of every operation has its option list in version 1 and in the resource mapper', () => {
	const expected = (Object.keys(ENDPOINTS) as Operation[]).flatMap((operation) =>
		OPERATION_FIELDS[operation]
			.map(([name]) => FIELDS[name])
			.filter((spec) => spec.type === 'mapped')
			.flatMap((spec) => [`v1 ${operation} ${spec.table}`, `v2 ${operation} ${spec.table}`]),
	);
	const found = lists.map((list) => `${list.where.split(' ')[0]} ${list.where.split(' ')[1].replace(':', '')} ${list.table}`);
	expect(found.sort()).toEqual(expected.sort());
});

describe.each(lists.map((list) => [list.where, list] as const))('%s', (_where, list) => {
	it('offers each value of its table once', () => {
		expect(list.options.map((option) => option.value).sort()).toEqual(tableValues(list.table).sort());
	});

	it('names each option French label first, then the English name, then " · code"', () => {
		for (const option of list.options) {
			const entry = entryOf(list, option);
			expect(option.name.startsWith(entry.fr)).toBe(true);
			expect(option.name.endsWith(` · ${entry.value}`)).toBe(true);
			expect(option.name.toLowerCase()).toContain(entry.en.toLowerCase());
			if (foldLabel(entry.en) !== foldLabel(entry.fr)) expect(option.name).toContain(`(${entry.en})`);
		}
	});
});

describe('what users type in expressions or columns keeps working', () => {
	it.each(Object.keys(TABLES).filter((name) => name !== 'status') as FieldTableName[])('%s: code, French label, English name and the option name', (table) => {
		const list = lists.find((candidate) => candidate.table === table)!;
		for (const option of list.options) {
			const entry = entryOf(list, option);
			for (const input of [entry.value, Number(entry.value), entry.fr, entry.en, option.name, option.name.toUpperCase()]) {
				expect(findEntry(table, input)).toBe(entry);
			}
		}
	});
});
