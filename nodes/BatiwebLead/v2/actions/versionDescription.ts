import type { INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';

import { operationParameter } from '../../operations.description';
import { versionDescription as v1 } from '../../v1/actions/versionDescription';
import { fieldNotes } from './fieldNotes.description';
import { leadParameter } from './lead.description';
import { optionsParameter } from './options.description';

/** Version 2: the lead is given by n8n's resource mapper (Map Automatically by default). */
export const versionDescription: Omit<INodeTypeDescription, keyof INodeTypeBaseDescription> = {
	...v1,
	version: 2,
	properties: [
		operationParameter,
		leadParameter(
			'checkSellable',
			'Lead',
			'Map Automatically reads zipcode, worktype, email and supplierleadid (or their English labels) from each item',
		),
		...fieldNotes('checkSellable'),
		leadParameter(
			'import',
			'Lead',
			'Map Automatically reads each field from the item by its API name or English label (e.g. zipcode or Zipcode, isowner or Owner Status)',
		),
		...fieldNotes('import'),
		leadParameter('getStatus', 'Lead', 'Map Automatically reads the token from each item (a field named token)'),
		...fieldNotes('getStatus'),
		optionsParameter,
	],
};
