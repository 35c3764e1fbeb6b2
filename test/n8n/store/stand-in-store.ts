// The operations of real-store.cjs, run on the engine tests' stand-in (harness/deduplicator.ts):
//   tsx stand-in-store.ts <ops.json>   → the same JSON shape on stdout (stored hashes per n8n context).
import fs from 'node:fs';

import type { ICheckProcessedOptions } from 'n8n-workflow';

import { deduplicator } from '../../../harness/deduplicator';

interface Operation {
	op: 'check' | 'remove' | 'clear' | 'count';
	node: string;
	items?: string[];
	maxEntries?: number;
}

async function main(): Promise<void> {
	const { operations } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { operations: Operation[] };
	const workflowId = 'stand-in';
	const results: unknown[] = [];
	for (const op of operations) {
		const context = { workflow: { id: workflowId }, node: { id: op.node, name: op.node } } as Parameters<typeof deduplicator.checkProcessedAndRecord>[2];
		const options: ICheckProcessedOptions = { mode: 'entries', ...(op.maxEntries ? { maxEntries: op.maxEntries } : {}) };
		if (op.op === 'check') results.push(await deduplicator.checkProcessedAndRecord(op.items ?? [], 'node', context, options));
		else if (op.op === 'remove') results.push((await deduplicator.removeProcessed(op.items ?? [], 'node', context)) ?? null);
		else if (op.op === 'clear') results.push((await deduplicator.clearAllProcessedItems('node', context)) ?? null);
		else results.push(await deduplicator.getProcessedDataCount('node', context));
	}
	// n8n names a node's row by the context `n:<node id>`.
	const stored = Object.fromEntries(
		[...deduplicator.stores].map(([key, hashes]) => [`n:${key.slice(workflowId.length + 1)}`, hashes] as const).sort(([a], [b]) => a.localeCompare(b)),
	);
	process.stdout.write(JSON.stringify({ results, stored }));
}

void main();
