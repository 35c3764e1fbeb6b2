/**
 * A tiny client for the sandbox, for tests, demos and benchmarks (not for the node: the node has
 * its own transport). Uses Node's global fetch.
 */
import type { EndpointName } from './types';

export interface SecurityBlock {
	login?: unknown;
	password?: unknown;
	environment?: unknown;
}

/** The security blocks of the sandbox's default accounts (accounts.ts). */
type Security = Readonly<Record<'login' | 'password' | 'environment', string>>;
export const DEMO_SECURITY: Security = Object.freeze({ login: 'demo', password: 'demo-password', environment: 'PREP' });
export const DEMO_PROD_SECURITY: Security = Object.freeze({ login: 'demo-prod', password: 'demo-prod-password', environment: 'PROD' });

/**
 * The doc's import example, every value a string as the doc sends it, except `area`: the doc's
 * example sends "100" (m²?) although area is a mapped field (1–9); the sandbox wants a code, so
 * this sample sends 6 ("De 75 à 120 m²").
 */
export function sampleImport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		email: 'email@email.fr',
		city: 'Montigny-le-bretonneux',
		zipcode: '78180',
		isowner: '1',
		cellphone: '0177781000',
		firstname: 'Prénom',
		lastname: 'Nom',
		civility: 'M.',
		housingtype: '1',
		workdescription: 'Peinture',
		worktype: '69',
		address: 'Avenur du centre',
		amountofrooms: '2',
		delay: '2',
		area: '6',
		comment: 'Peinture de la chambre et du salon',
		yearbuilt: '4',
		...overrides,
	};
}

export interface RawAnswer {
	httpStatus: number;
	headers: Headers;
	text: string;
	/** The parsed body, or undefined when it is not JSON. */
	json: Record<string, unknown> | undefined;
}

/** POSTs any body (a string is sent as is) to `<url>/json/lead/<endpoint>`. */
export async function postRaw(url: string, endpoint: EndpointName | string, body: unknown, init: RequestInit = {}): Promise<RawAnswer> {
	const response = await fetch(`${url}/json/lead/${endpoint}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		...init,
	});
	const text = await response.text();
	let json: Record<string, unknown> | undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		json = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		json = undefined;
	}
	return { httpStatus: response.status, headers: response.headers, text, json };
}

/** Calls an endpoint with the envelope `{security, request}` (demo PREP account by default). */
export function callSandbox(
	url: string,
	endpoint: EndpointName,
	request: Record<string, unknown>,
	security: SecurityBlock = DEMO_SECURITY,
	init: RequestInit = {},
): Promise<RawAnswer> {
	return postRaw(url, endpoint, { security, request }, init);
}

/** Imports the sample lead (with `overrides`) straight into the sandbox, as a partner would; resolves its token. */
export async function importSample(url: string, overrides: Record<string, unknown> = {}): Promise<string> {
	const answer = await callSandbox(url, 'import', sampleImport(overrides));
	const token = answer.json?.token;
	if (typeof token !== 'string') throw new Error(`The sandbox did not import the lead: ${answer.text}`);
	return token;
}
