/**
 * The envelope each operation sends, byte for byte, as a raw loopback server receives it: the
 * doc's `{"security":{login,password,environment},"request":{...}}`, security first, request keys
 * in the doc's order, every value a string, empty optional fields absent; POST to
 * /json/lead/<endpoint> with the doc's Accept and Content-Type headers.
 */
import type { IDataObject } from 'n8n-workflow';

import { CHECK_FROM_BODY, IMPORT_ALL_FROM_BODY, runLead, STATUS_FROM_BODY } from '../helpers/leadRun';
import { credentialsFor } from '../../harness';
import { DEMO_PROD_SECURITY } from '../../sandbox/client';
import { startRawServer, type RawRequest } from '../helpers/rawServer';
import { guardPasswords, usePassword } from '../helpers/secrets';
import { useServer } from '../helpers/servers';

const raw = useServer(startRawServer, (server) => server.clear());
guardPasswords();

const PREP_SECURITY = '{"security":{"login":"demo","password":"demo-password","environment":"PREP"}';

async function sentFor(parameters: IDataObject, bodies: IDataObject[], credentialOverrides: IDataObject = {}): Promise<RawRequest[]> {
	const run = await runLead(parameters, { credentials: credentialsFor(raw, credentialOverrides), bodies });
	expect(run.failure).toEqual([]);
	expect(run.success).toHaveLength(bodies.length);
	return raw.requests();
}

function expectDocHeaders(request: RawRequest, endpoint: string): void {
	expect(request.method).toBe('POST');
	expect(request.path).toBe(`/json/lead/${endpoint}`);
	expect(request.headers.accept).toBe('application/json');
	expect(request.headers['content-type']).toBe('application/json');
	// The length sent is the UTF-8 byte length (accented names travel as UTF-8).
	expect(Number(request.headers['content-length'])).toBe(request.bodyBytes.length);
}

function expectAllStrings(request: RawRequest): void {
	const parsed = JSON.parse(request.bodyText) as { security: IDataObject; request: IDataObject };
	expect(Object.keys(parsed)).toEqual(['security', 'request']);
	for (const value of [...Object.values(parsed.security), ...Object.values(parsed.request)]) {
		expect(typeof value).toBe('string');
	}
}

describe('Check Sellable', () => {
	it('sends the required fields only when the optional ones are empty', async () => {
		const [request, ...others] = await sentFor(CHECK_FROM_BODY, [{ zipcode: '75001', worktype: '69', email: '', supplierleadid: '  ' }]);
		expect(others).toEqual([]);
		expectDocHeaders(request, 'is_sellable');
		expect(request.bodyText).toBe(`${PREP_SECURITY},"request":{"zipcode":"75001","worktype":"69"}}`);
	});

	it('sends every field in the doc order (zipcode, worktype, email, supplierleadid), whatever order they are given in', async () => {
		const parameters = {
			operation: 'checkSellable',
			additionalFields: { supplierleadid: 'CRM-42', email: 'jean.dupont@example.fr' },
			worktype: 'Peinture',
			zipcode: '={{ 1000 }}',
		};
		const [request] = await sentFor(parameters, [{}]);
		expectDocHeaders(request, 'is_sellable');
		expectAllStrings(request);
		expect(request.bodyText).toBe(
			`${PREP_SECURITY},"request":{"zipcode":"01000","worktype":"69","email":"jean.dupont@example.fr","supplierleadid":"CRM-42"}}`,
		);
	});
});

