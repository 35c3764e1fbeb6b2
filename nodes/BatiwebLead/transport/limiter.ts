import { sleep } from './wait';

/**
 * Spaces request starts to at most `perSecond` a second, across all workers of one execution.
 * (Per execution: in queue mode each execution has its own limiter; see the README.)
 */
export class RateLimiter {
	private nextStart = 0;
	private readonly intervalMs: number;

	constructor(perSecond: number) {
		this.intervalMs = perSecond > 0 ? 1000 / perSecond : 0;
	}

	/** Waits for a start slot; rejects once `signal` is aborted, even when there is no limit. */
	async acquire(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) throw new Error('The execution was cancelled');
		if (this.intervalMs === 0) return;
		const now = Date.now();
		const start = Math.max(now, this.nextStart);
		this.nextStart = start + this.intervalMs;
		if (start > now) await sleep(start - now, signal);
	}
}
