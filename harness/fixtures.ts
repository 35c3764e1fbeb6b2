/**
 * The shared test data: one lead, the sandbox's PREP credential, and the sandbox rules the
 * example workflows are written for.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SandboxRules } from '../sandbox';
import { DEMO_SECURITY } from '../sandbox/client';

/** The data of a "Batiweb API" credential for a server at `baseUrl`: the sandbox's PREP account unless overridden. */
export function credentialData(baseUrl: string, overrides: IDataObject = {}) {
	return { ...DEMO_SECURITY, baseUrl, ...overrides };
}

/** The same for a server at `target.url` (a sandbox or a test server), keyed by credential type as the engine takes it. */
export function credentialsFor(target: { url: string }, overrides: IDataObject = {}) {
	return { batiwebApi: credentialData(target.url, overrides) };
}

/**
 * What the examples expect of Batiweb: worktype 69 (painting) is not bought in postcodes 13*
 * (as in test/n8n/sandbox.config.json), and a lead is qualified at its second status poll.
 */
export const EXAMPLE_RULES: Partial<SandboxRules> = {
	notSellablePairs: [{ worktype: '69', zipcode: '13' }],
	pollsBeforeQualified: 1,
};

/** Ways a form's visitor writes the French mobile number 06 12 34 56 78. */
export const MOBILE_WRITINGS = [
	'+33 6 12 34 56 78',
	'+33612345678',
	'0033612345678',
	'0033 6 12 34 56 78',
	'+33 (0)6 12 34 56 78',
	'+33 (0) 6 12 34 56 78',
	'+33(0)612345678',
	'06.12.34.56.78',
	'06-12-34-56-78',
	'06 12 34 56 78',
	'06/12/34/56/78',
	'(06) 12 34 56 78',
	'0612345678',
	' 0612345678\t',
];

let counter = 0;

/** A valid lead as a web form posts it (strings only); each call gets a distinct email. */
export function lead(overrides: IDataObject = {}): IDataObject {
	counter += 1;
	return {
		email: `client${counter}.${process.pid}@example.fr`,
		city: 'Montigny-le-Bretonneux',
		zipcode: '78180',
		isowner: '1',
		cellphone: '06 12 34 56 78',
		landline: '',
		firstname: 'Prénom',
		lastname: "N'Guyen",
		civility: 'M.',
		workdescription: 'Peinture',
		worktype: '69',
		...overrides,
	};
}
