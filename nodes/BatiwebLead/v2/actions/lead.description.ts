import type { INodeProperties, ResourceMapperField } from 'n8n-workflow';

import { tableOptions } from '../../catalog';
import type { Operation } from '../../catalog/codes';
import { FIELDS, OPERATION_FIELDS, type FieldSpec } from '../../fields';

/** Map Automatically, as n8n's resource mapper names it (Map Each Column Manually is `defineBelow`). */
export const MAP_AUTOMATICALLY = 'autoMapInputData';

/** The parameter that holds the lead (or the token), shared by the three operations' modules. */
export const LEAD_PARAMETER = 'lead';

function fieldOf(spec: FieldSpec, required: boolean): ResourceMapperField {
	const base = { id: spec.name, displayName: spec.label, required, defaultMatch: false, display: true, canBeUsedToMatch: false };
	if (spec.type === 'mapped') return { ...base, type: 'options', options: tableOptions(spec.table!) };
	if (spec.type === 'integer') return { ...base, type: 'number' };
	return { ...base, type: 'string' };
}

/** The resource mapper's columns for an operation, in the doc's order (fields.ts). */
export function mapperFields(operation: Operation): ResourceMapperField[] {
	return OPERATION_FIELDS[operation].map(([name, role]) => fieldOf(FIELDS[name], role === 'required' && !(FIELDS[name] as FieldSpec).defaultFrom));
}

/**
 * The lead as n8n's resource mapper gives it. "Map Automatically" is the default: a form, a
 * sheet or a data table whose columns carry Batiweb's names (or their English labels) needs no
 * expression at all, and the node then evaluates none per item.
 */
export function leadParameter(operation: Operation, displayName: string, hint: string): INodeProperties {
	return {
		displayName,
		name: LEAD_PARAMETER,
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: MAP_AUTOMATICALLY, value: null },
		required: true,
		hint,
		typeOptions: {
			loadOptionsDependsOn: ['operation'],
			resourceMapper: {
				resourceMapperMethod: 'getLeadFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { operation: [operation] } },
	};
}
