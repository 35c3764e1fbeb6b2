import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Environment } from './target';

/** The `security` half of Batiweb's envelope (doc, each method's parameters: "Security"). */
export interface Security {
	login: string;
	password: string;
	environment: Environment;
}

/** The credential's environment: PROD only when chosen, PREP otherwise (the field's default). */
export function environmentOf(credentials: ICredentialDataDecryptedObject): Environment {
	return credentials.environment === 'PROD' ? 'PROD' : 'PREP';
}

/** Only the credential's `authenticate` builds this (credentials/BatiwebApi.credentials.ts). */
export function securityOf(credentials: ICredentialDataDecryptedObject): Security {
	return {
		login: String(credentials.login ?? ''),
		password: String(credentials.password ?? ''),
		environment: environmentOf(credentials),
	};
}

/** `{security, request}`, security first, as the doc's examples order them. */
export function envelope(security: Security, request: unknown): { security: Security; request: unknown } {
	return { security, request: request ?? {} };
}
