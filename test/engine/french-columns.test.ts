/**
 * Map Automatically with French sheets and forms (issue 19): the doc's own words, the usual
 * headers, French and English mixed, and the ambiguous headers as decided (a lone `Téléphone`
 * fills the empty phone field, by number; `Statut` is read for nothing).
 */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, LEAD_NODE, runWorkflow, webhookToLead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

let counter = 0;
const email = () => `fr${++counter}.${process.pid}@example.fr`;

async function importAuto(items: IDataObject[]) {
	sandbox.reset();
	const node = { typeVersion: 2, operation: 'import', lead: { mappingMode: 'autoMapInputData', value: null } };
	const result = await runWorkflow(webhookToLead(node, { typeVersion: 2 }), {
		credentials: credentialsFor(sandbox),
		triggerItems: items.map((json) => ({ json })),
	});
	const [success = [], failure = []] = result.nodeRun(LEAD_NODE).outputs;
	return { success, failure, requests: sandbox.requests().map((request) => (request.body as { request: IDataObject }).request) };
}

const SENT_BASE = { city: 'Montigny-le-Bretonneux', zipcode: '78180', firstname: 'Marie', lastname: 'Dupont', civility: '2', worktype: '69' };

const CASES: Array<[string, () => IDataObject, IDataObject]> = [
	[
		'a Google Sheet with the usual French headers',
		() => ({ Civilité: 'Mme', Prénom: 'Marie', Nom: 'Dupont', 'E-mail': email(), Téléphone: '06 12 34 56 78', 'Code postal': '78180', Ville: 'Montigny-le-Bretonneux', 'Type de travaux': 'Peinture', Propriétaire: 'Propriétaire' }),
		{ ...SENT_BASE, isowner: '1', cellphone: '0612345678', workdescription: 'Peinture' },
	],
	[
		"the doc's own words",
		() => ({ 'civilité du demandeur': 'Madame', prénom: 'Marie', 'nom de famille': 'Dupont', 'email du demandeur': email(), 'numéro de téléphone du demandeur': '01 77 78 10 00', 'code postal': '78180', 'ville du demandeur': 'Montigny-le-Bretonneux', 'code métier': 69, 'libellé du métier': 'Peinture', 'statut du demandeur': 'Locataire', 'nombre de pièces': 2, délai: 'Immédiat', 'commentaire sur les travaux demandés': 'Chambre et salon' }),
		{ ...SENT_BASE, isowner: '2', landline: '0177781000', workdescription: 'Peinture', amountofrooms: '2', delay: '1', comment: 'Chambre et salon' },
	],
	[
		'a form export: snake_case, CP, Courriel, Portable and Fixe, Métier',
		() => ({ civilite: 'Mme', prenom: 'Marie', nom: 'Dupont', courriel: email(), portable: '0612345678', fixe: '0177781000', cp: '78180', ville: 'Montigny-le-Bretonneux', metier: '69', proprietaire: '1', description_de_votre_projet: 'Repeindre le salon' }),
		{ ...SENT_BASE, isowner: '1', cellphone: '0612345678', landline: '0177781000', workdescription: 'Peinture', comment: 'Repeindre le salon' },
	],
	[
		'French and English mixed; an exact API name wins over a French header',
		() => ({ Civility: 'Mrs', Prénom: 'Marie', lastname: 'Dupont', Nom: 'Ignored', Email: email(), Mobile: '+33 6 12 34 56 78', CP: '78180', City: 'Montigny-le-Bretonneux', Worktype: 'Painting', 'Owner Status': 'Owner' }),
		{ ...SENT_BASE, isowner: '1', cellphone: '0612345678', workdescription: 'Peinture' },
	],
	[
		'a lone Téléphone next to a Portable column fills Landline',
		() => ({ Civilité: 'Mme', Prénom: 'Marie', Nom: 'Dupont', Courriel: email(), Portable: '0612345678', Téléphone: '0177781000', CP: '78180', Ville: 'Montigny-le-Bretonneux', Métier: 'Peinture', Propriétaire: 'Propriétaire' }),
		{ ...SENT_BASE, isowner: '1', cellphone: '0612345678', landline: '0177781000', workdescription: 'Peinture' },
	],
	[
		'a lone Téléphone holding a mobile number fills Cellphone',
		() => ({ Civilité: 'Mme', Prénom: 'Marie', Nom: 'Dupont', Courriel: email(), Tél: '07 11 22 33 44', CP: '78180', Ville: 'Montigny-le-Bretonneux', Métier: 'Peinture', Propriétaire: 'Propriétaire' }),
		{ ...SENT_BASE, isowner: '1', cellphone: '0711223344', workdescription: 'Peinture' },
	],
];