describe('Import', () => {
	const FULL_LEAD: IDataObject = {
		email: ' Jean.Dupont@Example.fr ',
		city: 'Montigny-le-Bretonneux',
		zipcode: '78180',
		isowner: 'Propriétaire',
		cellphone: '+33 6 12 34 56 78',
		landline: '01 77 78 10 00',
		firstname: 'Prénom',
		lastname: "N'Guyen",
		civility: 'M.',
		housingtype: 'Appartement',
		workdescription: 'Peinture',
		worktype: 'Painting',
		address: '41-43, avenue du Centre',
		amountofrooms: 2,
		remindertime: 'De 9h à 11h',
		delay: 2,
		area: '6',
		comment: 'Peinture de la chambre\net du salon',
		yearbuilt: 'Avant 1974',
		funding: 'Crédit',
		budget: 'Ne sait pas',
		supplierleadid: 'CRM-42',
	};

	it('sends every field in the doc order, as strings, labels turned into codes', async () => {
		const [request, ...others] = await sentFor(IMPORT_ALL_FROM_BODY, [FULL_LEAD]);
		expect(others).toEqual([]);
		expectDocHeaders(request, 'import');
		expectAllStrings(request);
		expect(request.bodyText).toBe(
			`${PREP_SECURITY},"request":{` +
				'"email":"Jean.Dupont@Example.fr","city":"Montigny-le-Bretonneux","zipcode":"78180","isowner":"1",' +
				'"cellphone":"0612345678","landline":"0177781000","firstname":"Prénom","lastname":"N\'Guyen","civility":"1",' +
				'"housingtype":"2","workdescription":"Peinture","worktype":"69","address":"41-43, avenue du Centre",' +
				'"amountofrooms":"2","remindertime":"2","delay":"2","area":"6","comment":"Peinture de la chambre\\net du salon",' +
				'"yearbuilt":"4","funding":"2","budget":"4","supplierleadid":"CRM-42"}}',
		);
		expect(request.bodyBytes.equals(Buffer.from(request.bodyText, 'utf8'))).toBe(true);
	});

	it('leaves out empty optional fields and the empty phone', async () => {
		const lead = {
			...FULL_LEAD,
			landline: '',
			housingtype: '',
			address: '   ',
			amountofrooms: '',
			remindertime: null,
			delay: undefined,
			area: '',
			comment: '',
			yearbuilt: '',
			funding: '',
			budget: '',
			supplierleadid: '',
		};
		const [request] = await sentFor(IMPORT_ALL_FROM_BODY, [lead]);
		expectDocHeaders(request, 'import');
		expect(request.bodyText).toBe(
			`${PREP_SECURITY},"request":{` +
				'"email":"Jean.Dupont@Example.fr","city":"Montigny-le-Bretonneux","zipcode":"78180","isowner":"1",' +
				'"cellphone":"0612345678","firstname":"Prénom","lastname":"N\'Guyen","civility":"1",' +
				'"workdescription":"Peinture","worktype":"69"}}',
		);
	});

	it('sends the landline alone when there is no cellphone', async () => {
		const [request] = await sentFor(IMPORT_ALL_FROM_BODY, [
			{ ...FULL_LEAD, cellphone: '', landline: '0177781000', comment: '', address: '', supplierleadid: '' },
		]);
		const sent = JSON.parse(request.bodyText).request as IDataObject;
		expect(Object.keys(sent)).not.toContain('cellphone');
		expect(Object.keys(sent).slice(0, 6)).toEqual(['email', 'city', 'zipcode', 'isowner', 'landline', 'firstname']);
		expect(sent.landline).toBe('0177781000');
	});
});

describe('Get Status', () => {
	// Issue 10 point 13: a token is sent exactly as given (trimmed), never lower-cased.
	it('sends the token alone, exactly as given', async () => {
		const token = 'AB'.repeat(64);
		const [request] = await sentFor(STATUS_FROM_BODY, [{ token: ` ${token} ` }]);
		expectDocHeaders(request, 'status');
		expect(request.bodyText).toBe(`${PREP_SECURITY},"request":{"token":"${token}"}}`);
	});
});

describe('security', () => {
	it('says PROD for PROD credentials (plain HTTP is allowed on loopback)', async () => {
		const [request] = await sentFor(CHECK_FROM_BODY, [{ zipcode: '75001', worktype: '69' }], DEMO_PROD_SECURITY);
		expect(request.bodyText).toBe(
			'{"security":{"login":"demo-prod","password":"demo-prod-password","environment":"PROD"},"request":{"zipcode":"75001","worktype":"69"}}',
		);
	});

	it('escapes a password with quotes, backslashes and accents as JSON does', async () => {
		const password = usePassword('p"a\\ss wörd');
		const [request] = await sentFor(CHECK_FROM_BODY, [{ zipcode: '75001', worktype: '69' }], { password });
		expect(request.bodyText).toBe(
			'{"security":{"login":"demo","password":"p\\"a\\\\ss wörd","environment":"PREP"},"request":{"zipcode":"75001","worktype":"69"}}',
		);
		expect((JSON.parse(request.bodyText) as { security: IDataObject }).security.password).toBe(password);
	});

	it('sends a trailing-slash base URL to the same path', async () => {
		const [request] = await sentFor(CHECK_FROM_BODY, [{ zipcode: '75001', worktype: '69' }], { baseUrl: `${raw.url}/` });
		expect(request.path).toBe('/json/lead/is_sellable');
	});

	it('sends one request per item, each with its own request part', async () => {
		const requests = await sentFor(CHECK_FROM_BODY, [
			{ zipcode: '75001', worktype: '69' },
			{ zipcode: '13001', worktype: '75' },
		]);
		expect(requests.map((request) => JSON.parse(request.bodyText).request).sort((a, b) => a.zipcode.localeCompare(b.zipcode))).toEqual([
			{ zipcode: '13001', worktype: '75' },
			{ zipcode: '75001', worktype: '69' },
		]);
	});
});
