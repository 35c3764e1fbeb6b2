import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../catalog/codes';
import * as checkSellable from './checkSellable.operation';
import * as getStatus from './getStatus.operation';
import * as importLead from './import.operation';
import { SHARED_OPTIONS } from './options';
import type { OperationModule } from './run';

/** The operation modules, by the Operation parameter's value. */
export const OPERATIONS: Record<Operation, OperationModule> = { checkSellable, import: importLead, getStatus };

/**
 * The Options collection of a node version: the shared options and each operation's own, sorted
 * by name as n8n's lint asks, with the version's own defaults where it changed one, and the
 * version's own options (`versionOwn`).
 */
export function optionsCollection(defaults: Record<string, number> = {}, versionOwn: INodeProperties[] = []): INodeProperties {
	const all = [...SHARED_OPTIONS, ...Object.values(OPERATIONS).flatMap((module) => module.options), ...versionOwn];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: all
			.map((option) => (option.name in defaults ? { ...option, default: defaults[option.name] } : option))
			.sort((a, b) => a.displayName.localeCompare(b.displayName, 'en')),
	};
}
