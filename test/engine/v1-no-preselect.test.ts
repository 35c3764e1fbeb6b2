/**
 * Issue 19: in version 1, adding an optional option field (Additional Fields) preselected the
 * alphabetically first English name, e.g. Housing Type "Business premises", and sent it to
 * Batiweb. Now it preselects nothing and sends nothing until a value is chosen, while a saved
 * workflow that holds a value keeps sending it. Through n8n's engine, with the parameters as the
 * editor sets them when a field is added (the parameter's default).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { BatiwebLead } from '../../harness/node-types';
import { credentialsFor, IMPORT_FROM_BODY, lead } from '../../harness';
import { FIELDS, fieldsWithRole, type FieldName } from '../../nodes/BatiwebLead/fields';
import { runLead } from '../helpers/leadRun';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox();

const additional = new BatiwebLead().nodeVersions[1].description.properties.find(
	(property) => property.name === 'additionalFields' && (property.displayOptions?.show?.operation as string[]).includes('import'),
)!.options as INodeProperties[];
const optionFields = fieldsWithRole('import', 'optional').filter((name) => FIELDS[name].type === 'mapped');

const sentRequest = () => (sandbox.requests().find((request) => request.path.endsWith('/import'))!.body as { request: IDataObject }).request;

async function importWith(additionalFields: IDataObject) {
	const run = await runLead({ ...IMPORT_FROM_BODY, additionalFields }, { credentials: credentialsFor(sandbox), bodies: [lead()] });
	expect(run.success).toHaveLength(1);
	return sentRequest();
}

test('the optional option fields are the ones checked here', () => {
	expect(optionFields.sort()).toEqual(['area', 'budget', 'funding', 'housingtype', 'remindertime', 'yearbuilt', 'delay'].sort());
});

it.each(optionFields)('%s: added in the editor, it holds no value and nothing is sent', async (name: FieldName) => {
	const parameter = additional.find((property) => property.name === name)!;
	expect(parameter.default).toBe('');
	expect((parameter.options as Array<{ value: string }>).map((option) => option.value)).not.toContain(parameter.default);
	const request = await importWith({ [name]: parameter.default });
	expect(request).not.toHaveProperty(name);
});

it.each(optionFields)('%s: a saved workflow that holds a value keeps sending it', async (name: FieldName) => {
	const value = name === 'housingtype' ? '3' : '2';
	const request = await importWith({ [name]: value });
	expect(request[name]).toBe(value);
});
