/**
 * Version 2 gives the lead through n8n's resource mapper. Map Automatically reads each field from
 * the item by API name or English label; Map Each Column Manually keeps per-field expressions.
 */
import { WorkflowExpression, type IDataObject, type ILoadOptionsFunctions, type INodeExecutionData } from 'n8n-workflow';

import { TABLES } from '../../nodes/BatiwebLead/catalog';
import { FIELDS, fieldOrder, type FieldName, type FieldSpec } from '../../nodes/BatiwebLead/fields';
import { getLeadFields } from '../../nodes/BatiwebLead/v2/methods/resourceMapping';
import { credentialsFor, IMPORT_FROM_BODY, lead, lead as lead_, LEAD_NODE, nodeTypes, posted, runWorkflow, webhookToLead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

const V2 = { typeVersion: 2 };

/** A lead with every import field, optional ones included, as values Batiweb takes. */
function fullLead(): IDataObject {
	const firstOf = (name: FieldName) => TABLES[(FIELDS[name] as FieldSpec).table!].entries[0].value;
	return {
		...lead({ landline: '01 77 78 10 00' }),
		housingtype: firstOf('housingtype'),
		address: '1 rue de la Paix',
		amountofrooms: 3,
		remindertime: firstOf('remindertime'),
		delay: firstOf('delay'),
		area: firstOf('area'),
		comment: 'Deux pièces à repeindre',
		yearbuilt: firstOf('yearbuilt'),
		funding: firstOf('funding'),
		budget: firstOf('budget'),
		supplierleadid: 'crm-42',
	};
}

async function runV2(lead: IDataObject, items: INodeExecutionData[]) {
	const result = await runWorkflow(webhookToLead(lead, V2), { credentials: credentialsFor(sandbox), triggerItems: items });
	const [success = [], failure = []] = result.nodeRun(LEAD_NODE).outputs;
	return { success, failure, requests: sandbox.requests().map((request) => (request.body as { request: IDataObject }).request) };
}

const auto = (operation: string) => ({ operation, lead: { mappingMode: 'autoMapInputData', value: null } });
const asItems = (leads: IDataObject[]) => leads.map((json) => ({ json }));

describe('Map Automatically', () => {
	test('reads every import field by its API name, in the doc order, normalised', async () => {
		const given = fullLead();
		const { success, failure, requests } = await runV2(auto('import'), asItems([given]));
		expect(failure).toEqual([]);
		expect(success).toHaveLength(1);
		expect(Object.keys(requests[0])).toEqual(fieldOrder('import'));
		expect(requests[0]).toMatchObject({ cellphone: '0612345678', landline: '0177781000', civility: '1', amountofrooms: '3' });
	});

	test('reads the English labels too, whatever their case, accents, spaces and punctuation', async () => {
		const given = fullLead();
		const byApiName = await runV2(auto('import'), asItems([given]));
		sandbox.reset();
		const variants = [
			(label: string) => label.toUpperCase(),
			(label: string) => label.replace(/ /g, '_').toLowerCase(),
			(label: string) => ` ${label.replace(/e/g, 'é')} `,
		];
		const byLabel = Object.fromEntries(
			Object.entries(given).map(([name, value], position) => [variants[position % 3](FIELDS[name as FieldName].label), value]),
		);
		byLabel['E-mail'] = byLabel[Object.keys(byLabel).find((key) => key.trim().toLowerCase() === 'email')!];
		const { success, requests } = await runV2(auto('import'), asItems([{ ...byLabel, email: `x${String(given.email)}` }]));
		expect(success).toHaveLength(1);
		expect(requests[0]).toEqual({ ...byApiName.requests[0], email: `x${String(given.email)}` });
	});

	test('an item missing a required field goes to Error naming it; the others are sent', async () => {
		const { city: _city, ...withoutCity } = lead();
		const { success, failure, requests } = await runV2(auto('import'), asItems([withoutCity, lead()]));
		expect(success.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(failure[0].json).toMatchObject({ kind: 'invalid-input', field: 'city', attempts: 0, itemIndex: 0 });
		expect(failure[0].json.message).toContain('City (city) is required');
		expect(requests).toHaveLength(1);
	});

	test('extra fields are ignored', async () => {
		const { success, requests } = await runV2(auto('import'), asItems([{ ...lead(), id: 7, source: 'form', headers: { a: 1 } }]));
		expect(success).toHaveLength(1);
		expect(Object.keys(requests[0]).sort()).toEqual(fieldOrder('import').filter((name) => name in lead()).filter((name) => name !== 'landline').sort());
	});

	test('Check Sellable and Get Status read their fields the same way', async () => {
		const checked = await runV2(auto('checkSellable'), asItems([{ Zipcode: '78180', WorkType: 'Peinture', unrelated: true }]));
		expect(checked.success[0].json).toMatchObject({ sellable: true });
		expect(checked.requests[0]).toEqual({ zipcode: '78180', worktype: '69' });
		sandbox.reset();
		const imported = await runV2(auto('import'), asItems([lead()]));
		const token = imported.success[0].json.token as string;
		sandbox.clearRequests();
		const status = await runV2(auto('getStatus'), asItems([{ Token: token, row: 3 }]));
		expect(status.success[0].json).toMatchObject({ token });
		expect(status.requests[0]).toEqual({ token });
	});
});

describe('expressions evaluated', () => {
	afterEach(() => jest.restoreAllMocks());

	async function expressionsFor(lead: IDataObject, items: number): Promise<number> {
		const evaluated = jest.spyOn(WorkflowExpression.prototype, 'resolveSimpleParameterValue');
		const leads = Array.from({ length: items }, () => lead_());
		const { success } = await runV2({ operation: 'import', lead }, leads.map((json) => ({ json })));
		const count = evaluated.mock.calls.length;
		evaluated.mockRestore();
		expect(success).toHaveLength(items);
		return count;
	}

	// n8n evaluates a couple of expressions of its own per node run, whatever the node does.
	test('Map Automatically evaluates none per item; manual mapping one per field and item', async () => {
		const auto = { mappingMode: 'autoMapInputData', value: null };
		expect(await expressionsFor(auto, 6)).toBe(await expressionsFor(auto, 1));
		const byExpression = Object.fromEntries(Object.keys(lead_()).map((name) => [name, `={{ $json.${name} }}`]));
		const manual = { mappingMode: 'defineBelow', value: byExpression };
		expect((await expressionsFor(manual, 6)) - (await expressionsFor(manual, 1))).toBe(5 * Object.keys(byExpression).length);
	});
});

describe('Map Each Column Manually', () => {
	test('keeps per-field expressions, fixed option values, code-or-label input and phone normalising', async () => {
		const fromBody = Object.fromEntries(Object.entries(IMPORT_FROM_BODY).filter(([name]) => name !== 'operation'));
		const parameters = {
			operation: 'import',
			lead: { mappingMode: 'defineBelow', value: { ...fromBody, isowner: '2', worktype: '={{ $json.body.trade }}' } },
		};
		const { success, failure, requests } = await runV2(
			parameters,
			posted([lead({ trade: 'Painting', cellphone: '+33 6 12 34 56 78' }), lead({ trade: 'Peinture', zipcode: '1234' })]),
		);
		expect(success).toHaveLength(1);
		expect(requests[0]).toMatchObject({ worktype: '69', isowner: '2', cellphone: '0612345678' });
		expect(failure[0].json).toMatchObject({ kind: 'invalid-input', field: 'zipcode', itemIndex: 1 });
	});
});

describe('the resource mapper', () => {
	test("offers each operation's fields, with the catalog's option lists and the required ones marked", async () => {
		const fieldsOf = async (operation: string) =>
			(await getLeadFields.call({ getNodeParameter: () => operation } as unknown as ILoadOptionsFunctions)).fields;
		const importFields = await fieldsOf('import');
		expect(importFields.map((field) => field.id)).toEqual(fieldOrder('import'));
		const worktype = importFields.find((field) => field.id === 'worktype')!;
		expect(worktype).toMatchObject({ type: 'options', required: true, displayName: 'Worktype' });
		expect(worktype.options).toHaveLength(TABLES.worktype.entries.length);
		expect(importFields.find((field) => field.id === 'address')).toMatchObject({ type: 'string', required: false });
		expect((await fieldsOf('getStatus')).map((field) => field.id)).toEqual(['token']);
	});
});

describe('versions', () => {
	test('version 2 is the default, and version 1 keeps its parameters', () => {
		const node = nodeTypes.getByName('n8n-nodes-batiweb.batiwebLead') as { description: { defaultVersion?: number } };
		expect(node.description.defaultVersion).toBe(2);
		const v1 = nodeTypes.getByNameAndVersion('n8n-nodes-batiweb.batiwebLead', 1).description.properties.map((p) => p.name);
		const v2 = nodeTypes.getByNameAndVersion('n8n-nodes-batiweb.batiwebLead', 2).description.properties.map((p) => p.name);
		expect(v1).toEqual(expect.arrayContaining(['operation', 'email', 'zipcode', 'worktype', 'token', 'additionalFields', 'options']));
		// Besides the notices (the field notes and the column names Map Automatically reads).
		const notices = nodeTypes.getByNameAndVersion('n8n-nodes-batiweb.batiwebLead', 2).description.properties.filter((p) => p.type === 'notice').map((p) => p.name);
		expect(new Set(v2.filter((name) => !notices.includes(name)))).toEqual(new Set(['operation', 'lead', 'options']));
	});

	test('a saved version 1 workflow runs unchanged', async () => {
		const result = await runWorkflow(webhookToLead(IMPORT_FROM_BODY, { typeVersion: 1 }), {
			credentials: credentialsFor(sandbox),
			triggerItems: posted([lead()]),
		});
		const [success] = result.nodeRun(LEAD_NODE).outputs;
		expect(success[0].json).toMatchObject({ success: true, code: 0, operation: 'import' });
	});
});
