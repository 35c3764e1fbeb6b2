/**
 * The work every variant does: the same leads, the same envelopes, and the two workflows (the
 * Batiweb Lead node; n8n's HTTP Request node followed by an If node to route on the answer).
 */
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { ENDPOINTS, type Operation } from '../nodes/BatiwebLead/catalog/codes';
import { validateRequest } from '../nodes/BatiwebLead/validation/schemas';
import { PREP_LOGIN, PREP_PASSWORD } from '../harness/fixtures';
import type { WorkflowDefinition } from '../harness/run-workflow';
import { TRIGGER_NODE, webhookToLead, webhookTrigger } from '../harness/workflows';

export const SECURITY = { login: PREP_LOGIN, password: PREP_PASSWORD, environment: 'PREP' } as const;

export const HTTP_NODE = 'HTTP Request';
export const IF_NODE = 'If Accepted';

/**
 * A valid lead as a form would post it, already in the values Batiweb takes (codes, 10-digit
 * phone), so that the HTTP Request node can send it as it is and every variant sends the same
 * request. Keys are in the doc's order, as the node sends them.
 */
export function leadBody(tag: string, index: number): Record<string, string> {
	return {
		email: `bench.${tag}.${index}@example.fr`,
		city: 'Montigny-le-Bretonneux',
		zipcode: '78180',
		isowner: '1',
		cellphone: '0612345678',
		firstname: 'Prénom',
		lastname: "N'Guyen",
		civility: '1',
		workdescription: 'Peinture',
		worktype: '69',
	};
}

/** The webhook bodies of one run: a lead per item, or a token per item for getStatus. */
export function inputBodies(operation: Operation, n: number, tag: string, tokens?: string[]): IDataObject[] {
	if (operation === 'getStatus') {
		if (!tokens || tokens.length < n) throw new Error(`getStatus needs ${n} tokens, got ${tokens?.length ?? 0}`);
		return tokens.slice(0, n).map((token) => ({ token }));
	}
	return Array.from({ length: n }, (_, index) => leadBody(tag, index));
}

const REQUEST_FIELDS: Record<Operation, string[]> = {
	checkSellable: ['zipcode', 'worktype', 'email'],
	import: Object.keys(leadBody('x', 0)),
	getStatus: ['token'],
};

/** What the request of an item holds: the body's fields this operation sends. */
export function requestOf(operation: Operation, body: IDataObject): Record<string, string> {
	return Object.fromEntries(REQUEST_FIELDS[operation].map((name) => [name, String(body[name])]));
}

/**
 * The envelope the node sends for one item: its request as the node's validation normalises it,
 * behind the credential's security block. The bare client posts exactly these.
 */
export function envelopeOf(operation: Operation, body: IDataObject): { security: typeof SECURITY; request: Record<string, string> } {
	const validation = validateRequest(operation, requestOf(operation, body));
	if (!validation.ok) throw new Error(`bench input is invalid: ${validation.problems.map((problem) => problem.message).join('; ')}`);
	return { security: SECURITY, request: validation.request };
}

export function endpointUrl(baseUrl: string, operation: Operation): string {
	return `${baseUrl}/json/lead/${ENDPOINTS[operation]}`;
}

/** Webhook → Batiweb Lead, every field read from the posted body by expression. */
export function nodeWorkflow(operation: Operation, concurrency: number): WorkflowDefinition {
	const fromBody = (name: string) => `={{ $json.body.${name} }}`;
	const parameters: IDataObject = { operation, options: { maxConcurrent: concurrency } };
	if (operation === 'checkSellable') {
		Object.assign(parameters, { zipcode: fromBody('zipcode'), worktype: fromBody('worktype'), additionalFields: { email: fromBody('email') } });
	} else if (operation === 'import') {
		for (const name of REQUEST_FIELDS.import) parameters[name] = fromBody(name);
	} else {
		parameters.token = fromBody('token');
	}
	return webhookToLead(parameters);
}

/** n8n's "Using JSON" body, as a user writes it in the editor: a template with one {{ }} per field. */
function jsonBodyTemplate(operation: Operation): string {
	const lines = REQUEST_FIELDS[operation].map((name) => `    "${name}": "{{ $json.body.${name} }}"`);
	return `={\n  "request": {\n${lines.join(',\n')}\n  }\n}`;
}

/** The Custom Auth credential a user would make to keep the password out of the workflow. */
export const CUSTOM_AUTH = { json: JSON.stringify({ body: { security: SECURITY } }) };

/**
 * Webhook → HTTP Request (4.5, n8n's default) → If: what a user builds without this package.
 * - POST, body "Using JSON" built by expression, Custom Auth credential adding `security`;
 * - Response: "Include Response Headers and Status" and "Never Error", so that an HTTP error
 *   reaches the If node instead of failing the workflow;
 * - Batching: `concurrency` items per batch, `batchInterval` ms between batches (0: no batching);
 * - If: `statusCode` is 200 and `body.code` is 0 → true (accepted), else false.
 */
export function httpWorkflow(operation: Operation, baseUrl: string, concurrency: number, batchInterval: number): WorkflowDefinition {
	const http: INode = {
		id: 'http-request-node', name: HTTP_NODE, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5, position: [400, 0],
		parameters: {
			method: 'POST',
			url: endpointUrl(baseUrl, operation),
			authentication: 'genericCredentialType',
			genericAuthType: 'httpCustomAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: jsonBodyTemplate(operation),
			options: {
				batching: { batch: { batchSize: concurrency, batchInterval } },
				response: { response: { fullResponse: true, neverError: true } },
			},
		},
		credentials: { httpCustomAuth: { id: 'batiweb-custom-auth', name: 'Batiweb (Custom Auth)' } },
	};
	const accepted: INode = {
		id: 'if-node', name: IF_NODE, type: 'n8n-nodes-base.if', typeVersion: 2.2, position: [800, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [
					{ id: 'status-200', leftValue: '={{ $json.statusCode }}', rightValue: 200, operator: { type: 'number', operation: 'equals' } },
					{ id: 'code-0', leftValue: '={{ $json.body.code }}', rightValue: 0, operator: { type: 'number', operation: 'equals' } },
				],
				combinator: 'and',
			},
			options: {},
		},
	};
	const connections: IConnections = {
		[TRIGGER_NODE]: { main: [[{ node: HTTP_NODE, type: 'main', index: 0 }]] },
		[HTTP_NODE]: { main: [[{ node: IF_NODE, type: 'main', index: 0 }]] },
	};
	return { nodes: [webhookTrigger(), http, accepted], connections };
}
