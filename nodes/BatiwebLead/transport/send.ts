import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { BatiwebRequest } from '../validation/schemas';
import { envelope } from './envelope';
import { NOT_STARTED, readHttpAnswer, readNetworkFailure, type Reading } from './reading';
import type { RequestSpec } from './spec';
import { endpointUrl, type Target } from './target';

export const CREDENTIAL_TYPE = 'batiwebApi';

function isTimeout(error: unknown): boolean {
	const record = (error ?? {}) as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
	const texts = [record.message, record.cause?.message].filter((text) => typeof text === 'string');
	return texts.some((text) => /timeout of \d+ms exceeded|timed out/i.test(text as string));
}

/**
 * One POST of `{security, request}` to an endpoint, with n8n's plain request helper: the
 * credential was read once for the execution, not once per request as n8n's authenticated helper
 * does (a database read and a decryption each time). The password goes only into the body sent;
 * nothing here returns it. Never throws: every failure is a Reading.
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
		const response = (await ctx.helpers.httpRequest({
			method: 'POST',
			url,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: envelope(target.security, request),
			// Read the body as text ourselves: HTML pages, empty and malformed answers must be seen
			// as they are, not parsed away or thrown.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: target.timeoutMs,
			// n8n's authenticated helper adds the execution's cancel signal; its plain one does not.
			abortSignal: signal,
			// A redirect is answered as it is (a reading), never followed: see reading.ts.
			disableFollowRedirect: true,
		})) as IN8nHttpFullResponse;
		const bodyText = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		return readHttpAnswer(response.statusCode, response.headers ?? {}, bodyText, spec.acceptWithoutCode, { redact: target.redact, requestUrl: url });
	} catch (error) {
		return readNetworkFailure(error, isTimeout(error));
	}
}
