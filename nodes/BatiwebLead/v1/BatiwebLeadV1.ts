import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router, type NodeVersion } from '../actions/router';
import { optionsParameter } from './actions/options.description';
import { parameterReader } from './actions/readFields';
import { versionDescription } from './actions/versionDescription';

const V1: NodeVersion = { readerFor: parameterReader, reading: () => 'parameters', options: optionsParameter };

export class BatiwebLeadV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, V1);
	}
}
