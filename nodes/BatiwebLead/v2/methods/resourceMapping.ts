import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { ENDPOINTS, type Operation } from '../../catalog/codes';
import { operationParameter } from '../../operations.description';
import { mapperFields } from '../actions/lead.description';

/** The columns the resource mapper offers: the selected operation's request fields. */
export async function getLeadFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const operation = this.getNodeParameter('operation', operationParameter.default) as Operation;
	return { fields: operation in ENDPOINTS ? mapperFields(operation) : [] };
}
