/**
 * Values given by expression in their many spellings, as the sandbox receives them: a mapped
 * field takes its code or its label (French, English, the doc's truncated text, civility's
 * "M."/"Mme"), a phone number becomes the French national form, a postcode keeps its leading
 * zero. What cannot be read is refused before sending.
 */
import type { IDataObject } from 'n8n-workflow';

import { CHECK_FROM_BODY, runLead } from '../helpers/leadRun';
import { guardPasswords } from '../helpers/secrets';
import { credentialsFor, IMPORT_FROM_BODY, lead, MOBILE_WRITINGS } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();
guardPasswords(() => sandbox);

/** Runs the items and returns, per input index, the request the sandbox received (or the error). */
async function sent(parameters: IDataObject, bodies: IDataObject[]) {
	const run = await runLead(parameters, { credentials: credentialsFor(sandbox), bodies });
	const requests = sandbox.requests().map((request) => (request.body as { request: IDataObject }).request);
	const received = (index: number) => {
		const item = run.success.find((candidate) => (candidate.pairedItem as { item: number }).item === index);
		if (!item) return undefined;
		// The output's `request` is what was sent; the sandbox must have received exactly that.
		const request = item.json.request as IDataObject;
		expect(requests).toContainEqual(request);
		return request;
	};
	const refused = (index: number) =>
		run.failure.find((candidate) => (candidate.pairedItem as { item: number }).item === index)?.json;
	return { run, requests, received, refused };
}

describe('worktype', () => {
	const SPELLINGS: Array<string | number> = [69, '69', ' 69 ', 'Peinture', 'peinture', 'PEINTURE', ' Peinture ', 'Painting', 'painting'];

	it.each([['Check Sellable', CHECK_FROM_BODY, (worktype: string | number): IDataObject => ({ zipcode: '75001', worktype })] as const, ['Import', IMPORT_FROM_BODY, (worktype: string | number): IDataObject => lead({ worktype })] as const])(
		'%s sends "69" for the code and every spelling of its label',
		async (_, parameters, body) => {
			const { received, requests, run } = await sent(parameters, SPELLINGS.map(body));
			expect(run.failure).toEqual([]);
			SPELLINGS.forEach((_spelling, index) => expect(received(index)?.worktype).toBe('69'));
			expect(requests).toHaveLength(SPELLINGS.length);
		},
	);

	it.each([
		['Gros oeuvre (Extension maison, constr', '183'],
		['Installation de chauffe-eau / Thermod', '90'],
		['Isolation des combles non aménageab', '66'],
		['Isolation thermique des murs intérieu', '65'],
		['Gros oeuvre (Extension maison, construction)', '183'],
		['isolation des combles non amenageables', '66'],
		['Structural work (house extension, construction)', '183'],
		['Géothermie', '108'],
		['geothermie', '108'],
		["Isolation par l'extérieur", '56'],
	])('takes %j (doc-truncated, completed, English or unaccented) as %s', async (label, code) => {
		const { received } = await sent(CHECK_FROM_BODY, [{ zipcode: '75001', worktype: label }]);
		expect(received(0)?.worktype).toBe(code);
	});

	it.each(['Peintur', 'Peinture murale', 'Gros oeuvre', '69a', '6 9', 'Painting and decorating', 0, 70])(
		'refuses %j and sends nothing',
		async (worktype) => {
			const { refused, requests } = await sent(CHECK_FROM_BODY, [{ zipcode: '75001', worktype }]);
			expect(refused(0)).toMatchObject({ kind: 'invalid-input', field: 'worktype' });
			expect(requests).toEqual([]);
		},
	);
});

describe('civility', () => {
	const CASES: Array<[string | number, string]> = [
		[1, '1'],
		['1', '1'],
		['M.', '1'],
		['M', '1'],
		['Monsieur', '1'],
		['monsieur', '1'],
		['Mr', '1'],
		[2, '2'],
		['2', '2'],
		['Mme', '2'],
		['Madame', '2'],
		['MADAME', '2'],
		['Mrs', '2'],
	];

	it('sends the table value for a code, the doc example\'s "M.", and the French and English labels', async () => {
		const { received, run } = await sent(
			IMPORT_FROM_BODY,
			CASES.map(([civility]) => lead({ civility })),
		);
		expect(run.failure).toEqual([]);
		CASES.forEach(([, code], index) => expect(received(index)?.civility).toBe(code));
	});

	it.each(['Mx', 'Dr', 3, 'Monsieur Madame'])('refuses %j and sends nothing', async (civility) => {
		const { refused, requests } = await sent(IMPORT_FROM_BODY, [lead({ civility })]);
		expect(refused(0)).toMatchObject({ kind: 'invalid-input', field: 'civility' });
		expect(requests).toEqual([]);
	});
});

describe('owner status', () => {
	it('takes the code or the label', async () => {
		const spellings = [1, 'Propriétaire', 'proprietaire', 'Owner', 'Locataire', 'Tenant', 'Propriétaire louant son bien', 'Autre'];
		const { received, run } = await sent(IMPORT_FROM_BODY, spellings.map((isowner) => lead({ isowner, worktype: '69' })));
		expect(run.failure).toEqual([]);
		expect(spellings.map((_, index) => received(index)?.isowner)).toEqual(['1', '1', '1', '1', '2', '2', '3', '4']);
	});
});

describe('phone numbers', () => {
	it.each(MOBILE_WRITINGS)('sends %j as 0612345678', async (cellphone) => {
		const { received } = await sent(IMPORT_FROM_BODY, [lead({ cellphone })]);
		expect(received(0)?.cellphone).toBe('0612345678');
	});

	it('normalises a landline the same way', async () => {
		const { received } = await sent(IMPORT_FROM_BODY, [lead({ cellphone: '', landline: '+33 1 77 78 10 00' })]);
		expect(received(0)).toMatchObject({ landline: '0177781000' });
		expect(received(0)).not.toHaveProperty('cellphone');
	});

	it.each([
		'+44 20 7946 0958',
		'+32 470 12 34 56',
		'0044 20 7946 0958',
		'+1 212 555 0100',
		'06 12 34 56',
		'0612345',
		'06123456789',
		'+33 6 12 34 56',
		'+33 0 12 34 56 78',
		'0012345678',
		'6 12 34 56 78',
		'06 12 34 56 7a',
	])('refuses %j (foreign or not 10 digits) and sends nothing', async (cellphone) => {
		const { refused, requests } = await sent(IMPORT_FROM_BODY, [lead({ cellphone })]);
		expect(refused(0)).toMatchObject({ kind: 'invalid-input', field: 'cellphone' });
		expect(requests).toEqual([]);
	});
});

describe('zipcode', () => {
	it('keeps "01000", pads the number 1000 to "01000" and refuses the string "1000"', async () => {
		const { received, refused, requests } = await sent(CHECK_FROM_BODY, [
			{ zipcode: '01000', worktype: '69' },
			{ zipcode: 1000, worktype: '69' },
			{ zipcode: '1000', worktype: '69' },
			{ zipcode: 75001, worktype: '69' },
			{ zipcode: ' 06000 ', worktype: '69' },
		]);
		expect(received(0)?.zipcode).toBe('01000');
		expect(received(1)?.zipcode).toBe('01000');
		expect(refused(2)).toMatchObject({ kind: 'invalid-input', field: 'zipcode' });
		expect(received(3)?.zipcode).toBe('75001');
		expect(received(4)?.zipcode).toBe('06000');
		expect(requests).toHaveLength(4);
	});
});