describe('Map Automatically reads French sheets and forms', () => {
	test.each(CASES)('%s', async (_, given, sent) => {
		const item = given();
		const { success, failure, requests } = await importAuto([item]);
		expect(failure.map((output) => output.json.message)).toEqual([]);
		expect(success).toHaveLength(1);
		expect(requests).toHaveLength(1);
		const { email: sentEmail, ...rest } = requests[0];
		expect(rest).toEqual(expect.objectContaining(sent));
		expect(Object.keys(rest).sort()).toEqual(Object.keys(sent).sort());
		expect(sentEmail).toMatch(/@example\.fr$/);
	}, 60_000);

	test('"Statut" is read for nothing (a written-back Batiweb status is not the owner status): Owner Status is missing', async () => {
		const { success, failure, requests } = await importAuto([
			{ Civilité: 'Mme', Prénom: 'Marie', Nom: 'Dupont', Courriel: email(), Portable: '0612345678', CP: '78180', Ville: 'Montigny-le-Bretonneux', Métier: 'Peinture', Statut: 'Propriétaire' },
		]);
		expect(success).toEqual([]);
		expect(requests).toEqual([]);
		expect(failure[0].json).toMatchObject({ kind: 'invalid-input', field: 'isowner' });
	}, 60_000);
});

describe('Work Description defaults to the worktype French label (the doc: "workdescription" => "Peinture" with "worktype" => "69")', () => {
	test.each([
		['69', 'Peinture'],
		['111', 'Pompe à chaleur air-eau'],
		['Painting', 'Peinture'],
	])('worktype %s, no Work Description', async (worktype, label) => {
		const { success, failure, requests } = await importAuto([
			{ Civilité: 'M.', Prénom: 'Jean', Nom: 'Martin', Courriel: email(), Portable: '0612345678', CP: '78180', Ville: 'Montigny', 'Type de travaux': worktype, Propriétaire: 'Locataire' },
		]);
		expect(failure.map((output) => output.json.message)).toEqual([]);
		expect(requests[0].workdescription).toBe(label);
		// The output shows what was sent.
		expect((success[0].json.request as IDataObject).workdescription).toBe(label);
	}, 60_000);

	test('a given Work Description is sent as given', async () => {
		const { requests } = await importAuto([
			{ Civilité: 'M.', Prénom: 'Jean', Nom: 'Martin', Courriel: email(), Portable: '0612345678', CP: '78180', Ville: 'Montigny', Métier: '69', 'Libellé du métier': 'Peinture intérieure', Propriétaire: 'Locataire' },
		]);
		expect(requests[0].workdescription).toBe('Peinture intérieure');
	}, 60_000);
});

