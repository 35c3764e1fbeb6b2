/**
 * What n8n's server hands the engine around an execution (IWorkflowExecuteAdditionalData), with
 * small in-memory stand-ins where the server would use its database or decrypt credentials.
 */
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeProperties,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { BatiwebApi } from '../credentials/BatiwebApi.credentials';
import { dataTableProxyProvider } from './data-tables';

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
		'data-table': { dataTableProxyProvider },
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}
