/**
 * Where requests go and whether that is safe. PROD carries real consumers' data and the partner's
 * production password: it must never travel in clear text to another machine. Plain HTTP is
 * allowed for PREP (a local sandbox, a test proxy) and for PROD only on loopback.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type Environment = 'PREP' | 'PROD';

export function normaliseBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '');
}

/** Why this base URL may not be used with this environment, or undefined when it may. */
export function unsafeTargetReason(baseUrl: string, environment: Environment): string | undefined {
	let url: URL;
	try {
		url = new URL(normaliseBaseUrl(baseUrl));
	} catch {
		return `the Base URL "${baseUrl}" is not a valid URL`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `the Base URL must start with https:// (got ${url.protocol}//)`;
	}
	const loopback = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.');
	if (environment === 'PROD' && url.protocol === 'http:' && !loopback) {
		return 'PROD credentials are only sent over HTTPS (plain HTTP is allowed for PREP, or for PROD on this machine)';
	}
	return undefined;
}
