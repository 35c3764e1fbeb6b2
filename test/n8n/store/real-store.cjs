// Runs a list of de-duplication store operations against n8n's OWN store: the DeduplicationHelper of
// the installed n8n (the class behind helpers.checkProcessedAndRecord), on its ProcessedDataRepository
// over an n8n SQLite database that n8n's migrations created (the rows of one of its workflows:
// `workflowId` of the operations file, else the first; its rows are deleted first). Run with n8n's Node:
//   node real-store.cjs <n8n package dir> <database.sqlite> <ops.json>   → JSON results on stdout
// (store.mjs runs the same operations on harness/deduplicator.ts and compares; bench/n8n/skip-memory.mjs
// fills a node's row with it).
const path = require('node:path');
const { createRequire } = require('node:module');

const [n8nDir, database, opsFile] = process.argv.slice(2);
const n8nRequire = createRequire(path.join(n8nDir, 'package.json'));
require(n8nRequire.resolve('reflect-metadata'));
const { Container } = n8nRequire('@n8n/di');
const { DataSource } = n8nRequire('@n8n/typeorm');
const { ProcessedData, ProcessedDataRepository } = n8nRequire('@n8n/db');
const { DeduplicationHelper } = require(path.join(n8nDir, 'dist', 'deduplication', 'deduplication-helper.js'));

(async () => {
	const dataSource = new DataSource({ type: 'sqlite', database, entities: [ProcessedData] });
	await dataSource.initialize();
	Container.set(ProcessedDataRepository, new ProcessedDataRepository(dataSource));
	const store = new DeduplicationHelper();
	const { operations, workflowId: given } = JSON.parse(require('node:fs').readFileSync(opsFile, 'utf8'));
	// processed_data.workflowId references workflow_entity: the rows belong to a workflow of the
	// database, the one named in the operations file or else the first.
	const [workflow] = given ? [{ id: given }] : await dataSource.query('SELECT id FROM workflow_entity ORDER BY id LIMIT 1');
	if (!workflow) throw new Error(`${database} holds no workflow`);
	const workflowId = workflow.id;
	await dataSource.getRepository(ProcessedData).delete({ workflowId });
	const results = [];
	for (const op of operations) {
		const context = { workflow: { id: workflowId }, node: { id: op.node, name: op.node } };
		const options = { mode: 'entries', ...(op.maxEntries ? { maxEntries: op.maxEntries } : {}) };
		if (op.op === 'check') results.push(await store.checkProcessedAndRecord(op.items, 'node', context, options));
		else if (op.op === 'remove') results.push(await store.removeProcessed(op.items, 'node', context, options) ?? null);
		else if (op.op === 'clear') results.push(await store.clearAllProcessedItems('node', context, options) ?? null);
		else if (op.op === 'count') results.push(await store.getProcessedDataCount('node', context, options));
		else throw new Error(`unknown operation ${op.op}`);
	}
	const rows = await dataSource.getRepository(ProcessedData).find({ where: { workflowId } });
	const stored = Object.fromEntries(rows.map((row) => [row.context, row.value.data]).sort(([a], [b]) => a.localeCompare(b)));
	await dataSource.destroy();
	process.stdout.write(JSON.stringify({ results, stored }));
})().catch((error) => {
	console.error(error.stack ?? String(error));
	process.exit(1);
});
