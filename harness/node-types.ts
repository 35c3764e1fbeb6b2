/**
 * The node types the engine harness knows: this package's node, and n8n's own nodes loaded from
 * n8n-nodes-base's dist. A test may add more (e.g. stand-ins for the AI nodes).
 */
import { NodeHelpers, type INodeType, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';

import type * as BatiwebLeadModule from '../nodes/BatiwebLead/BatiwebLead.node';

type NodeClass = new () => INodeType | IVersionedNodeType;

/**
 * The node's source file, named in full: `BatiwebLead.node.json` (its codex) sits beside it, and
 * Node's resolver, which tsx uses, would take that for an extension-less `…/BatiwebLead.node`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { BatiwebLead } = require('../nodes/BatiwebLead/BatiwebLead.node.ts') as typeof BatiwebLeadModule;

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
	'n8n-nodes-base.dataTable': baseNode('DataTable/DataTable.node', 'DataTable'),
};

/** Lets a test add a node type the engine should know (e.g. a stand-in for an AI agent). */
export function registerNodeType(type: string, factory: () => INodeType | IVersionedNodeType): void {
	NODE_FACTORIES[type] = factory;
}

class HarnessNodeTypes implements INodeTypes {
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

export const nodeTypes = new HarnessNodeTypes();
