/**
 * Runs `worker` over `items` with at most `limit` running at once, and returns the results in
 * input order. Once `signal` aborts, items not yet started get `onCancelled` and none is started.
 * A worker must not throw; if one does, that item gets `onFailure` and the others go on. If
 * `onFailure` throws too (the node stops on the error), no further item is started: the items in
 * flight are awaited, then that error is thrown.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	limit: number,
	worker: (item: T, index: number) => Promise<R>,
	handlers: { signal?: AbortSignal; onCancelled: (item: T, index: number) => R; onFailure: (item: T, index: number, error: unknown) => R },
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let fatal: { error: unknown } | undefined;
	const run = async () => {
		while (next < items.length && fatal === undefined) {
			const index = next++;
			const item = items[index];
			if (handlers.signal?.aborted) {
				results[index] = handlers.onCancelled(item, index);
				continue;
			}
			try {
				results[index] = await worker(item, index);
			} catch (error) {
				try {
					results[index] = handlers.onFailure(item, index, error);
				} catch (stop) {
					fatal ??= { error: stop };
				}
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run);
	await Promise.all(workers);
	if (fatal !== undefined) throw fatal.error;
	return results;
}