describe('a yes/no Propriétaire column (Oui is 1; Non is refused: it does not say which status)', () => {
	const row = (owner: string | boolean | number): IDataObject => ({ Civilité: 'M.', Prénom: 'Jean', Nom: 'Martin', Courriel: email(), Portable: '0612345678', CP: '78180', Ville: 'Montigny', Métier: '69', 'Êtes-vous propriétaire ?': owner });

	test('Oui, true and 1 are sent as 1; Non and false go to Error naming the item, the field and the statuses', async () => {
		const { success, failure, requests } = await importAuto([row('Oui'), row('Non'), row(true), row(false), row(1)]);
		expect(requests.map((request) => request.isowner)).toEqual(['1', '1', '1']);
		expect(success.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
		expect(failure.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		for (const item of failure) {
			expect(item.json).toMatchObject({ kind: 'invalid-input', field: 'isowner' });
			expect(item.json.message).toMatch(/^Item \d: Owner Status \(isowner\) cannot be a plain "no".*2 \(Locataire\).*3 \(Propriétaire louant son bien\).*4 \(Autre\)/);
		}
	}, 60_000);
});

describe("a missing required field's error lists the item's columns and the names that fill it", () => {
	const base = () => ({ Civilité: 'M.', Prénom: 'Jean', Nom: 'Martin', Courriel: email(), Portable: '0612345678', CP: '78180', Métier: '69', Propriétaire: 'Oui' });

	test('Map Automatically, a misnamed column (Ville2)', async () => {
		const { failure, requests } = await importAuto([{ ...base(), Ville2: 'Montigny' }]);
		expect(requests).toEqual([]);
		expect(failure[0].json.message).toBe(
			'Item 0: City (city) is required: the item has Civilité, Prénom, Nom, Courriel, Portable, CP, Métier, Propriétaire, …; a column named city, Ville, Commune, Localité, … fills it. Nothing was sent.',
		);
	}, 60_000);

	test('Map Automatically, the right column left empty', async () => {
		const { failure } = await importAuto([{ ...base(), Ville: ' ' }]);
		expect(failure[0].json.message).toContain('City (city) is required: the item\'s column "Ville" is empty');
	}, 60_000);

	test('Map Automatically, no phone at all: the names of both phone fields', async () => {
		const { Portable: _phone, ...withoutPhone } = base();
		const { failure } = await importAuto([{ ...withoutPhone, Ville: 'Montigny' }]);
		expect(failure[0].json.message).toMatch(/Cellphone \(cellphone\) is required when Landline is empty .*: the item has Civilité, .*; a column named cellphone, GSM, landline, Fixe, … fills it/);
	}, 60_000);

	test('Map Each Column Manually: the columns, and the names Map Automatically would read', async () => {
		sandbox.reset();
		const node = { typeVersion: 2, operation: 'import', lead: { mappingMode: 'defineBelow', value: { city: '={{ $json.Ville }}', email: '={{ $json.Courriel }}' } } };
		const result = await runWorkflow(webhookToLead(node, { typeVersion: 2 }), { credentials: credentialsFor(sandbox), triggerItems: [{ json: { ...base(), Ville2: 'Montigny' } }] });
		const [, failure = []] = result.nodeRun(LEAD_NODE).outputs;
		expect(failure[0].json.message).toMatch(/^Item 0: City \(city\) is required: the item has Civilité, Prénom, .*; map City to one of them \(Map Automatically reads a column named city, Ville, Commune, Localité, …\)/);
	}, 60_000);
});

test('version 1 (one parameter per field): the hint says to set the field by expression', async () => {
	sandbox.reset();
	const node = { operation: 'import', ...Object.fromEntries(['email', 'city', 'zipcode', 'isowner', 'cellphone', 'firstname', 'lastname', 'civility', 'workdescription', 'worktype'].map((name) => [name, `={{ $json.${name} }}`])) };
	const result = await runWorkflow(webhookToLead(node, { typeVersion: 1 }), { credentials: credentialsFor(sandbox), triggerItems: [{ json: { email: email(), Ville: 'Lyon', zipcode: '69003', isowner: 'Oui', cellphone: '0612345678', firstname: 'Jean', lastname: 'Martin', civility: 'M.', worktype: '69' } }] });
	const [, failure = []] = result.nodeRun(LEAD_NODE).outputs;
	expect(failure[0].json.message).toMatch(/^Item 0: City \(city\) is required: the item has email, Ville, zipcode, .*; set City to one of them by expression\. Nothing was sent\.$/);
}, 60_000);
