import { optionsCollection } from '../../actions/operations';

/**
 * Version 2's Options: those of version 1, with the defaults measured in a real n8n
 * (docs/benchmark.md). A changed default is a new version: a saved v1 node keeps its own.
 */
export const optionsParameter = optionsCollection({ maxConcurrent: 32 });
