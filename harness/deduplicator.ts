import { createHash } from 'node:crypto';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * n8n's de-duplication store (n8n's DeduplicationHelper, "entries" mode, the same in 1.123.81 and
 * 2.41.1), kept in memory instead of one processed_data row per node. It does what that store does
 * where a node can tell: it keeps md5 hashes, oldest first; the call that creates the row reports
 * every key new; a call does not see its own repeated keys; maxEntries drops the oldest; removing a
 * key deletes its first copy only. test/n8n/suites/store.mjs runs the same operations on the real
 * store of the installed n8n and on this one, and compares every answer and the stored hashes.
 */
class InMemoryDeduplicator implements IDataDeduplicator {
	/** Per scope key, the stored md5 hashes oldest first, as n8n's row keeps them ("the row"). */
	readonly stores = new Map<string, string[]>();
	/** Each hash's key, for tests that read what is stored (n8n keeps only the hash). */
	private readonly keyOfHash = new Map<string, string>();

	storeKey(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		return scope === 'node' ? `${context.workflow.id}:${context.node?.id ?? context.node?.name}` : context.workflow.id;
	}

	/** n8n's DeduplicationHelper.createValueHash. */
	hash(item: DeduplicationItemTypes): string {
		const key = String(item);
		const hash = createHash('md5').update(key).digest('base64');
		this.keyOfHash.set(hash, key);
		return hash;
	}

	/** The keys stored under a scope key, oldest first (tests only). */
	keys(storeKey: string): string[] {
		return (this.stores.get(storeKey) ?? []).map((hash) => this.keyOfHash.get(hash) ?? hash);
	}

	/** Stores these keys as a row of their own, oldest first (tests only). */
	fill(storeKey: string, keys: string[]): void {
		this.stores.set(storeKey, keys.map((key) => this.hash(key)));
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error(`the stand-in store has only the "entries" mode, not ${options.mode}`);
		const key = this.storeKey(scope, context);
		const hashes = items.map((item) => this.hash(item));
		const row = this.stores.get(key);
		const trim = (stored: string[]) => (options.maxEntries ? stored.splice(0, stored.length - options.maxEntries) : undefined);
		if (row === undefined) {
			// The call that creates the row reports every item new, repeated ones too.
			trim(hashes);
			this.stores.set(key, hashes);
			return { new: [...items], processed: [] };
		}
		// Seen = stored before this call: an item repeated within the call is new each time.
		const seen = new Set(row);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((hash, index) => {
			if (seen.has(hash)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				row.push(hash);
			}
		});
		trim(row);
		return output;
	}

	/** Deletes the first stored copy of each item's hash. */
	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, context: ICheckProcessedContextData) {
		const row = this.stores.get(this.storeKey(scope, context));
		if (row === undefined) return;
		for (const item of items) {
			const index = row.indexOf(this.hash(item));
			if (index !== -1) row.splice(index, 1);
		}
	}

	/** Deletes the row: the next call creates it again. */
	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		this.stores.delete(this.storeKey(scope, context));
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		return this.stores.get(this.storeKey(scope, context))?.length ?? 0;
	}
}

export const deduplicator = new InMemoryDeduplicator();
