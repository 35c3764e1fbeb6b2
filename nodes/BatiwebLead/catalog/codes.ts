/**
 * The answer codes of Batiweb's web service and the messages its doc gives for them. The node
 * reads codes with these names; the sandbox answers with these messages.
 */
export const ANSWER_CODES = {
	ok: 0,
	authentication: 1,
	invalidArgument: 2,
	invalidValue: 3,
	notSellable: 4,
	duplicate: 5,
	leaseholderRefused: 6,
	internalError: 9,
} as const;

/**
 * A lead's token: 128 hex characters in the doc's status example ("Connectivité STATUS"); any
 * token of letters and digits is accepted and sent as given.
 */
export const TOKEN_FORMAT = /^[A-Za-z0-9]{16,256}$/;

export const DOC_MESSAGES = {
	sellable: 'This lead can be sold',
	imported: 'Lead correctly imported',
	missingLogin: 'Missing Login',
	missingPassword: 'Missing password',
	invalidEnvironment: 'Invalid argument environment',
	authenticationFailed: 'Authentication Failed',
	productionNotGranted: 'Access to production is not granted',
	/** Followed by the parameter's name, e.g. "Missing argument(s) : zipcode". */
	missingArgument: 'Missing argument(s) : ',
	/** Followed by the parameter's name; "Invalide" is the doc's own spelling. */
	invalidArgument: 'Invalide data argument(s) : ',
	invalidValue: 'Invalid value',
	notSellable: "This can't be sold",
	duplicate: 'Duplicate Lead',
	leaseholderRefused: 'Leaseholder refused',
	internalError: 'Internal error',
} as const;

/** The three endpoints, under `<baseUrl>/json/lead/`. */
export const ENDPOINTS = {
	checkSellable: 'is_sellable',
	import: 'import',
	getStatus: 'status',
} as const;

export type Operation = keyof typeof ENDPOINTS;

/** The default base URL of the real service (PREP and PROD share it; the envelope says which). */
export const DEFAULT_BASE_URL = 'https://webservices.e-travaux.com';
