/**
 * Runs a credential type's declarative `test` the way n8n's CredentialsTester does (it lives in
 * n8n's server package, `packages/cli/src/services/credentials-tester.service.ts`, which this
 * package does not have). Replicated here, with n8n-core's own RoutingNode and ExecuteContext:
 *
 * 1. The test request (`test.request`) becomes the routing request of a temporary node that has
 *    the credential; n8n-core's RoutingNode resolves its expressions (`$credentials`), sends it with
 *    `httpRequestWithAuthentication`, i.e. through the credential's `authenticate`, and returns the
 *    answer as items.
 * 2. If sending throws: an HTTP answer fails the test with a matching `responseCode` rule's
 *    message, else (outside 2xx) with its status text or "Received HTTP status code: <n>"; an error
 *    with a `cause.code` fails with that code; anything else fails with the error's message.
 * 3. Otherwise each rule is applied in order: a `responseSuccessBody` rule fails the test, with
 *    that rule's message, when `get(body, key) === value` (lodash `get` on the first item's json,
 *    strict equality).
 * 4. Otherwise the test passes: `{status: 'OK', message: 'Connection successful!'}`.
 */
import get from 'lodash/get';
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IExecuteData,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { testAdditionalData } from '../../harness';

export async function testCredential(type: ICredentialType, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const test = type.test;
	if (!test) throw new Error(`The credential type "${type.name}" has no test`);

	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: 'Credential test',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	} as INodeType;
	const nodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType, 1),
	};
	const credentials = { [type.name]: { id: 'test', name: 'test' } };
	const node: INode = { id: 'temp', name: 'Temp-Node', type: 'temp', typeVersion: 1, position: [0, 0], parameters: {}, credentials };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = testAdditionalData({ [type.name]: data }, { currentNodeParameters: node.parameters, executionId: 'credential-test' });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const credentialsDecrypted = { id: 'test', name: 'test', type: type.name, data: { ...data } };

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as { message: string; cause?: { response?: { status: number; statusText?: string }; code?: string } };
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && status === rule.properties.value) return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}

	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response![0][0].json;
			if (get(body, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
