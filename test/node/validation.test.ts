/**
 * Each validation rule (fields.ts, validation/schemas.ts), through the engine: the item goes to
 * Error with kind "invalid-input", its message names the item's index, the field's label and key
 * and the rule, and no request reaches the sandbox for it.
 *
 * Each operation runs once with all its bad items (plus good ones, which must be the only
 * requests sent); the tests then look at one item each.
 */
import type { IDataObject } from 'n8n-workflow';

import { TABLES, type FieldTableName } from '../../nodes/BatiwebLead/catalog';
import { FIELDS, type FieldName } from '../../nodes/BatiwebLead/fields';
import { type Sandbox } from '../../sandbox';
import { byItem, CHECK_FROM_BODY, IMPORT_ALL_FROM_BODY, runLead, STATUS_FROM_BODY, type LeadRun } from '../helpers/leadRun';
import { guardPasswords } from '../helpers/secrets';
import { credentialsFor, lead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({}, { reset: false });
guardPasswords(() => sandbox);

interface Case {
	name: string;
	body: IDataObject;
	field: FieldName;
	/** The rule as the message states it. */
	rule: string;
}

const PHONE_RULE = 'must be a French phone number: 10 digits starting with 0, or +33 followed by 9 digits';
const ZIPCODE_RULE = 'must be a French postcode of 5 digits, e.g. 01000';
const WORKTYPE_RULE = 'must be a Worktype code or label from Batiweb\'s table (e.g. 69 or "Peinture")';
const TOKEN_RULE = 'must be the token Batiweb returned on import (16 to 256 letters and digits)';

function tableRule(table: FieldTableName): string {
	return `must be one of ${TABLES[table].entries.map((entry) => `${entry.value} (${entry.fr})`).join(', ')}`;
}

const OUTSIDE: Record<Exclude<FieldTableName, 'worktype'>, string | number> = {
	isowner: '5',
	civility: 3,
	housingtype: '9',
	remindertime: 7,
	delay: '6',
	area: 10,
	yearbuilt: 'Récent',
	funding: 'Leasing',
	budget: 0,
};

/** The import fields the doc marks as required (obligatoire), phones aside, and workdescription:
 * an empty one is the worktype's French label (test/engine/french-columns.test.ts). */
const IMPORT_REQUIRED: FieldName[] = ['email', 'city', 'zipcode', 'isowner', 'firstname', 'lastname', 'civility', 'worktype'];

const IMPORT_CASES: Case[] = [
	...IMPORT_REQUIRED.map((field) => ({
		name: `required ${field} empty`,
		body: lead({ [field]: field === 'email' ? '   ' : '' }),
		field,
		rule: 'is required',
	})),
	{
		name: 'neither cellphone nor landline',
		body: lead({ cellphone: '', landline: ' ' }),
		field: 'cellphone',
		rule: 'is required when Landline is empty (give at least one of Cellphone, Landline)',
	},
	{ name: 'zipcode of 4 digits as text', body: lead({ zipcode: '1000' }), field: 'zipcode', rule: `${ZIPCODE_RULE}; got "1000"` },
	{ name: 'zipcode of 6 digits', body: lead({ zipcode: '750011' }), field: 'zipcode', rule: `${ZIPCODE_RULE}; got "750011"` },
	{ name: 'zipcode with a letter', body: lead({ zipcode: '2A004' }), field: 'zipcode', rule: `${ZIPCODE_RULE}; got "2A004"` },
	{ name: 'zipcode number of 3 digits', body: lead({ zipcode: 999 }), field: 'zipcode', rule: `${ZIPCODE_RULE}; got 999` },
	{ name: 'zipcode number with decimals', body: lead({ zipcode: 75001.5 }), field: 'zipcode', rule: `${ZIPCODE_RULE}; got 75001.5` },
	{ name: 'unknown worktype code', body: lead({ worktype: 999 }), field: 'worktype', rule: `${WORKTYPE_RULE}; got 999` },
	{ name: 'unknown worktype label', body: lead({ worktype: 'Peinturee' }), field: 'worktype', rule: `${WORKTYPE_RULE}; nearest: 72 (Papier peint), 69 (Peinture); got "Peinturee"` },
	{ name: 'email without domain', body: lead({ email: 'jean@' }), field: 'email', rule: 'must be an email address; got "jean@"' },
	{ name: 'email with a space', body: lead({ email: 'jean dupont@example.fr' }), field: 'email', rule: 'must be an email address' },
	{ name: 'email without a dot in the domain', body: lead({ email: 'jean@localhost' }), field: 'email', rule: 'must be an email address' },
	{ name: 'foreign cellphone', body: lead({ cellphone: '+44 20 7946 0958' }), field: 'cellphone', rule: `${PHONE_RULE}; got "+44 20 7946 0958"` },
	{ name: 'short landline', body: lead({ cellphone: '', landline: '01 77 78 10' }), field: 'landline', rule: `${PHONE_RULE}; got "01 77 78 10"` },
	{ name: 'rooms with decimals', body: lead({ amountofrooms: 2.5 }), field: 'amountofrooms', rule: 'must be a whole number (0 or more); got 2.5' },
	{ name: 'rooms in words', body: lead({ amountofrooms: 'deux' }), field: 'amountofrooms', rule: 'must be a whole number (0 or more); got "deux"' },
	{ name: 'negative rooms', body: lead({ amountofrooms: -1 }), field: 'amountofrooms', rule: 'must be a whole number (0 or more); got -1' },
	...Object.entries(OUTSIDE).map(([table, value]) => ({
		name: `${table} outside its table`,
		body: lead({ [table]: value }),
		field: table as FieldName,
		rule: `${tableRule(table as FieldTableName)}; got ${JSON.stringify(value)}`,
	})),
	...([
		['city', 'city', 100, 'x'],
		['first name', 'firstname', 100, 'é'],
		['work description', 'workdescription', 255, 'p'],
		['comment', 'comment', 2000, 'c'],
		['address', 'address', 255, 'a'],
		['supplier lead id', 'supplierleadid', 100, '9'],
	] as const).map(([label, field, max, char]) => ({
		name: `${label} over ${max} characters`,
		body: lead({ [field]: char.repeat(max + 1) }),
		field,
		rule: `must be at most ${max} characters`,
	})),
	{ name: 'a NUL in the last name', body: lead({ lastname: 'Dupont\u0000' }), field: 'lastname', rule: 'must not contain control characters' },
	{ name: 'a BEL in the comment', body: lead({ comment: 'ok\u0007' }), field: 'comment', rule: 'must not contain control characters' },
	{ name: 'a line break in the city', body: lead({ city: 'Paris\nCedex' }), field: 'city', rule: 'must be a single line (no line breaks or tabs)' },
	{ name: 'a list as first name', body: lead({ firstname: ['Jean'] }), field: 'firstname', rule: 'must be text; got ["Jean"]' },
];

/** Items that pass: at the limits of the rules. */
const IMPORT_GOOD: IDataObject[] = [
	lead({ city: 'x'.repeat(100), comment: 'ligne 1\nligne 2\tindentée', amountofrooms: 0, zipcode: '01000' }),
	lead({ firstname: '👩‍🔧'.repeat(1), lastname: 'é'.repeat(100), cellphone: '', landline: '0177781000', amountofrooms: '3' }),
];

const CHECK_CASES: Case[] = [
	{ name: 'required zipcode empty', body: { zipcode: '', worktype: '69' }, field: 'zipcode', rule: 'is required' },
	{ name: 'required worktype empty', body: { zipcode: '75001', worktype: null }, field: 'worktype', rule: 'is required' },
	{ name: 'zipcode of 4 digits as text', body: { zipcode: '1000', worktype: '69' }, field: 'zipcode', rule: `${ZIPCODE_RULE}; got "1000"` },
	{ name: 'unknown worktype', body: { zipcode: '75001', worktype: '0' }, field: 'worktype', rule: `${WORKTYPE_RULE}; got "0"` },
	{ name: 'bad optional email', body: { zipcode: '75001', worktype: '69', email: 'x@y' }, field: 'email', rule: 'must be an email address; got "x@y"' },
	{
		name: 'supplier lead id with a tab',
		body: { zipcode: '75001', worktype: '69', supplierleadid: 'a\tb' },
		field: 'supplierleadid',
		rule: 'must be a single line (no line breaks or tabs)',
	},
];

const STATUS_CASES: Case[] = [
	{ name: 'required token empty', body: { token: '' }, field: 'token', rule: 'is required' },
	{ name: 'token too short', body: { token: 'a'.repeat(15) }, field: 'token', rule: TOKEN_RULE },
	{ name: 'token too long', body: { token: 'a'.repeat(257) }, field: 'token', rule: TOKEN_RULE },
	{ name: 'token not letters and digits', body: { token: `${'a'.repeat(60)}-${'b'.repeat(67)}` }, field: 'token', rule: TOKEN_RULE },
	{ name: 'token as a number', body: { token: 12345 }, field: 'token', rule: `${TOKEN_RULE}; got 12345` },
];

interface Suite {
	run: LeadRun;
	requests: ReturnType<Sandbox['requests']>;
	badCount: number;
}

/** Bad items first, then the good ones; returns the run and the requests it made. */
async function runSuite(parameters: IDataObject, cases: Case[], good: IDataObject[]): Promise<Suite> {
	sandbox.reset();
	const run = await runLead(parameters, { credentials: credentialsFor(sandbox), bodies: [...cases.map((c) => c.body), ...good] });
	return { run, requests: sandbox.requests(), badCount: cases.length };
}

function describeRules(operation: string, parameters: IDataObject, cases: Case[], good: IDataObject[], endpoint: string) {
	describe(operation, () => {
		let suite: Suite;
		beforeAll(async () => (suite = await runSuite(parameters, cases, good)));

		it.each(cases.map((c, index) => [c.name, index, c] as const))('%s → Error, invalid-input, named, not sent', (_, index, c) => {
			const item = byItem(suite.run).get(index);
			expect(item?.output).toBe('failure');
			const json = item!.json;
			expect(json).toMatchObject({ success: false, kind: 'invalid-input', code: null, field: c.field, attempts: 0, retryable: false, itemIndex: index });
			expect(json.message).toContain(`Item ${index}: ${FIELDS[c.field].label} (${c.field}) ${c.rule}`);
			expect(json.message).toMatch(/Nothing was sent\.$/);
			expect(String(json.rule)).toContain(c.rule.split('; got')[0]);
			expect(json).not.toHaveProperty('request');
		});

		it('sends only the good items, once each, to the right endpoint', () => {
			expect(suite.run.success.map((item) => item.pairedItem)).toEqual(good.map((_, i) => ({ item: suite.badCount + i })));
			expect(suite.run.failure).toHaveLength(suite.badCount);
			expect(suite.requests).toHaveLength(good.length);
			expect(suite.requests.every((request) => request.endpoint === endpoint)).toBe(true);
		});
	});
}

describeRules('Import', IMPORT_ALL_FROM_BODY, IMPORT_CASES, IMPORT_GOOD, 'import');
describeRules('Check Sellable', CHECK_FROM_BODY, CHECK_CASES, [{ zipcode: 1000, worktype: 69 }], 'is_sellable');
describeRules('Get Status', STATUS_FROM_BODY, STATUS_CASES, [], 'status');

describe('an item with several problems', () => {
	it('names them all in its message, the first as its field, the others in details', async () => {
		sandbox.reset();
		const run = await runLead(IMPORT_ALL_FROM_BODY, {
			credentials: credentialsFor(sandbox),
			bodies: [lead({ email: 'nope', zipcode: '1', budget: 9 })],
		});
		const { json } = run.failure[0];
		expect(json.field).toBe('email');
		expect(json.message).toContain('Email (email) must be an email address');
		expect(json.message).toContain('Zipcode (zipcode) must be a French postcode');
		expect(json.message).toContain('Budget (budget) must be one of');
		expect(json.details).toEqual({
			otherProblems: [
				{ field: 'zipcode', rule: `${ZIPCODE_RULE}; got "1"` },
				{ field: 'budget', rule: `${tableRule('budget')}; got 9` },
			],
		});
		expect(sandbox.requests()).toEqual([]);
	});
});
