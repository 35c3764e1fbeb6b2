import { createHash, timingSafeEqual } from 'node:crypto';

import { ANSWER_CODES, DOC_MESSAGES } from '../nodes/BatiwebLead/catalog/codes';
import type { Environment, SandboxAccount } from './types';
import type { Checked } from './validation';
import { isAbsent, scalarText } from './validation';

/** The accounts a sandbox has when none are configured: one PREP-only, one with PROD granted. */
export const DEFAULT_ACCOUNTS: SandboxAccount[] = [
	{ login: 'demo', password: 'demo-password', prod: false },
	{ login: 'demo-prod', password: 'demo-prod-password', prod: true },
];

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares in constant time (for the length too, through the digests). */
function samePassword(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

export interface Caller {
	login: string;
	environment: Environment;
}

function fail(message: string): Checked<Caller> {
	return { ok: false, answer: { code: ANSWER_CODES.authentication, message } };
}

/**
 * The `security` block, checked in the doc's order: login, password, environment (PREP or PROD,
 * any case: the doc writes both "PROD ou PREP" and "prep ou prod"), credentials, PROD access.
 * A login or password that is not a string or a number counts as wrong, not as missing.
 */
export function checkSecurity(security: Record<string, unknown>, accounts: readonly SandboxAccount[]): Checked<Caller> {
	if (isAbsent(security.login)) return fail(DOC_MESSAGES.missingLogin);
	if (isAbsent(security.password)) return fail(DOC_MESSAGES.missingPassword);

	const environment = scalarText(security.environment)?.toUpperCase();
	if (environment !== 'PREP' && environment !== 'PROD') return fail(DOC_MESSAGES.invalidEnvironment);

	// Taken as sent (not trimmed): " demo" is not "demo".
	const login = typeof security.login === 'string' ? security.login : scalarText(security.login);
	const password = typeof security.password === 'string' ? security.password : scalarText(security.password);
	const account = login === undefined ? undefined : accounts.find((candidate) => candidate.login === login);
	// Always compare, even for an unknown login, so that the answer time does not tell logins apart.
	const passwordOk = samePassword(password ?? '', account?.password ?? '\u0000no account');
	if (account === undefined || password === undefined || !passwordOk) return fail(DOC_MESSAGES.authenticationFailed);

	if (environment === 'PROD' && !account.prod) return fail(DOC_MESSAGES.productionNotGranted);
	return { ok: true, value: { login: account.login, environment } };
}
