import type { INodeProperties } from 'n8n-workflow';

/** The Operation parameter, the same in every version of the node. */
export const operationParameter: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Check Sellable',
			value: 'checkSellable',
			description: 'Ask whether Batiweb buys a lead for this worktype and postcode',
			action: 'Check whether a lead is sellable',
		},
		{
			name: 'Get Status',
			value: 'getStatus',
			description: 'Get how Batiweb qualified an imported lead, by its token',
			action: 'Get the status of a lead',
		},
		{
			name: 'Import Lead',
			value: 'import',
			description: 'Send a lead to Batiweb and get its token',
			action: 'Import a lead',
		},
	],
	default: 'import',
};
