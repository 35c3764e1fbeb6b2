import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Environment } from './target';

/** The `security` half of Batiweb's envelope (doc, "Format des requêtes"). */
export interface Security {
	login: string;
	password: string;
	environment: Environment;
}

export function securityOf(credentials: ICredentialDataDecryptedObject): Security {
	return {
		login: String(credentials.login ?? ''),
		password: String(credentials.password ?? ''),
		environment: credentials.environment === 'PROD' ? 'PROD' : 'PREP',
	};
}

/** `{security, request}`, security first, as the doc's examples order them. */
export function envelope(security: Security, request: unknown): { security: Security; request: unknown } {
	return { security, request: request ?? {} };
}
