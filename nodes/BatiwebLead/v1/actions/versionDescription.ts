/* eslint-disable n8n-nodes-base/node-filename-against-convention -- a versioned node keeps each version's description in its own file, as n8n's own nodes do */
import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationParameter } from '../../operations.description';
import * as checkSellable from './checkSellable.operation';
import * as getStatus from './getStatus.operation';
import * as importLead from './import.operation';
import { optionsParameter } from './options.description';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Batiweb Lead',
	name: 'batiwebLead',
	icon: { light: 'file:../../icons/batiweb.svg', dark: 'file:../../icons/batiweb.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle:
		'={{ {"checkSellable": "Check Sellable", "import": "Import Lead", "getStatus": "Get Status"}[$parameter["operation"]] }}',
	description: 'Check, import and follow consumer renovation leads with Batiweb (e-travaux, HelloArtisan)',
	defaults: { name: 'Batiweb Lead' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
	outputNames: ['Success', 'Error'],
	credentials: [{ name: 'batiwebApi', required: true }],
	properties: [
		operationParameter,
		...checkSellable.description,
		...importLead.description,
		...getStatus.description,
		optionsParameter,
	],
};
