import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../../credentials/BatiwebApi.credentials';
import type { BatiwebRequest } from '../validation/schemas';
import { NOT_STARTED, readHttpAnswer, readNetworkFailure, type Reading } from './reading';
import type { RequestSpec } from './spec';
import { endpointUrl, type Target } from './target';

/**
 * The error the request itself raised: n8n's authenticated helper wraps it in a NodeApiError
 * (both lines, 1.123 and 2.41), whose message n8n rewrites; the original is its `cause`.
 */
function unwrap(error: unknown): unknown {
	let current = error;
	for (let depth = 0; depth < 3; depth++) {
		const record = current as { name?: unknown; cause?: unknown } | null;
		if (typeof record !== 'object' || record === null || record.name !== 'NodeApiError' || record.cause === undefined) break;
		current = record.cause;
	}
	return current;
}

function isTimeout(error: unknown): boolean {
	const record = (error ?? {}) as { message?: unknown; messages?: unknown; cause?: { message?: unknown; code?: unknown } };
	// n8n 1.x keeps the original text only in `messages` (see codeInTexts in reading.ts).
	const kept = Array.isArray(record.messages) ? (record.messages as unknown[]) : [];
	const texts = [record.message, record.cause?.message, ...kept].filter((text) => typeof text === 'string');
	return texts.some((text) => /timeout of \d+ms exceeded|timed out/i.test(text as string));
}

/**
 * One POST of `{security, request}` to an endpoint, with n8n's authenticated helper. It is handed
 * the credential read once for the execution (`credentialsDecrypted`: no database read, no
 * decryption per request) and applies the credential's `authenticate`, the only place the
 * envelope's `security` is built. Nothing here returns the password. Never throws: every failure
 * is a Reading.
 */
export async function sendOnce(
	ctx: IExecuteFunctions,
	target: Target,
	spec: RequestSpec,
	request: BatiwebRequest,
	signal?: AbortSignal,
): Promise<Reading> {
	// An execution already cancelled: n8n would abort the request before sending it; say so plainly.
	if (signal?.aborted) return NOT_STARTED;
	const url = endpointUrl(target.baseUrl, spec.endpoint);
	try {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: { request },
			// Read the body as text ourselves: HTML pages, empty and malformed answers must be seen
			// as they are, not parsed away or thrown. Never thrown on an HTTP status either: both
			// lines' helpers resend a request that threw a 401 (their token-refresh path).
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: target.timeoutMs,
			// The helper sets the execution's cancel signal itself; this is the same one (run.ts).
			abortSignal: signal,
			// A redirect is answered as it is (a reading), never followed: see reading.ts.
			disableFollowRedirect: true,
		};
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: target.credential,
		})) as IN8nHttpFullResponse;
		const bodyText = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		return readHttpAnswer(response.statusCode, response.headers ?? {}, bodyText, spec.acceptWithoutCode, { redact: target.redact, requestUrl: url });
	} catch (error) {
		const cause = unwrap(error);
		return readNetworkFailure(cause, isTimeout(cause));
	}
}
