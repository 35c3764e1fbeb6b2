/**
 * Stand-ins for the AI nodes that cannot run here (no model, no @n8n/n8n-nodes-langchain in this
 * package), for the example ai-agent-tool.json.
 *
 * They replace only what is outside this package. The Batiweb tool node is the real node class
 * under the tool type n8n derives for it ("…batiwebLeadTool"), and the AI Agent stand-in asks
 * n8n's engine to run its tools as n8n 2.x's AI Agent (v3) does: it returns an engine request
 * naming the tool node and the arguments the model chose, n8n-core's WorkflowExecute runs the
 * tool node, and the agent reads the tool's answer from the tool's first output (only that
 * output reaches a model).
 */
import {
	deepCopy,
	NodeConnectionTypes,
	VersionedNodeType,
	type EngineRequest,
	type EngineResponse,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type IVersionedNodeType,
	type NodeOutput,
	type SupplyData,
} from 'n8n-workflow';

import { BatiwebLead, registerNodeType } from './node-types';

/** One tool call the scripted agent makes, as a model would choose it. */
export interface ScriptedToolCall {
	/** The tool's name: its node's name in snake case ("Check sellable" → "Check_sellable"). */
	tool: string;
	input: IDataObject;
}

/** What the scripted agent outputs for one chat message. */
export interface AgentTranscript {
	toolCalls: Array<ScriptedToolCall & { answer: IDataObject[] }>;
}

/**
 * The item the Chat Trigger emits, carrying the tool calls the stand-in agent will make, and how:
 * through the engine (as n8n 2.x's AI Agent does) or by invoking the tool object.
 */
export function chatMessage(
	chatInput: string,
	toolCalls: ScriptedToolCall[],
	via: 'engine' | 'invoke' = 'engine',
): INodeExecutionData {
	return {
		json: {
			sessionId: 'test-session',
			action: 'sendMessage',
			chatInput,
			scriptedToolCalls: toolCalls as unknown as IDataObject[],
			scriptedVia: via,
		},
	};
}

function standInDescription(name: string, overrides: Partial<INodeTypeDescription>): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: 'A test stand-in',
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...overrides,
	};
}

/** Stands in for the Chat Trigger: like any trigger in a production run, it passes its item on. */
class ChatTriggerStandIn implements INodeType {
	description = standInDescription('chatTrigger', {
		group: ['trigger'],
		version: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
		inputs: [],
		properties: [{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] }],
	});

	async webhook() {
		return {};
	}
}

/** Stands in for the chat model: the scripted agent never calls it. */
class ChatModelStandIn implements INodeType {
	description = standInDescription('lmChatOpenAi', {
		version: [1, 1.1, 1.2, 1.3],
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		properties: [
			{ displayName: 'Model', name: 'model', type: 'json', default: {} },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	});

	async supplyData(this: ISupplyDataFunctions): Promise<SupplyData> {
		throw new Error('No chat model in the tests: the scripted agent decides the tool calls');
	}
}

interface ToolLike {
	name: string;
	metadata?: { sourceNodeName?: string };
	invoke(input: IDataObject): Promise<string>;
}

/**
 * Stands in for the AI Agent (v3): for each chat message it requests the tool calls scripted in
 * the message, as n8n's agent does when the model answers with tool calls, then outputs what each
 * tool answered. It asks n8n-core for its connected tools (which builds each tool's schema from
 * its `$fromAI()` placeholders and fails on a bad key), and reads each answer from output 0 of
 * the tool's run, as the real agent does.
 */
class ScriptedAgent implements INodeType {
	description = standInDescription('agent', {
		displayName: 'AI Agent (scripted stand-in)',
		version: [3, 3.1],
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
		properties: [
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [{ displayName: 'System Message', name: 'systemMessage', type: 'string', default: '' }],
			},
		],
	});

