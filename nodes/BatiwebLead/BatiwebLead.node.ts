import type { INodeTypeBaseDescription, IVersionedNodeType } from 'n8n-workflow';
import { VersionedNodeType } from 'n8n-workflow';

import { BatiwebLeadV1 } from './v1/BatiwebLeadV1.node';

/**
 * Versioned from the start: a later change to parameters or output shape becomes version 2,
 * and workflows saved with version 1 keep working as they were.
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
			defaultVersion: 1,
			usableAsTool: true,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new BatiwebLeadV1(baseDescription),
		};
		super(nodeVersions, baseDescription);
	}
}
