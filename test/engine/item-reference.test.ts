/**
 * Every output item can be written back to its row (issue 19): Success and Error, Simplify on and
 * off, every operation, invalid input included, each item carries the Supplier Lead ID and the
 * email when known, n8n's `row_number` when the input had one (Google Sheets), its 0-based
 * itemIndex, and the plain message first (n8n's table shows the keys in order).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { credentialsFor, lead, LEAD_NODE, runWorkflow, webhookToLead } from '../../harness';
import { DEMO_PROD_SECURITY } from '../../sandbox/client';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ rules: { notSellablePairs: [{ worktype: '69', zipcode: '13' }] } });

const AUTO = { mappingMode: 'autoMapInputData', value: null };

async function run(operation: string, simplify: boolean, items: IDataObject[]) {
	const node = { operation, lead: AUTO, options: { simplify } };
	const result = await runWorkflow(webhookToLead(node, { typeVersion: 2 }), { credentials: credentialsFor(sandbox), triggerItems: items.map((json) => ({ json })) });
	const [success = [], failure = []] = result.nodeRun(LEAD_NODE).outputs;
	return { success, failure };
}

/** A Google Sheets row: row_number first, French headers, the reference in "Référence". */
function sheetRow(row: number, fields: IDataObject): IDataObject {
	return { row_number: row, Référence: `CRM-${row}`, ...fields };
}

const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

function expectReferences(items: INodeExecutionData[], rows: IDataObject[], email: (row: IDataObject) => unknown) {
	expect(items).toHaveLength(rows.length);
	for (const item of items) {
		const row = rows[indexOf(item)];
		expect(Object.keys(item.json)[0]).toBe('message');
		expect(item.json).toMatchObject({ supplierLeadId: row.Référence, row_number: row.row_number, itemIndex: indexOf(item) });
		expect(item.json.email).toBe(email(row));
	}
}

describe.each([false, true])('Simplify %s', (simplify) => {
	test('Check Sellable: sellable, not sellable and invalid rows carry their reference', async () => {
		const rows = [
			sheetRow(2, { CP: '78180', Métier: '69', Courriel: 'a@example.fr' }),
			sheetRow(3, { CP: '13003', Métier: '69', Courriel: 'b@example.fr' }),
			sheetRow(4, { CP: 'abc', Métier: '69', Courriel: 'c@example.fr' }),
		];
		const { success, failure } = await run('checkSellable', simplify, rows);
		expect(success.map(indexOf)).toEqual([0]);
		expect(failure.map(indexOf)).toEqual([1, 2]);
		expectReferences([...success, ...failure], rows, (row) => row.Courriel);
	}, 60_000);

	test('Import: imported, refused and invalid rows carry their reference; the message of an invalid one names the row', async () => {
		const rows = [
			sheetRow(2, lead()),
			sheetRow(3, lead({ zipcode: '13003' })),
			sheetRow(4, lead({ city: '' })),
			sheetRow(5, lead({ email: 'not an email' })),
		];
		const { success, failure } = await run('import', simplify, rows);
		expect(success.map(indexOf)).toEqual([0]);
		expect(failure.map(indexOf)).toEqual([1, 2, 3]);
		expectReferences([...success, ...failure], rows, (row) => row.email);
		expect(failure[1].json.message).toMatch(/^Item 2 \(row 4\): City \(city\) is required/);
	}, 60_000);

	test('Get Status: known and unknown tokens, and an invalid one, carry the reference of their row', async () => {
		const imported = await run('import', false, [lead({ supplierleadid: 'CRM-2' })]);
		const token = imported.success[0].json.token as string;
		const rows = [
			sheetRow(2, { Token: token, Courriel: 'a@example.fr' }),
			sheetRow(3, { Token: 'f'.repeat(128), Courriel: 'b@example.fr' }),
			sheetRow(4, { Token: 'not a token', Courriel: 'c@example.fr' }),
		];
		const { success, failure } = await run('getStatus', simplify, rows);
		expect(success.map(indexOf)).toEqual([0]);
		expect(failure.map(indexOf)).toEqual([1, 2]);
		expectReferences([...success, ...failure], rows, (row) => row.Courriel);
	}, 60_000);
});

test('without row_number nor reference columns: no row_number, the email still, itemIndex from 0', async () => {
	const { city: _city, ...noCity } = lead();
	for (const simplify of [false, true]) {
		const { failure } = await run('import', simplify, [noCity]);
		expect(failure[0].json).not.toHaveProperty('row_number');
		expect(failure[0].json).toMatchObject({ email: noCity.email, itemIndex: 0 });
		expect(failure[0].json.message).toMatch(/^Item 0: City/);
	}
}, 60_000);

test('a configuration problem (continue on error): every Error item carries its row\'s reference too', async () => {
	const rows = [sheetRow(2, lead()), sheetRow(3, lead())];
	for (const simplify of [false, true]) {
		const node = { operation: 'import', lead: AUTO, options: { simplify } };
		const result = await runWorkflow(webhookToLead(node, { typeVersion: 2, onError: 'continueRegularOutput' }), {
			credentials: credentialsFor({ url: 'http://batiweb.example.test' }, DEMO_PROD_SECURITY),
			triggerItems: rows.map((json) => ({ json })),
		});
		const [, failure = []] = result.nodeRun(LEAD_NODE).outputs;
		expect(failure.map((item) => item.json.kind ?? item.json.outcome)).toEqual(['configuration', 'configuration']);
		expectReferences(failure, rows, (row) => row.email);
	}
}, 60_000);

test('"Fail Execution When Any Lead Is Refused": its error names each item\'s sheet row', async () => {
	const node = { operation: 'import', lead: AUTO, options: { failOnRefusal: true } };
	const rows = [sheetRow(2, lead()), sheetRow(3, lead({ zipcode: '13003' }))];
	const result = await runWorkflow(webhookToLead(node, { typeVersion: 2 }), { credentials: credentialsFor(sandbox), triggerItems: rows.map((json) => ({ json })) });
	const error = result.nodeRun(LEAD_NODE).error as unknown as { description: string };
	expect(error.description).toMatch(/Batiweb took 1: item 0 \(row 2\): id \d+, token /);
	expect(error.description).toMatch(/Not taken:\nitem 1 \(row 3\): not-sellable: /);
}, 60_000);
