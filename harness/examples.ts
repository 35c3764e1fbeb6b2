/**
 * The example workflows of `examples/`, loaded as a user imports them into n8n, changed the way
 * a test needs, and the items their triggers emit. The AI nodes' stand-ins: ai-stand-ins.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	deepCopy,
	NodeConnectionTypes,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { resetDataTables } from './data-tables';
import { runWorkflow, type WorkflowDefinition } from './run-workflow';

export const EXAMPLES_DIR = join(__dirname, '..', 'examples');

/** n8n's workflow export format, as the examples are written. */
export interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: IDataObject;
	pinData: IDataObject;
	[key: string]: unknown;
}

export const EXAMPLE_FILES = [
	'batiweb-leads-table.json',
	'form-to-batiweb.json',
	'form-trigger-to-batiweb.json',
	'status-polling.json',
	'ai-agent-tool.json',
	'manual/form-to-batiweb.json',
	'manual/status-polling.json',
	'manual/french-sheet-to-batiweb.json',
] as const;

export type ExampleFile = (typeof EXAMPLE_FILES)[number];

export function readExample(file: ExampleFile): ExampleWorkflow {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;
}

/**
 * An example as the engine harness runs it. The credentials stay as the file names them
 * ("Batiweb sandbox"): the harness hands out the credential the test gives for that type, which
 * is how a user points the imported workflow at their own credential.
 */
export function loadExample(file: ExampleFile): WorkflowDefinition {
	const example = readExample(file);
	return {
		id: example.id,
		name: example.name,
		nodes: deepCopy(example.nodes),
		connections: deepCopy(example.connections),
		settings: deepCopy(example.settings),
	};
}

/** A copy of the workflow with one node changed (parameters merged, node settings replaced). */
export function withNode(
	definition: WorkflowDefinition,
	name: string,
	change: { parameters?: IDataObject; settings?: Partial<INode> },
): WorkflowDefinition {
	const copy = deepCopy(definition);
	const node = copy.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`The workflow has no node "${name}"`);
	Object.assign(node.parameters, change.parameters ?? {});
	Object.assign(node, change.settings ?? {});
	return copy;
}

/** Adds a node after `from` (on its output `output`), as a test probe downstream. */
export function withNodeAfter(definition: WorkflowDefinition, from: string, output: number, node: INode): WorkflowDefinition {
	const copy = deepCopy(definition);
	copy.nodes.push(node);
	const outputs = (copy.connections[from] ??= {}).main ?? (copy.connections[from].main = []);
	while (outputs.length <= output) outputs.push([]);
	(outputs[output] ??= []).push({ node: node.name, type: NodeConnectionTypes.Main, index: 0 });
	return copy;
}

/** A Set node that keeps fields computed by expressions (e.g. `$('Webhook').item…`). */
export function probeNode(name: string, fields: Record<string, string>): INode {
	return {
		id: `probe-${name}`,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.5,
		position: [0, 400],
		parameters: {
			assignments: {
				assignments: Object.entries(fields).map(([field, value], index) => ({
					id: `probe-${index}`,
					name: field,
					value,
					type: 'string',
				})),
			},
			options: {},
		},
	};
}

/**
 * The status-polling example's Get Status node fed from a fixed token list instead of the data
 * table (tests of the node's options), with an IF on `final` after it as a CRM would branch.
 */
export function pollingWithTokens(tokens: string[]): WorkflowDefinition {
	const example = loadExample('status-polling.json');
	const keep = (name: string) => example.nodes.find((node) => node.name === name)!;
	const node = (name: string, type: string, typeVersion: number, parameters: IDataObject): INode =>
		({ id: `fixture-${name}`, name, type, typeVersion, position: [0, 0], parameters }) as INode;
	const link = (...targets: string[][]) => ({ main: targets.map((names) => names.map((name) => ({ node: name, type: NodeConnectionTypes.Main, index: 0 }))) });
	const isFinal = {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 3 },
			conditions: [{ id: 'final', leftValue: '={{ $json.final }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		options: {},
	};
	return {
		id: example.id,
		name: example.name,
		settings: example.settings,
		nodes: [
			keep('Every 15 minutes'),
			node('Tokens to follow', 'n8n-nodes-base.set', 3.5, { mode: 'raw', jsonOutput: JSON.stringify({ tokens }), options: {} }),
			node('One item per token', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'tokens', options: { destinationFieldName: 'token' } }),
			keep('Get Status'),
			node('Final?', 'n8n-nodes-base.if', 2.3, isFinal),
			node('Update CRM: final status', 'n8n-nodes-base.noOp', 1, {}),
			node('Update CRM: status changed', 'n8n-nodes-base.noOp', 1, {}),
			keep('Check these tokens'),
		],
		connections: {
			'Every 15 minutes': link(['Tokens to follow']),
			'Tokens to follow': link(['One item per token']),
			'One item per token': link(['Get Status']),
			'Get Status': link(['Final?'], ['Check these tokens']),
			'Final?': link(['Update CRM: final status'], ['Update CRM: status changed']),
		},
	};
}

/**
 * The same, fed with rows that carry the status already saved for each token (as the Data Table
 * gives them), which version 2's Only Changes compares with (its Previous Status reads
 * `{{ $json.status }}`, as in the example).
 */
export function pollingRows(rows: Array<{ token: string; status: number | string | null }>): WorkflowDefinition {
	const polling = withNode(pollingWithTokens([]), 'Tokens to follow', { parameters: { jsonOutput: JSON.stringify({ tokens: rows }) } });
	return withNode(polling, 'One item per token', { parameters: { fieldToSplitOut: 'tokens', options: {} } });
}

/** A fresh, empty data table `batiweb_leads`, made by the example that makes it. */
export async function freshLeadsTable(): Promise<void> {
	resetDataTables();
	await runWorkflow(loadExample('batiweb-leads-table.json'), { credentials: {}, startNode: 'Create it once' });
}

/** The item n8n's Webhook node (v2) emits for a form post. */
export function formPost(body: IDataObject): INodeExecutionData {
	return {
		json: {
			headers: { host: 'n8n.example.com', 'content-type': 'application/x-www-form-urlencoded' },
			params: {},
			query: {},
			body,
			webhookUrl: 'https://n8n.example.com/webhook/batiweb-lead',
			executionMode: 'production',
		},
	};
}

/** The item a Schedule Trigger emits. */
export function scheduleTick(date = new Date('2026-11-30T09:15:00+01:00')): INodeExecutionData {
	return { json: { timestamp: date.toISOString(), 'Readable date': date.toUTCString(), Timezone: 'Europe/Paris (UTC+01:00)' } };
}
