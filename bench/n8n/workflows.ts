/**
 * The workflows the real-n8n benchmark runs: Manual Trigger → Code (N leads, values already in
 * Batiweb's codes, top-level keys named as the API names them) → one road:
 * - the Batiweb Lead node, version 2, Map Automatically or Map Each Column Manually;
 * - version 1, every field by expression (the node as it was before version 2);
 * - n8n's HTTP Request node + If, the whole envelope built in one JSON expression.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { fieldsWithRole } from '../../nodes/BatiwebLead/fields';

export const CREDENTIAL = { id: 'benchBatiweb01', name: 'Batiweb sandbox (bench)', type: 'batiwebApi' };
export const LOGIN = 'demo';
export const PASSWORD = 'demo-password';
export const LEAD_NODE = 'Batiweb Lead';
export const HTTP_NODE = 'HTTP Request';
export const IF_NODE = 'If';

/** The fields every bench lead carries: the import's required ones and its cellphone/landline pair. */
const FIELDS = [...fieldsWithRole('import', 'required'), ...fieldsWithRole('import', 'oneOf')];

export type Road = 'auto16' | 'manual16' | 'default' | 'v1manual16' | 'http';

export const ROAD_NAMES: Record<Road, string> = {
	auto16: 'Batiweb Lead v2, Map Automatically, Max Concurrent Requests 16',
	manual16: 'Batiweb Lead v2, Map Each Column Manually (one expression per field), 16',
	default: 'Batiweb Lead v2, Map Automatically, default settings',
	v1manual16: 'Batiweb Lead v1, one expression per field (before v2), 16',
	http: 'HTTP Request + If, envelope in one JSON expression',
};

function leadsCode(n: number, tag: string): string {
	return [
		`return Array.from({ length: ${n} }, (_, i) => ({ json: {`,
		`  email: 'bench-${tag}-' + i + '@example.fr', city: 'Montigny-le-Bretonneux', zipcode: '78180', isowner: '1',`,
		`  cellphone: '0612345678', landline: '', firstname: 'Prénom', lastname: 'Nom', civility: '1',`,
		`  workdescription: 'Peinture', worktype: '69', source: 'bench', row: i,`,
		`} }));`,
	].join('\n');
}

function node(name: string, type: string, typeVersion: number, x: number, parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return { id: name.toLowerCase().replace(/\W+/g, '-'), name, type, typeVersion, position: [x, 0], parameters: parameters as INode['parameters'], ...extra };
}

function leadNode(road: Exclude<Road, 'http'>): INode {
	const byExpression = Object.fromEntries(FIELDS.map((name) => [name, `={{ $json.${name} }}`]));
	const options = road === 'default' ? {} : { maxConcurrent: 16 };
	const credentials = { batiwebApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
	if (road === 'v1manual16') {
		return node(LEAD_NODE, 'n8n-nodes-batiweb.batiwebLead', 1, 500, { operation: 'import', ...byExpression, options }, { credentials });
	}
	const lead = road === 'manual16' ? { mappingMode: 'defineBelow', value: byExpression } : { mappingMode: 'autoMapInputData', value: null };
	return node(LEAD_NODE, 'n8n-nodes-batiweb.batiwebLead', 2, 500, { operation: 'import', lead, options }, { credentials });
}

/** One JSON expression for the whole envelope, as a user would write it in "Using JSON". */
function envelopeExpression(): string {
	const request = FIELDS.map((name) => `${name}: $json.${name}`).join(', ');
	return `={{ { security: { login: '${LOGIN}', password: '${PASSWORD}', environment: 'PREP' }, request: { ${request} } } }}`;
}

function httpNodes(baseUrl: string): INode[] {
	return [
		node(HTTP_NODE, 'n8n-nodes-base.httpRequest', 4.2, 500, {
			method: 'POST',
			url: `${baseUrl}/json/lead/import`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: envelopeExpression(),
			options: {},
		}),
		node(IF_NODE, 'n8n-nodes-base.if', 2.2, 750, {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [{ id: 'code-0', leftValue: '={{ $json.code }}', rightValue: 0, operator: { type: 'number', operation: 'equals' } }],
				combinator: 'and',
			},
			options: {},
		}),
	];
}

export function workflowOf(road: Road, n: number, baseUrl: string, id: string): IDataObject {
	const trigger = node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {});
	const code = node('Leads', 'n8n-nodes-base.code', 2, 250, { jsCode: leadsCode(n, id) });
	const road_ = road === 'http' ? httpNodes(baseUrl) : [leadNode(road)];
	const chain = [trigger, code, ...road_];
	const connections = Object.fromEntries(
		chain.slice(0, -1).map((from, position) => [from.name, { main: [[{ node: chain[position + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { id, name: `bench ${road} ${n}`, active: false, nodes: chain, connections, settings: { executionOrder: 'v1' } };
}
