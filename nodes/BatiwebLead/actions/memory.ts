import { LIMITS } from './options';
import type { RunContext } from './run';

/**
 * The node's memory between executions: n8n's de-duplication store (the one behind Remove
 * Duplicates), per node, in n8n's database, so it holds across executions, manual runs and
 * queue-mode workers. Used by Skip Leads Already Sent (a lead's two keys, see leadState.ts) and
 * by version 1's Only Changes ((token, status) pairs).
 *
 * The store can only "check and record" a key, remove one, count: there is no read-only query.
 * Every call reads the node's row and writes it back whole, so the calls of one execution go
 * through one queue (MemoryWriter), never two at once.
 */
const SCOPE = 'node';

/** Leads take two keys while a batch is read (leadState.ts): room for LIMITS.memoryEntries leads. */
const LEAD_OPTIONS = { mode: 'entries', maxEntries: 2 * LIMITS.memoryEntries } as const;
const PAIR_OPTIONS = { mode: 'entries', maxEntries: LIMITS.memoryEntries } as const;

export type KeyKind = 'pending' | 'sent';

/** A key as stored: the mark, then the account (environment and login hash, see run.ts), then the lead's key. */
function stored(run: RunContext, key: string, kind?: KeyKind): string {
	return `${kind ? `${kind}:` : ''}${run.memoryScope}|${key}`;
}

/**
 * One write, made once. A failed write is never retried blindly (issue 17 finding 8): if it did
 * commit before failing, a retry would report every key as already there. Only a write whose
 * answer no decision reads (`presenceOnly`: the goal is that the keys be there) is tried a second
 * time: then a retry that meets its own first write changes nothing. That second try also settles
 * two queue-mode executions creating the node's row at once (seen by `npm run test:queue`).
 */
async function record(run: RunContext, scoped: string[], options: typeof LEAD_OPTIONS | typeof PAIR_OPTIONS, presenceOnly: boolean): Promise<Set<string>> {
	const write = async () => new Set((await run.ctx.helpers.checkProcessedAndRecord(scoped, SCOPE, options)).processed.map(String));
	if (!presenceOnly) return await write();
	try {
		return await write();
	} catch {
		return await write();
	}
}

/** Only Changes (version 1): records the pairs; returns those that were already recorded. */
export async function recordPairs(run: RunContext, pairs: string[]): Promise<Set<string>> {
	if (pairs.length === 0) return new Set();
	const byStored = new Map(pairs.map((pair) => [stored(run, pair), pair]));
	const processed = await record(run, [...byStored.keys()], PAIR_OPTIONS, false);
	return new Set([...processed].map((key) => byStored.get(key) ?? key));
}

/**
 * Reads the marks of the leads' keys (leadState.ts), by the only means the store has: recording
 * them, then removing what was new. `pending:` first: from then on every lead is protected, so
 * recording `sent:` (which would skip a lead if left behind by a crash) is harmless. Then one
 * removal (one row write) restores both; `pending:` of the leads to send is written again just
 * before each request (MemoryWriter.protect).
 */
export async function readMarks(run: RunContext, keys: string[]): Promise<Map<string, { pending: boolean; sent: boolean }>> {
	const marks = new Map<string, { pending: boolean; sent: boolean }>();
	if (keys.length === 0) return marks;
	// A false "already pending" (a retry meeting its own first write) only costs a verification.
	const pending = await record(run, keys.map((key) => stored(run, key, 'pending')), LEAD_OPTIONS, true);
	const sent = await record(run, keys.map((key) => stored(run, key, 'sent')), LEAD_OPTIONS, false);
	const restore: string[] = [];
	for (const key of keys) {
		const found = { pending: pending.has(stored(run, key, 'pending')), sent: sent.has(stored(run, key, 'sent')) };
		marks.set(key, found);
		if (!found.sent) restore.push(stored(run, key, 'sent'));
	}
	for (const key of keys) if (!marks.get(key)!.pending) restore.push(stored(run, key, 'pending'));
	await remove(run, restore);
	return marks;
}

