/**
 * Runs workflows through n8n's own engine (n8n-core WorkflowExecute) with the real node classes:
 * this package's node, and n8n's own nodes from n8n-nodes-base. Expressions, credentials,
 * item pairing, error settings and static data all go through n8n's code; only what n8n's server
 * adds around the engine (the database, credential decryption) is replaced here by small
 * in-memory stand-ins.
 */
// First: under tsx (demo, bench) the node's import below must load its TypeScript source.
import './resolve-ts';
import { DataDeduplicationService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	deepCopy,
	ICredentialsHelper,
	Workflow,
	type DeduplicationItemTypes,
	type DeduplicationScope,
	type ICheckProcessedContextData,
	type ICheckProcessedOptions,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataDeduplicator,
	type IDataObject,
	type IDeduplicationOutput,
	type IExecuteResponsePromiseData,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
	NodeHelpers,
	type IConnections,
} from 'n8n-workflow';

import { BatiwebApi } from '../../credentials/BatiwebApi.credentials';
import { BatiwebLead } from '../../nodes/BatiwebLead/BatiwebLead.node';

type NodeClass = new () => INodeType | IVersionedNodeType;

/** n8n's own nodes used by the examples and tests, loaded from n8n-nodes-base's dist. */
function baseNode(path: string, className: string): () => INodeType | IVersionedNodeType {
	return () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(`n8n-nodes-base/dist/nodes/${path}`) as Record<string, NodeClass>;
		return new module[className]();
	};
}

const NODE_FACTORIES: Record<string, () => INodeType | IVersionedNodeType> = {
	'n8n-nodes-batiweb.batiwebLead': () => new BatiwebLead(),
	'n8n-nodes-base.manualTrigger': baseNode('ManualTrigger/ManualTrigger.node', 'ManualTrigger'),
	'n8n-nodes-base.webhook': baseNode('Webhook/Webhook.node', 'Webhook'),
	'n8n-nodes-base.scheduleTrigger': baseNode('Schedule/ScheduleTrigger.node', 'ScheduleTrigger'),
	'n8n-nodes-base.set': baseNode('Set/Set.node', 'Set'),
	'n8n-nodes-base.if': baseNode('If/If.node', 'If'),
	'n8n-nodes-base.filter': baseNode('Filter/Filter.node', 'Filter'),
	'n8n-nodes-base.noOp': baseNode('NoOp/NoOp.node', 'NoOp'),
	'n8n-nodes-base.httpRequest': baseNode('HttpRequest/HttpRequest.node', 'HttpRequest'),
	'n8n-nodes-base.respondToWebhook': baseNode('RespondToWebhook/RespondToWebhook.node', 'RespondToWebhook'),
	'n8n-nodes-base.splitOut': baseNode('Transform/SplitOut/SplitOut.node', 'SplitOut'),
	'n8n-nodes-base.stopAndError': baseNode('StopAndError/StopAndError.node', 'StopAndError'),
	'n8n-nodes-base.stickyNote': baseNode('StickyNote/StickyNote.node', 'StickyNote'),
};

/** Lets a test add a node type the engine should know (e.g. a stand-in for an AI agent). */
export function registerNodeType(type: string, factory: () => INodeType | IVersionedNodeType): void {
	NODE_FACTORIES[type] = factory;
}

class TestNodeTypes implements INodeTypes {
	private readonly cache = new Map<string, INodeType | IVersionedNodeType>();

	private load(type: string): INodeType | IVersionedNodeType {
		let node = this.cache.get(type);
		if (!node) {
			const factory = NODE_FACTORIES[type];
			if (!factory) throw new Error(`The test engine does not know the node type "${type}"`);
			node = factory();
			this.cache.set(type, node);
		}
		return node;
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.load(type);
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.load(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

export const nodeTypes = new TestNodeTypes();

const CREDENTIAL_TYPES: Record<string, ICredentialType> = { batiwebApi: new BatiwebApi() };

/** Stands in for n8n's CredentialsHelper: hands out plain test credentials, and authenticates
 * requests the way n8n does for a credential whose `authenticate` is a function. */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = CREDENTIAL_TYPES[typeName];
		if (typeof type?.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(_: IWorkflowExecuteAdditionalData, __: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const credentials = this.credentials[type];
		if (!credentials) throw new Error(`No test credentials of type "${type}"`);
		return { ...credentials };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

/**
 * What n8n's server hands the engine around an execution, reduced to what the node and n8n's own
 * nodes use here: credentials, loopback URLs, no sub-workflows, no task runners.
 */
export function testAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	extra: Partial<IWorkflowExecuteAdditionalData> & IDataObject = {},
): IWorkflowExecuteAdditionalData {
	return {
		executionId: 'test-execution',
		credentialsHelper: new TestCredentialsHelper(credentials),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		startRunnerTask: async () => {
			throw new Error('task runners are not used in these tests');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

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
