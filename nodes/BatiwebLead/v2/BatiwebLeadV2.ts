import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router, type NodeVersion } from '../actions/router';
import { optionsParameter } from './actions/options.description';
import { leadReader, mapsAutomatically } from './actions/readLead';
import { versionDescription } from './actions/versionDescription';
import { getLeadFields } from './methods/resourceMapping';

const V2: NodeVersion = {
	readerFor: leadReader,
	reading: (ctx) => (mapsAutomatically(ctx) ? 'columns' : 'mapper'),
	options: optionsParameter,
};

export class BatiwebLeadV2 implements INodeType {
	description: INodeTypeDescription;

	methods = { resourceMapping: { getLeadFields } };

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, V2);
	}
}
