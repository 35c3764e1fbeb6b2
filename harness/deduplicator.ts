import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/** n8n keeps processed keys in its database; this keeps them in memory, per scope and node. */
class InMemoryDeduplicator implements IDataDeduplicator {
	/** Per scope key, the recorded items oldest first, as n8n's database store keeps them. */
	readonly stores = new Map<string, string[]>();

	storeKey(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		return scope === 'node' ? `${context.workflow.id}:${context.node?.id ?? context.node?.name}` : context.workflow.id;
	}

	private store(scope: DeduplicationScope, context: ICheckProcessedContextData): string[] {
		const key = this.storeKey(scope, context);
		let store = this.stores.get(key);
		if (!store) this.stores.set(key, (store = []));
		return store;
	}

	/** Like n8n's "entries" mode: new items are appended, then only the newest maxEntries kept. */
	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const store = this.store(scope, context);
		const known = new Set(store);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const key = String(item);
			if (known.has(key)) output.processed.push(item);
			else {
				known.add(key);
				store.push(key);
				output.new.push(item);
			}
		}
		if (options.maxEntries) store.splice(0, Math.max(0, store.length - options.maxEntries));
		return output;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, context: ICheckProcessedContextData) {
		const store = this.store(scope, context);
		for (const item of items) {
			const index = store.indexOf(String(item));
			if (index !== -1) store.splice(index, 1);
		}
	}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		this.store(scope, context).length = 0;
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		return this.store(scope, context).length;
	}
}

export const deduplicator = new InMemoryDeduplicator();
