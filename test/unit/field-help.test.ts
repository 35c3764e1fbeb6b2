/**
 * Issue 19: each field explains itself where n8n lets it. Version 1's parameters carry their own
 * description (n8n's "?" tooltip). The resource mapper of version 2 gives its fields none (the
 * "?" shows only n8n's "mandatory" text) and cannot mark "one of Cellphone and Landline": a
 * notice under the fields, shown by n8n for its operation, says what the fields cannot.
 */
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { BatiwebLead } from '../../harness/node-types';
import { COLUMN_ALIASES } from '../../nodes/BatiwebLead/catalog/columns';
import { FIELDS, fieldsWithRole, OPERATION_FIELDS } from '../../nodes/BatiwebLead/fields';

const node = new BatiwebLead();
const v1 = node.nodeVersions[1].description;
const v2 = node.nodeVersions[2].description;

/** The notices n8n shows for an operation, as the editor decides (displayOptions). */
function notices(operation: string): string[] {
	const values = { operation, lead: { mappingMode: 'defineBelow', value: {} }, options: {} };
	const shown = (property: INodeProperties) =>
		NodeHelpers.displayParameter(values, property, { typeVersion: 2 } as never, v2);
	return v2.properties.filter((property) => property.type === 'notice' && shown(property)).map((property) => property.displayName);
}

describe('version 2, Map Each Column Manually', () => {
	it('Import Lead: a notice says what Worktype, Work Description and the two phones need', () => {
		const text = notices('import').join(' ');
		for (const field of [FIELDS.worktype, FIELDS.workdescription, FIELDS.comment, FIELDS.cellphone, FIELDS.landline]) expect(text).toContain(field.label);
		expect(text).toContain('libellé du métier');
		expect(text).toMatch(/at least one of Cellphone and Landline/);
	});

	it('Check Sellable: the notice says how to search the worktypes', () => {
		expect(notices('checkSellable').join(' ')).toMatch(/Worktype: type a French or English word, or the code/);
	});

	it.each(['checkSellable', 'import', 'getStatus'] as const)(
		'%s: a notice names, for each field, the column names Map Automatically reads (from the alias table)',
		(operation) => {
			const text = notices(operation).find((t) => t.startsWith('Map Automatically reads'));
			expect(text).toBeDefined();
			for (const [name] of OPERATION_FIELDS[operation]) {
				const spec = FIELDS[name];
				const shown = [name, ...COLUMN_ALIASES[name].slice(0, 1)].join(', ');
				expect(text).toContain(`${spec.label}: ${shown}`);
			}
		},
	);

	it('Get Status: no field note (one field, the token)', () => {
		expect(notices('getStatus').filter((text) => text.includes('Worktype'))).toEqual([]);
	});
});

describe("version 1: every request parameter's own tooltip", () => {
	const parameters = (v1.properties as INodeProperties[]).flatMap((property) =>
		property.type === 'collection' ? (property.options as INodeProperties[]) : [property],
	);
	const tooltip = (name: string) => parameters.find((property) => property.name === name)!.description ?? '';

	it('every field has a description', () => {
		for (const name of Object.keys(FIELDS)) {
			if (parameters.some((property) => property.name === name)) expect(tooltip(name).trim()).not.toBe('');
		}
	});

	it('Worktype says how to search it; Work Description what it holds', () => {
		expect(tooltip('worktype')).toMatch(/type a French or English word, or the code/);
		expect(tooltip('workdescription')).toContain('libellé du métier');
	});

	it('Work Description may be left empty (it is derived from the Worktype): n8n flags no issue for it', () => {
		const node = { name: 'Batiweb Lead', type: 'n8n-nodes-batiweb.batiwebLead', typeVersion: 1, position: [0, 0], id: 'x', parameters: {} } as never;
		const parameters = NodeHelpers.getNodeParameters(v1.properties, { operation: 'import', workdescription: '' }, true, false, node, v1);
		const issues = NodeHelpers.getNodeParametersIssues(v1.properties, { ...(node as object), parameters } as never, v1);
		expect(Object.keys(issues?.parameters ?? {})).not.toContain('workdescription');
		expect(Object.keys(issues?.parameters ?? {})).toContain('worktype');
	});

	it('Cellphone and Landline each say the other may replace it', () => {
		expect([...fieldsWithRole('import', 'oneOf')].sort()).toEqual(['cellphone', 'landline']);
		expect(tooltip('cellphone')).toContain('Required when Landline is empty');
		expect(tooltip('landline')).toContain('Required when Cellphone is empty');
	});
});
