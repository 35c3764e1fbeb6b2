import { previousStatusOption } from '../../actions/getStatus.operation';
import { optionsCollection } from '../../actions/operations';

/**
 * Version 2's Options: those of version 1, with the defaults measured in a real n8n
 * (docs/benchmark.md), and Previous Status, which Only Changes compares with in version 2. A
 * changed default or behaviour is a new version: a saved v1 node keeps its own.
 */
export const optionsParameter = optionsCollection({ maxConcurrent: 32 }, [previousStatusOption]);
