import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { BatiwebLeadV1 } from './v1/BatiwebLeadV1';
import { BatiwebLeadV2 } from './v2/BatiwebLeadV2';

/**
 * Version 1 gives the lead one parameter per field; version 2 by n8n's resource mapper. Workflows
 * saved with version 1 keep its parameters and run as they were.
 */
export class BatiwebLead extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Batiweb Lead',
			name: 'batiwebLead',
			icon: { light: 'file:../../icons/batiweb.svg', dark: 'file:../../icons/batiweb.dark.svg' },
			group: ['output'],
			subtitle:
				'={{ {"checkSellable": "Check Sellable", "import": "Import Lead", "getStatus": "Get Status"}[$parameter["operation"]] }}',
			description: 'Check, import and follow consumer renovation leads with Batiweb (e-travaux, HelloArtisan)',
			defaultVersion: 2,
			usableAsTool: true,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new BatiwebLeadV1(baseDescription),
			2: new BatiwebLeadV2(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
