import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Operation } from '../../catalog/codes';
import { fieldsWithRole } from '../../fields';

/**
 * Version 1 gives each request field as its own parameter (optional ones in Additional Fields):
 * their values as n8n resolves them, expressions included, item by item.
 */
export function parameterReader(ctx: IExecuteFunctions, operation: Operation): (index: number) => Record<string, unknown> {
	const top = [...fieldsWithRole(operation, 'required'), ...fieldsWithRole(operation, 'oneOf')];
	const hasOptional = fieldsWithRole(operation, 'optional').length > 0;
	return (index) => {
		const raw: Record<string, unknown> = {};
		for (const name of top) raw[name] = ctx.getNodeParameter(name, index, '');
		if (hasOptional) Object.assign(raw, ctx.getNodeParameter('additionalFields', index, {}) as IDataObject);
		return raw;
	};
}
