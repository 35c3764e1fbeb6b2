/**
 * Issue 19: ordered scales (delay, callback time, area, budget, year built) are offered in their
 * natural order, the doc's; every other list is sorted by name. And this stays within n8n's lint
 * rule on option order, which exempts lists whose values are numeric codes.
 */
import { createRequire } from 'node:module';

import { ESLint } from 'eslint';

import { TABLES, tableValues, type FieldTableName } from '../../nodes/BatiwebLead/catalog';
import { optionLists } from '../helpers/optionLists';

// The plugin ships no types.
const n8nNodesBase = createRequire(__filename)('eslint-plugin-n8n-nodes-base') as ESLint.Plugin;

const SCALES: FieldTableName[] = ['delay', 'remindertime', 'area', 'budget', 'yearbuilt'];
const lists = optionLists();

it.each(lists.filter((list) => SCALES.includes(list.table)).map((list) => [list.where, list] as const))(
	'%s: in the doc\'s order, from the smallest (or soonest) to "does not know"',
	(_where, list) => {
		expect(list.options.map((option) => option.value)).toEqual(tableValues(list.table));
	},
);

it('the scales are exactly the tables that say so', () => {
	const ordered = Object.entries(TABLES).filter(([, table]) => 'ordered' in table && table.ordered).map(([name]) => name);
	expect(ordered.sort()).toEqual([...SCALES].sort());
});

it.each(lists.filter((list) => !SCALES.includes(list.table)).map((list) => [list.where, list] as const))(
	'%s: sorted by name',
	(_where, list) => {
		const names = list.options.map((option) => option.name);
		expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
	},
);

describe("n8n's lint rule node-param-options-type-unsorted-items", () => {
	const eslint = new ESLint({
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['**/*.ts'],
				plugins: { 'n8n-nodes-base': n8nNodesBase },
				rules: { 'n8n-nodes-base/node-param-options-type-unsorted-items': 'error' },
			},
		],
	});
	/** A parameter literal as a node file would write it: the scale in the doc's order, English names (not sorted). */
	const source = (table: FieldTableName, value: (code: string) => string) => {
		const options = TABLES[table].entries.map((entry) => `{ name: ${JSON.stringify(entry.en)}, value: ${JSON.stringify(value(entry.value))} }`);
		return `export const p = { displayName: 'X', name: 'x', type: 'options', default: '', options: [${options.join(', ')}] };\n`;
	};
	const messages = async (text: string) => (await eslint.lintText(text, { filePath: 'nodes/X/X.node.ts' }))[0].messages;

	it.each(SCALES)('accepts the %s scale in natural order, written as a literal with its codes', async (table) => {
		expect(await messages(source(table, (code) => code))).toEqual([]);
	});

	it('would flag the same order with non-numeric values: the rule is live in this check', async () => {
		const found = await messages(source('delay', (code) => `d${code}`));
		expect(found.map((message) => message.ruleId)).toEqual(['n8n-nodes-base/node-param-options-type-unsorted-items']);
	});
});
