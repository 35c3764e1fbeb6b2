/**
 * Runs the Batiweb Lead node's `execute` with n8n-core's own SupplyDataContext, the context n8n
 * gives a node it calls as an AI agent's tool: with the `ai_tool` connection type its
 * `isToolExecution()` is true. With the `main` type it is an ordinary run, for comparison.
 */
import { SupplyDataContext } from 'n8n-core';
import {
	createRunExecutionData,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { leadNode, nodeTypes, testAdditionalData } from '../../harness';

export interface ContextRun {
	isToolExecution: boolean;
	outputs: INodeExecutionData[][];
}

export async function executeInContext(
	connectionType: typeof NodeConnectionTypes.AiTool | typeof NodeConnectionTypes.Main,
	parameters: IDataObject,
	items: INodeExecutionData[],
	credentials: ICredentialDataDecryptedObject,
	nodeProps: Partial<INode> = {},
): Promise<ContextRun> {
	const node: INode = leadNode(parameters, nodeProps);
	const workflow = new Workflow({ id: 'tool-workflow', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = testAdditionalData({ batiwebApi: credentials }, { executionId: 'tool-execution' });
	const context = new SupplyDataContext(
		workflow,
		node,
		additionalData,
		'trigger',
		createRunExecutionData(),
		0,
		items,
		{ [connectionType]: [items] },
		connectionType,
		{ node, data: { [connectionType]: [items] }, source: null },
		[],
	);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const outputs = (await nodeType.execute!.call(context as unknown as IExecuteFunctions)) as INodeExecutionData[][];
	return { isToolExecution: context.isToolExecution(), outputs };
}
