import type { INodeProperties } from 'n8n-workflow';

import { optionsParameter as v1Options } from '../../v1/actions/options.description';

/**
 * Version 2's Options: those of version 1, with the defaults measured in a real n8n
 * (docs/benchmark.md). A changed default is a new version: a saved v1 node keeps its own.
 */
const V2_DEFAULTS: Record<string, number> = { maxConcurrent: 10 };

export const optionsParameter: INodeProperties = {
	...v1Options,
	options: v1Options.options?.map((option) =>
		'name' in option && option.name in V2_DEFAULTS ? { ...option, default: V2_DEFAULTS[option.name] } : option,
	),
};
