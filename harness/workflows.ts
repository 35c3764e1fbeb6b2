/**
 * Small builders for test workflows: a trigger followed by one Batiweb Lead node, with the
 * parameters a user would set in the editor.
 */
import type { IConnections, IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Operation } from '../nodes/BatiwebLead/catalog/codes';
import { fieldsWithRole } from '../nodes/BatiwebLead/fields';
import type { WorkflowDefinition } from './run-workflow';

export const LEAD_NODE = 'Batiweb Lead';
export const TRIGGER_NODE = 'Webhook';

export function leadNode(parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return {
		id: 'batiweb-lead-node',
		name: LEAD_NODE,
		type: 'n8n-nodes-batiweb.batiwebLead',
		typeVersion: 1,
		position: [400, 0],
		parameters: parameters as INodeParameters,
		credentials: { batiwebApi: { id: 'sandbox', name: 'Batiweb sandbox' } },
		...extra,
	};
}

/** n8n's Webhook node, as a form posts to it. */
export function webhookTrigger(): INode {
	const parameters = { httpMethod: 'POST', path: 'lead' };
	return { id: 'webhook-node', name: TRIGGER_NODE, type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters, webhookId: 'test-webhook' };
}

/** Webhook → Batiweb Lead: the lead node reads each webhook item through expressions. */
export function webhookToLead(parameters: IDataObject, extra: Partial<INode> = {}): WorkflowDefinition {
	const connections: IConnections = {
		[TRIGGER_NODE]: { main: [[{ node: LEAD_NODE, type: 'main', index: 0 }]] },
	};
	return { nodes: [webhookTrigger(), leadNode(parameters, extra)], connections };
}

/** The items a webhook emits for posted bodies. */
export function posted(bodies: IDataObject[]): INodeExecutionData[] {
	return bodies.map((body) => ({ json: { headers: {}, params: {}, query: {}, body } }));
}

/**
 * Parameters of an operation that read each field from the posted form body by expression,
 * derived from the node's own field list (fields.ts): the required fields and the
 * cellphone/landline pair, and with `withOptional` every Additional Field too.
 */
export function parametersFromBody(operation: Operation, withOptional = false): IDataObject {
	const fromBody = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, `={{ $json.body.${name} }}`]));
	return {
		operation,
		...fromBody([...fieldsWithRole(operation, 'required'), ...fieldsWithRole(operation, 'oneOf')]),
		...(withOptional && fieldsWithRole(operation, 'optional').length > 0
			? { additionalFields: fromBody(fieldsWithRole(operation, 'optional')) }
			: {}),
	};
}

/** Import parameters that read every required field from the posted form body. */
export const IMPORT_FROM_BODY = parametersFromBody('import');
