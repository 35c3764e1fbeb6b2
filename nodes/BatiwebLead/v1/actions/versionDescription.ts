import type { INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../../../credentials/BatiwebApi.credentials';
import { operationParameter } from '../../operations.description';
import { requestParameters } from './fields.description';
import { optionsParameter } from './options.description';

/** What version 1 adds to the base description (name, icon, group…: BatiwebLead.node.ts). */
export const versionDescription: Omit<INodeTypeDescription, keyof INodeTypeBaseDescription> = {
	version: 1,
	defaults: { name: 'Batiweb Lead' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
	outputNames: ['Success', 'Error'],
	credentials: [{ name: CREDENTIAL_TYPE, required: true }],
	properties: [
		operationParameter,
		...requestParameters('checkSellable'),
		...requestParameters('import'),
		...requestParameters('getStatus'),
		optionsParameter,
	],
};
