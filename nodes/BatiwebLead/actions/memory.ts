import { sleep } from '../transport/wait';

import { LIMITS } from './options';
import type { RunContext } from './run';

/**
 * The node's memory between executions: n8n's de-duplication store (the one behind Remove
 * Duplicates), per node, in n8n's database, so it holds across executions, manual runs and
 * queue-mode workers. Used by Skip Leads Already Sent (lead keys) and Only Changes
 * ((token, status) pairs).
 */
const SCOPE = 'node';
const OPTIONS = { mode: 'entries', maxEntries: LIMITS.memoryEntries } as const;

/**
 * n8n creates a node's row on its first write; two executions doing that at once on two workers
 * collide on the row's key (seen by `npm run test:queue`). The second then finds the row: one
 * more try after a short wait settles it.
 */
async function onceMore<T>(run: RunContext, action: () => Promise<T>): Promise<T> {
	try {
		return await action();
	} catch {
		await sleep(200, run.call.signal);
		return await action();
	}
}

/** A key as stored: prefixed by the account (environment and login hash, see run.ts). */
function stored(run: RunContext, key: string): string {
	return `${run.memoryScope}|${key}`;
}

/** Records the keys; returns those that were already recorded. */
export async function recordKeys(run: RunContext, keys: string[]): Promise<Set<string>> {
	if (keys.length === 0) return new Set();
	const byStored = new Map(keys.map((key) => [stored(run, key), key]));
	const { processed } = await onceMore(run, async () => await run.ctx.helpers.checkProcessedAndRecord([...byStored.keys()], SCOPE, OPTIONS));
	return new Set(processed.map((key) => byStored.get(String(key)) ?? String(key)));
}

/** Forgets the keys, so that they count as new again. */
export async function forgetKeys(run: RunContext, keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	const scoped = keys.map((key) => stored(run, key));
	await onceMore(run, async () => await run.ctx.helpers.removeProcessed(scoped, SCOPE, OPTIONS));
}
