import type { ICredentialsDecrypted } from 'n8n-workflow';

import type { Redact } from './redact';

/**
 * Where requests go and whether that is safe. The doc's "Security" parameters are login,
 * password and environment (PROD ou PREP), with no second password: we read it as one password
 * for both (our reading, README "Where Batiweb's doc is unclear"), so the password must never
 * travel in clear text to another machine, whatever the environment.
 */
export type Environment = 'PREP' | 'PROD';

/** Where and how an execution's requests are sent, set up once per execution (actions/run.ts). */
export interface Target {
	baseUrl: string;
	/**
	 * The credential, read once per execution (run.ts) and handed to n8n's authenticated helper
	 * with each request (send.ts); its `authenticate` puts it into the body, nowhere else.
	 */
	credential: ICredentialsDecrypted;
	timeoutMs: number;
	/** Removes the password from answer texts (redact.ts). */
	redact: Redact;
}

/** The Base URL as typed, without surrounding spaces and trailing slashes. */
export function normaliseBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '');
}

/**
 * Whether a parsed URL's host is this machine: `localhost`, an IPv4 address in 127.0.0.0/8 or
 * `[::1]`. Decided on the address WHATWG URL parsing gives (the one the connection uses), so
 * `127.0.0.1.example.com` is a domain name, and `0x7f.1` is 127.0.0.1.
 */
export function isLoopback(url: URL): boolean {
	const host = url.hostname;
	if (host === 'localhost' || host === '[::1]') return true;
	const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return octets !== null && octets[1] === '127';
}

/** Why this base URL may not be used with this environment, or undefined when it may. */
export function unsafeTargetReason(baseUrl: string, environment: Environment): string | undefined {
	const text = normaliseBaseUrl(baseUrl);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		// Not quoted: a mistyped URL may hold a password in its user info.
		return 'the Base URL is not a valid URL (expected e.g. https://webservices.e-travaux.com)';
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `the Base URL must start with https:// (got ${url.protocol}//)`;
	}
	if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/]*@/i.test(text)) {
		return 'the Base URL must not contain a user name or password (put them in the Login and Password fields)';
	}
	if (text.includes('?') || text.includes('#')) {
		return 'the Base URL must not contain a query (?…) or a fragment (#…): the endpoints are added to its path';
	}
	if (url.protocol === 'http:' && !isLoopback(url)) {
		return `plain HTTP is only allowed to this machine (localhost, 127.x.x.x, [::1]): the ${environment} password is the account's only password, so it is only sent over HTTPS to ${url.hostname}`;
	}
	return undefined;
}

/**
 * The URL of an endpoint under the Base URL, by URL resolution: a path prefix is kept
 * (`https://proxy/batiweb` → `https://proxy/batiweb/json/lead/import`).
 */
export function endpointUrl(baseUrl: string, endpoint: string): string {
	return new URL(`json/lead/${endpoint}`, `${normaliseBaseUrl(baseUrl)}/`).href;
}
