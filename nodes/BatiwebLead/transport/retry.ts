import { ANSWER_CODES } from '../catalog/codes';
import type { Reading } from './reading';
import type { RequestSpec } from './spec';

export interface RetrySettings {
	/** Attempts in all, the first included (1 = no retry). */
	maxAttempts: number;
	/** Delay before the first retry; each further retry doubles it. */
	baseDelayMs: number;
	/** No wait is longer than this, Retry-After included. */
	maxDelayMs: number;
}

/** A client error (4xx) is a refusal of the request as sent, except 408 (the server timed out
 * waiting, after possibly reading it all) and 429 (a proxy or a rate limiter may answer it after
 * the request went through: no proof, issue 17 finding 5). */
export function isClientRefusal(httpStatus: number): boolean {
	return httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429;
}

/**
 * Whether the request certainly did not reach Batiweb, or reached it and was certainly not
 * processed: then sending it again cannot create a second lead. Code 9 ("Internal error") is not
 * such a proof: Batiweb may have stored the lead before failing. Nor are 429 and 503: the Base
 * URL may be a proxy, which can answer them after forwarding the request (issue 17 finding 5).
 */
export function certainlyNotProcessed(reading: Reading): boolean {
	switch (reading.type) {
		case 'network':
			return reading.sent === 'no';
		case 'http-error':
			return isClientRefusal(reading.httpStatus);
		case 'redirect':
			// The redirect was not followed: the request went no further than the one who redirected.
			return true;
		case 'answer':
			// Batiweb read it. Code 9 says it failed, not that it stored nothing.
			return false;
		case 'unreadable':
			return false;
	}
}

/** Whether the failure is worth another attempt at all (ignoring whether that is safe). */
export function isTransient(reading: Reading): boolean {
	switch (reading.type) {
		case 'network':
			return true;
		case 'http-error':
			return reading.httpStatus >= 500 || reading.httpStatus === 429;
		case 'redirect':
			return false;
		case 'unreadable':
			return true;
		case 'answer':
			return reading.code === ANSWER_CODES.internalError;
	}
}

/**
 * Whether to send again. Reads (is_sellable, status) change nothing at Batiweb, so any transient
 * failure is retried, code 9 included. A request that creates a lead is resent only when it
 * certainly was not processed (never after code 9).
 */
export function mayResend(spec: Pick<RequestSpec, 'createsLead'>, reading: Reading): boolean {
	if (!isTransient(reading)) return false;
	return !spec.createsLead || certainlyNotProcessed(reading);
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), so that many items failing
 * together do not retry in lockstep; a server's Retry-After is honoured when longer.
 */
export function backoffDelay(
	retryNumber: number,
	settings: RetrySettings,
	retryAfterMs?: number,
	random: () => number = Math.random,
): number {
	const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retryNumber - 1));
	const jittered = exponential / 2 + (random() * exponential) / 2;
	return Math.min(settings.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}
