/**
 * Every option list a user meets in the node, both versions: version 1's parameters (Additional
 * Fields included) and version 2's resource mapper columns, for each operation. Each list is
 * tied to the catalog table it shows, so tests and scripts check names against the catalog.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { BatiwebLead } from '../../harness/node-types';
import { findEntry, type CatalogEntry, type FieldTableName } from '../../nodes/BatiwebLead/catalog';
import { ENDPOINTS, type Operation } from '../../nodes/BatiwebLead/catalog/codes';
import { FIELDS, type FieldName, type FieldSpec } from '../../nodes/BatiwebLead/fields';
import { mapperFields } from '../../nodes/BatiwebLead/v2/actions/lead.description';

export interface OptionList {
	/** Where the user meets it, e.g. "v1 import: Additional Fields > Delay". */
	where: string;
	table: FieldTableName;
	options: INodePropertyOptions[];
}

function tableOf(name: string): FieldTableName | undefined {
	return name in FIELDS ? (FIELDS[name as FieldName] as FieldSpec).table : undefined;
}

function v1Lists(): OptionList[] {
	const node = new BatiwebLead();
	const lists: OptionList[] = [];
	const walk = (properties: readonly INodeProperties[], where: string) => {
		for (const property of properties) {
			const operations = (property.displayOptions?.show?.operation as string[] | undefined)?.join(', ');
			const here = `${where}${operations ? `${operations}: ` : ''}${property.displayName}`;
			if (property.type === 'collection') walk(property.options as INodeProperties[], `${here} > `);
			const table = tableOf(property.name);
			if (property.type === 'options' && table) {
				lists.push({ where: `v1 ${here}`, table, options: property.options as INodePropertyOptions[] });
			}
		}
	};
	walk(node.nodeVersions[1].description.properties, '');
	return lists;
}

function v2Lists(): OptionList[] {
	return (Object.keys(ENDPOINTS) as Operation[]).flatMap((operation) =>
		mapperFields(operation)
			.filter((field) => field.type === 'options')
			.map((field) => ({ where: `v2 ${operation}: ${field.displayName}`, table: tableOf(field.id)!, options: field.options! })),
	);
}

/** Every list, both versions. */
export function optionLists(): OptionList[] {
	return [...v1Lists(), ...v2Lists()];
}

/** The catalog entry an option shows. */
export function entryOf(list: OptionList, option: INodePropertyOptions): CatalogEntry {
	const entry = findEntry(list.table, option.value);
	if (!entry) throw new Error(`${list.where}: option ${String(option.value)} is not in the ${list.table} table`);
	return entry;
}

/** Whether typing the French label finds the option: n8n's dropdown filters on the name, ignoring case. */
export function findableByFrench(list: OptionList, option: INodePropertyOptions): boolean {
	return option.name.toLowerCase().includes(entryOf(list, option).fr.toLowerCase());
}
