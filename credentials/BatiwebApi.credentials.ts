import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, DOC_MESSAGES } from '../nodes/BatiwebLead/catalog/codes';
import { envelope, securityOf } from '../nodes/BatiwebLead/transport/envelope';
import { normaliseBaseUrl, unsafeTargetReason } from '../nodes/BatiwebLead/transport/target';

/** The credential type's name: the node declares it and sends with it (transport/send.ts). */
export const CREDENTIAL_TYPE = 'batiwebApi';

export class BatiwebApi implements ICredentialType {
	name = CREDENTIAL_TYPE;

	displayName = 'Batiweb API';

	icon = { light: 'file:../icons/batiweb.svg', dark: 'file:../icons/batiweb.dark.svg' } as const;

	documentationUrl = 'https://github.com/batiweb-n8n/n8n-nodes-batiweb#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			required: true,
			description: 'The login Batiweb gave you for its web service',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The password Batiweb gave you for its web service',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'PREP (Testing)',
					value: 'PREP',
					description: 'All development and testing. Batiweb opens PROD after accepting your integration.',
				},
				{ name: 'PROD (Production)', value: 'PROD', description: 'Real leads, once Batiweb has opened it' },
			],
			default: 'PREP',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				"Batiweb's web service. Change it only to use a local sandbox or a proxy. HTTPS only, except to this machine (localhost, 127.x.x.x, [::1]); no query, fragment or user name.",
		},
	];

	/**
	 * Builds Batiweb's envelope `{security, request}`, the only place its `security` is built: n8n
	 * applies it to the credential test's request and, through `httpRequestWithAuthentication`, to
	 * every request of the node (transport/send.ts). The Base URL is read here the same way as in
	 * the node (normaliseBaseUrl: trimmed, no trailing slash).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const security = securityOf(credentials);
		const baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? requestOptions.baseURL ?? requestOptions.url));
		const reason = unsafeTargetReason(baseUrl, security.environment);
		if (reason) throw new Error(`Batiweb request not sent: ${reason}`);
		const body = (requestOptions.body ?? {}) as { request?: unknown };
		return {
			...requestOptions,
			// The credential test's request is relative to the Base URL; the node's are absolute.
			...(requestOptions.baseURL === undefined ? {} : { baseURL: baseUrl }),
			// Never follow a redirect: a 307/308 would post the password to the host it names.
			disableFollowRedirect: true,
			body: envelope(security, body.request),
		};
	}

	/**
	 * Asks is_sellable about a real worktype and postcode: any valid login may call it, and it
	 * changes nothing at Batiweb. An HTTP 200 carrying code 1 fails the test with the service's
	 * own message (n8n's rules compare the body; each documented code-1 message has its rule);
	 * code 9 fails it too, since it proves nothing.
	 */
	test: ICredentialTestRequest = {
		request: {
			// Read as the node reads it by `authenticate`, which replaces it (trimmed, no trailing slash).
			baseURL: '={{$credentials.baseUrl}}',
			url: '/json/lead/is_sellable',
			method: 'POST',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: { request: { zipcode: '75001', worktype: '69' } },
			json: true,
		},
		// n8n's tester applies both kinds of rule in order; its type lists one kind per array.
		rules: [
			// Redirects are not followed (see authenticate): say so rather than "status code 307".
			...[300, 301, 302, 303, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The Base URL answered with a redirect (HTTP ${status}). Redirects are never followed, since they would carry the password elsewhere: set the Base URL to the address the service really answers at.`,
				},
			})),
			...[
				DOC_MESSAGES.missingLogin,
				DOC_MESSAGES.missingPassword,
				DOC_MESSAGES.invalidEnvironment,
				DOC_MESSAGES.authenticationFailed,
				DOC_MESSAGES.productionNotGranted,
			].map((message) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'message', value: message as unknown, message: `Batiweb refused the credentials: ${message} (code 1)` },
			})),
			// Only Batiweb's JSON passes. An answer n8n could not parse as JSON reaches these rules as
			// a string (lodash `get` reads a string's own properties); n8n's rules can only compare
			// values, so each kind of answer is named, never quoted.
			...(
				[
					['length', 0, 'an empty answer'],
					['0', '<', 'an HTML or XML page'],
					['constructor.name', 'String', 'text that is not JSON'],
					['code', undefined, "something without Batiweb's `code`"],
				] as const
			).map(([key, value, what]) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key,
					value: value as unknown,
					message: `The Base URL answered ${what}, not Batiweb's JSON: check the Base URL (${DEFAULT_BASE_URL} for PREP and PROD alike, or your sandbox or proxy)`,
				},
			})),
			// The code as a number (the doc) or as text: the node reads "1" as code 1 too.
			...[1, '1'].map((code) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'code', value: code as unknown, message: 'Batiweb refused the credentials (code 1)' },
			})),
			// An internal error says nothing about the credentials: do not report them as working.
			// Other codes (e.g. 4, this postcode not bought) mean Batiweb accepted the login.
			...[9, '9'].map((code) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'code',
					value: code as unknown,
					message: 'Batiweb answered "Internal error" (code 9): the credentials could not be checked, try again later',
				},
			})),
		] as IAuthenticateRuleResponseSuccessBody[],
	};
}