/** Removing is idempotent (the node never stores a key twice): one more try is safe. */
async function remove(run: RunContext, scoped: string[]): Promise<void> {
	if (scoped.length === 0) return;
	const write = async () => await run.ctx.helpers.removeProcessed(scoped, SCOPE, LEAD_OPTIONS);
	try {
		await write();
	} catch {
		await write();
	}
}

interface Batch {
	recordPending: Set<string>;
	recordSent: Set<string>;
	/** Each removal of `pending:k`, made only when `sent:k` (if asked in the same batch) is durable. */
	removePending: Set<string>;
	removeSent: Set<string>;
	done: Promise<BatchResult>;
}

export interface BatchResult {
	/** Keys whose write failed, with the store's error. */
	failed: Map<string, string>;
}

/**
 * The memory's writes during a run, serialized (one store call at a time) and coalesced: the
 * requests of a batch that wait together are protected by one write. A write waits for the one
 * before it; everything asked meanwhile goes into the next one.
 */
export class MemoryWriter {
	private tail: Promise<unknown> = Promise.resolve();
	private next: Batch | undefined;

	constructor(private readonly run: RunContext) {}

	/** `pending:` of the lead, made durable before its request is sent. */
	async protect(key: string): Promise<BatchResult> {
		return await this.enqueue((batch) => batch.recordPending.add(key));
	}

	/** The writes that bring a lead to its new state (leadState.ts writesFor). */
	async apply(key: string, writes: { recordPending: boolean; recordSent: boolean; removePending: boolean; removeSent: boolean }): Promise<BatchResult> {
		if (!writes.recordPending && !writes.recordSent && !writes.removePending && !writes.removeSent) return { failed: new Map() };
		return await this.enqueue((batch) => {
			if (writes.recordPending) batch.recordPending.add(key);
			if (writes.recordSent) batch.recordSent.add(key);
			if (writes.removePending) batch.removePending.add(key);
			if (writes.removeSent) batch.removeSent.add(key);
		});
	}

	/** Resolves once every write asked so far was made (or failed). */
	async drain(): Promise<void> {
		for (;;) {
			const tail = this.tail;
			await tail.catch(() => undefined);
			if (this.tail === tail && this.next === undefined) return;
		}
	}

	private async enqueue(add: (batch: Batch) => void): Promise<BatchResult> {
		if (!this.next) {
			let start!: () => void;
			const started = new Promise<void>((resolve) => (start = resolve));
			const batch: Batch = {
				recordPending: new Set(),
				recordSent: new Set(),
				removePending: new Set(),
				removeSent: new Set(),
				done: started.then(async () => await this.flush(batch)),
			};
			this.next = batch;
			this.tail = this.tail.then(() => {
				if (this.next === batch) this.next = undefined;
				start();
				return batch.done;
			});
		}
		add(this.next);
		return await this.next.done;
	}

	private async flush(batch: Batch): Promise<BatchResult> {
		const failed = new Map<string, string>();
		const run = this.run;
		const attempt = async (keys: Set<string>, write: (scoped: string[]) => Promise<unknown>) => {
			const left = [...keys].filter((key) => !failed.has(key));
			if (left.length === 0) return;
			try {
				await write(left);
			} catch (error) {
				const message = run.redact(error instanceof Error ? error.message : String(error));
				for (const key of left) failed.set(key, message);
			}
		};
		await attempt(batch.recordPending, async (keys) => await record(run, keys.map((key) => stored(run, key, 'pending')), LEAD_OPTIONS, true));
		await attempt(batch.recordSent, async (keys) => await record(run, keys.map((key) => stored(run, key, 'sent')), LEAD_OPTIONS, true));
		// A lead whose `sent:` failed keeps `pending:` (attempt skips failed keys): the next run verifies it.
		const live = (keys: Set<string>, kind: KeyKind) => [...keys].filter((key) => !failed.has(key)).map((key) => stored(run, key, kind));
		const scoped = [...live(batch.removeSent, 'sent'), ...live(batch.removePending, 'pending')];
		try {
			await remove(run, scoped);
		} catch (error) {
			const message = run.redact(error instanceof Error ? error.message : String(error));
			for (const key of [...batch.removePending, ...batch.removeSent]) if (!failed.has(key)) failed.set(key, message);
		}
		return { failed };
	}
}
