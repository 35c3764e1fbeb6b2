import { readFileSync } from 'node:fs';

import { findEntry, TABLES } from '../../nodes/BatiwebLead/catalog';
import { FORM_EXAMPLE, formElements, FORM_TRIGGER_NAME } from '../../scripts/form-fields';

const example = JSON.parse(readFileSync(FORM_EXAMPLE, 'utf8')) as { nodes: Array<{ name: string; parameters: { formFields?: unknown } }> };

test('the form example\'s elements are the catalog\'s, as written by `npm run examples:form`', () => {
	const trigger = example.nodes.find((node) => node.name === FORM_TRIGGER_NAME)!;
	expect(trigger.parameters.formFields).toEqual({ values: formElements() });
});

test('each drop-down offers every entry of its table once, and each label finds its own entry', () => {
	const byName = Object.fromEntries(formElements().map((element) => [element.fieldName, element]));
	for (const table of ['civility', 'worktype', 'isowner'] as const) {
		const options = byName[table].fieldOptions!.values.map((value) => value.option);
		expect(options).toHaveLength(TABLES[table].entries.length);
		expect(new Set(options).size).toBe(options.length);
		for (const entry of TABLES[table].entries) expect(findEntry(table, entry.fr)).toBe(entry);
	}
	expect(byName.worktype.fieldOptions!.values).toHaveLength(121);
});
