import type { INodeProperties } from 'n8n-workflow';

import { tableOptions } from '../../catalog';
import type { Operation } from '../../catalog/codes';
import { FIELDS, fieldsWithRole, type FieldName, type FieldSpec } from '../../fields';

/** One n8n parameter for one request field, derived from its spec in fields.ts. */
function parameterOf(spec: FieldSpec, required: boolean): INodeProperties {
	const base = {
		displayName: spec.label,
		name: spec.name,
		description: spec.description,
		required,
		...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
	};
	switch (spec.type) {
		case 'mapped':
			// No option is preselected: an Additional Field added in the editor sends nothing until a
			// value is chosen (saved workflows keep theirs: n8n stores a collection's values as set).
			// `allowArbitraryValues` keeps the editor from flagging that empty value, or a label given
			// by expression ("Peinture"), as "not supported": the node reads codes and labels itself.
			return { ...base, type: 'options', options: tableOptions(spec.table!), default: '', allowArbitraryValues: true };
		case 'integer':
			return { ...base, type: 'number', default: 1, typeOptions: { minValue: 0, numberPrecision: 0 } };
		default:
			return {
				...base,
				type: 'string',
				default: '',
				...(spec.multiline ? { typeOptions: { rows: 4 } } : {}),
			};
	}
}

/**
 * The parameters of an operation's request: required fields at the top, then the
 * "at least one of" group, then the optional ones in an Additional Fields collection.
 */
export function requestParameters(operation: Operation): INodeProperties[] {
	const [required, oneOf, optional] = (['required', 'oneOf', 'optional'] as const).map((role) =>
		fieldsWithRole(operation, role),
	);
	const show = { displayOptions: { show: { operation: [operation] } } };
	// A field derived when empty (Work Description from the Worktype) is required by Batiweb, not of the user.
	const top = [
		...required.map((name) => parameterOf(FIELDS[name], !(FIELDS[name] as FieldSpec).defaultFrom)),
		...oneOf.map((name) => parameterOf(FIELDS[name], false)),
	];
	const parameters: INodeProperties[] = top.map((parameter) => ({ ...parameter, ...show }));
	if (optional.length > 0) {
		parameters.push({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			...show,
			options: [...optional]
				.sort((a, b) => FIELDS[a].label.localeCompare(FIELDS[b].label))
				.map((name: FieldName) => parameterOf(FIELDS[name], false)),
		});
	}
	return parameters;
}