	async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<NodeOutput> {
		const items = this.getInputData();
		const calls = (index: number) => (items[index].json.scriptedToolCalls ?? []) as unknown as ScriptedToolCall[];
		const output = (answers: (itemIndex: number, callIndex: number) => IDataObject[]): INodeExecutionData[][] => [
			items.map((_, itemIndex) => {
				const toolCalls = calls(itemIndex).map((call, callIndex) => ({ ...call, answer: answers(itemIndex, callIndex) }));
				return { json: { output: `${toolCalls.length} tool call(s)`, toolCalls } as unknown as IDataObject, pairedItem: { item: itemIndex } };
			}),
		];
		if (response?.actionResponses?.length) {
			// Resumed by the engine with the tools' runs: read each answer as the agent does.
			return output((itemIndex, callIndex) => {
				const result = response.actionResponses.find((entry) => entry.action.id === `call-${itemIndex}-${callIndex}`);
				if (!result) return [{ error: 'the engine did not run this tool call' }];
				if (result.data.error) return [{ error: result.data.error.message }];
				return ((result.data.data?.[NodeConnectionTypes.AiTool]?.[0] ?? []) as INodeExecutionData[]).map((entry) => entry.json);
			});
		}
		const tools = ((await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) ?? []) as ToolLike[];
		const toolNamed = (name: string) => {
			const tool = tools.find((candidate) => candidate.name === name);
			if (!tool?.metadata?.sourceNodeName) {
				throw new Error(`No tool "${name}" is connected (tools: ${tools.map((candidate) => candidate.name).join(', ')})`);
			}
			return tool;
		};
		if (items.some((item) => item.json.scriptedVia === 'invoke')) {
			// Older callers (and sub-agents) invoke the tool object itself: n8n-core then runs the
			// node through supplyData, where isToolExecution() is true.
			const answers = new Map<string, IDataObject[]>();
			for (const [itemIndex] of items.entries()) {
				for (const [callIndex, call] of calls(itemIndex).entries()) {
					const text = await toolNamed(call.tool).invoke(call.input);
					answers.set(`${itemIndex}-${callIndex}`, JSON.parse(text) as IDataObject[]);
				}
			}
			return output((itemIndex, callIndex) => answers.get(`${itemIndex}-${callIndex}`) ?? []);
		}
		const request: EngineRequest<IDataObject> = { actions: [], metadata: {} };
		items.forEach((_, itemIndex) => {
			calls(itemIndex).forEach((call, callIndex) => {
				request.actions.push({
					actionType: 'ExecutionNodeAction',
					nodeName: toolNamed(call.tool).metadata!.sourceNodeName!,
					input: call.input,
					type: NodeConnectionTypes.AiTool,
					id: `call-${itemIndex}-${callIndex}`,
					metadata: { itemIndex, callIndex },
				});
			});
		});
		return request;
	}
}

/**
 * The Batiweb node as n8n offers it to agents: n8n's loader copies the description of a
 * `usableAsTool` node under the name "<name>Tool", with no main input, one `ai_tool` output and a
 * tool description (packages/cli convertNodeToAiTool); the execute function is the node's own.
 */
function batiwebLeadTool(): IVersionedNodeType {
	const node = new BatiwebLead();
	const versions = Object.fromEntries(Object.keys(node.nodeVersions).map((version) => [version, toolVersion(node.getNodeType(Number(version)))]));
	return new VersionedNodeType(versions, { ...node.description, name: `${node.description.name}Tool` });
}

function toolVersion(node: INodeType): INodeType {
	const description = deepCopy(node.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	description.properties = [
		{
			displayName: 'Tool Description',
			name: 'descriptionType',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Set Automatically', value: 'auto' },
				{ name: 'Set Manually', value: 'manual' },
			],
			default: 'auto',
		},
		{
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: description.description,
			required: true,
			displayOptions: { show: { descriptionType: ['manual'] } },
		},
		...description.properties,
	];
	return { description, execute: node.execute };
}

let standInsRegistered = false;

/** Registers the AI stand-ins and the Batiweb tool type with the engine harness (once). */
export function registerAiStandIns(): void {
	if (standInsRegistered) return;
	standInsRegistered = true;
	registerNodeType('@n8n/n8n-nodes-langchain.chatTrigger', () => new ChatTriggerStandIn());
	registerNodeType('@n8n/n8n-nodes-langchain.agent', () => new ScriptedAgent());
	registerNodeType('@n8n/n8n-nodes-langchain.lmChatOpenAi', () => new ChatModelStandIn());
	registerNodeType('n8n-nodes-batiweb.batiwebLeadTool', batiwebLeadTool);
}

/** The scripted agent's account of one chat message. */
export function transcriptOf(item: INodeExecutionData): AgentTranscript {
	return item.json as unknown as AgentTranscript;
}
