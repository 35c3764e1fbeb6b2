/**
 * Runs workflows through n8n's own engine (n8n-core WorkflowExecute) with the real node classes:
 * this package's node, and n8n's own nodes from n8n-nodes-base. Expressions, credentials,
 * item pairing, error settings and static data all go through n8n's code; only what n8n's server
 * adds around the engine (the database, credential decryption) is replaced by small in-memory
 * stand-ins (additional-data.ts, deduplicator.ts).
 */
import { DataDeduplicationService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	deepCopy,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type IExecuteResponsePromiseData,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IRunExecutionData,
	type IWorkflowBase,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { testAdditionalData } from './additional-data';
import { deduplicator } from './deduplicator';
import { nodeTypes } from './node-types';

let deduplicationReady: Promise<void> | undefined;

export interface WorkflowDefinition {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
	staticData?: IDataObject;
}

export interface RunOptions {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The items the start node emits (a webhook's request, a schedule's tick). */
	triggerItems?: INodeExecutionData[];
	/** Defaults to the workflow's trigger node. */
	startNode?: string;
	mode?: WorkflowExecuteMode;
	/** Static data carried over from an earlier run of the same workflow. */
	staticData?: IDataObject;
	/** Lets a test cancel the execution, as n8n does when a user stops it. */
	abortController?: AbortController;
}

export interface RunResult {
	run: IRun;
	/** The items a node put on one of its outputs (first run of that node). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** How many outputs a node produced, and its error if it failed. */
	nodeRun(nodeName: string): { outputs: INodeExecutionData[][]; error?: Error };
	/** The workflow's static data after the run, to feed a later run. */
	staticData: IDataObject;
	/** What Respond to Webhook nodes sent back to the webhook's caller, in order. */
	responses: IExecuteResponsePromiseData[];
}

export async function runWorkflow(definition: WorkflowDefinition, options: RunOptions): Promise<RunResult> {
	deduplicationReady ??= DataDeduplicationService.init(deduplicator);
	await deduplicationReady;

	const workflow = new Workflow({
		id: definition.id ?? 'test-workflow',
		name: definition.name ?? 'Test workflow',
		nodes: definition.nodes,
		connections: definition.connections,
		nodeTypes,
		settings: definition.settings ?? {},
		staticData: structuredClone(options.staticData ?? definition.staticData ?? {}),
		active: true,
	});
	const destinations = new Set(
		Object.values(definition.connections).flatMap((outputs) =>
			Object.values(outputs).flatMap((lists) => (lists ?? []).flatMap((list) => (list ?? []).map((link) => link.node))),
		),
	);
	const startName = options.startNode ?? definition.nodes.find((node) => !destinations.has(node.name))?.name;
	const startNode = startName ? workflow.getNode(startName) : null;
	if (!startNode) throw new Error('The workflow has no start node');

	const mode = options.mode ?? 'trigger';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: workflow.id,
		name: workflow.name,
		nodes: definition.nodes,
		connections: definition.connections,
	} as IWorkflowBase);
	let resolveFinished!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));
	const responses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => void responses.push(response));

	const additionalData = testAdditionalData(options.credentials, { hooks });

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.triggerItems ?? [{ json: {} }]] }, source: null },
			],
		},
	});

	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	if (options.abortController) {
		options.abortController.signal.addEventListener('abort', () => running.cancel('cancelled by the test'), { once: true });
	}
	await running;
	const run = await finished;

	const nodeRun = (nodeName: string) => {
		const task = run.data.resultData.runData[nodeName]?.[0];
		if (!task) throw new Error(`The node "${nodeName}" did not run`);
		return { outputs: (task.data?.main ?? []).map((items: INodeExecutionData[] | null) => items ?? []), error: task.error };
	};
	return {
		run,
		nodeRun,
		output: (nodeName, outputIndex = 0) => nodeRun(nodeName).outputs[outputIndex] ?? [],
		// A plain copy: n8n's static data object is an observable proxy that cannot be cloned.
		staticData: deepCopy(workflow.staticData) as IDataObject,
		responses,
	};
}
