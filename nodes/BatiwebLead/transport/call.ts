import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from './wait';

import type { BatiwebRequest } from '../validation/schemas';
import type { RateLimiter } from './limiter';
import type { Reading } from './reading';
import { backoffDelay, mayResend, type RetrySettings } from './retry';
import { sendOnce } from './send';
import type { RequestSpec } from './spec';
import type { Target } from './target';

export interface CallSettings {
	target: Target;
	retry: RetrySettings;
	limiter: RateLimiter;
	signal?: AbortSignal;
}

export interface CallResult {
	/** The last attempt's reading; null when the execution was cancelled before any was sent. */
	reading: Reading | null;
	attempts: number;
	/** The readings of the attempts before the last, oldest first. */
	earlier: Reading[];
	/** The execution was cancelled during this call. */
	cancelled: boolean;
}

/**
 * One logical call: an attempt, then retries while the retry policy allows them (see retry.ts:
 * reads are retried on any transient failure, a request that creates a lead only when it certainly
 * was not processed).
 * Waits (rate limit, backoff) use n8n's abortable `sleep`, so a cancelled execution stops here.
 */
export async function callBatiweb(
	ctx: IExecuteFunctions,
	settings: CallSettings,
	spec: RequestSpec,
	request: BatiwebRequest,
): Promise<CallResult> {
	const earlier: Reading[] = [];
	let last: Reading | null = null;
	for (let attempt = 1; ; attempt++) {
		try {
			await settings.limiter.acquire(settings.signal);
			if (settings.signal?.aborted) throw new Error('cancelled');
		} catch {
			// Cancelled before or while waiting for a slot: this attempt was never sent.
			return { reading: last, attempts: attempt - 1, earlier: earlier.slice(0, -1), cancelled: true };
		}
		last = await sendOnce(ctx, settings.target, spec, request, settings.signal);
		const cancelled = settings.signal?.aborted ?? false;
		if (cancelled || attempt >= settings.retry.maxAttempts || !mayResend(spec, last)) {
			return { reading: last, attempts: attempt, earlier, cancelled };
		}
		const retryAfter = last.type === 'http-error' ? last.retryAfterMs : undefined;
		// The service asks for a longer wait than the node will make: stop, and say so (interpret.ts).
		if (retryAfter !== undefined && retryAfter > settings.retry.maxDelayMs) {
			return { reading: last, attempts: attempt, earlier, cancelled };
		}
		earlier.push(last);
		try {
			await sleep(backoffDelay(attempt, settings.retry, retryAfter), settings.signal);
		} catch {
			return { reading: last, attempts: attempt, earlier: earlier.slice(0, -1), cancelled: true };
		}
	}
}
