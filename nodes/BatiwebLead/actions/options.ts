import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * The Options every operation has. Defaults are chosen for safety first: a lead is never sent
 * twice by the node, a slow service does not hang a workflow, and a batch does not flood
 * Batiweb. Each default is written once, in its description; the code reads it back from there.
 * An operation's own options live in its module (actions/*.operation.ts).
 */
export const SHARED_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Fail Execution When Any Lead Is Refused',
		name: 'failOnRefusal',
		type: 'boolean',
		default: false,
		description:
			'Whether to fail the execution when any item goes to the Error output (refused, invalid, uncertain, unreachable; not the leads skipped as already sent). The error lists what Batiweb took, with IDs and tokens, so nothing is lost. Imports: the node then remembers the leads Batiweb took (as Skip Leads Already Sent does), so retrying the execution never imports them again.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 10 },
		description:
			'How many times to try a request in all. Reads are retried on any temporary failure; an import only when it certainly did not reach Batiweb.',
	},
	{
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrent',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 1, maxValue: 50 },
		description: 'How many requests may be waiting for Batiweb at once, for this node in one execution',
	},
	{
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Spaces out requests, retries included. 0 means no limit.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		default: 1000,
		typeOptions: { minValue: 0 },
		description:
			'Wait before the first retry; each further retry waits about twice as long (with jitter), and a Retry-After from the service is honoured',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return a simplified version of the response instead of the raw data: one flat row per lead (reference, outcome, token, status labels in English and French)',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		default: 30000,
		typeOptions: { minValue: 100 },
		description: 'How long to wait for each answer before giving up on that attempt',
	},
];

/**
 * Settings that are not options: the longest wait between retries, and how many keys each node
 * keeps in n8n's de-duplication store (leads sent, or (token, status) pairs seen). n8n rewrites a
 * node's whole list at each execution, so it is kept to the recent past.
 */
export const LIMITS = { maxDelayMs: 30_000, memoryEntries: 10_000 } as const;

/** A problem that concerns every item (credential, base URL, an option): not any one lead's fault. */
export class ConfigurationProblem extends Error {}

/** An option as the user set it, or else the default its description declares. */
export function optionValue(options: IDataObject, declared: INodeProperties[], name: string): unknown {
	if (options[name] !== undefined) return options[name];
	const entry = declared.find((option) => option.name === name);
	if (!entry) throw new Error(`The option "${name}" is not declared`);
	return entry.default;
}

export function booleanOption(options: IDataObject, declared: INodeProperties[], name: string): boolean {
	return optionValue(options, declared, name) === true;
}

export function numberOption(options: IDataObject, declared: INodeProperties[], name: string, min: number): number {
	const value = Number(optionValue(options, declared, name));
	if (!Number.isFinite(value) || value < min) {
		throw new ConfigurationProblem(`The option "${name}" must be a number of at least ${min} (got ${String(options[name])})`);
	}
	return value;
}

/** The shared options, read once per execution. */
export interface SharedOptions {
	maxConcurrent: number;
	maxAttempts: number;
	retryDelayMs: number;
	timeoutMs: number;
	maxRequestsPerSecond: number;
	simplify: boolean;
	failOnRefusal: boolean;
}

export function readSharedOptions(options: IDataObject, declared: INodeProperties[]): SharedOptions {
	return {
		maxConcurrent: Math.floor(numberOption(options, declared, 'maxConcurrent', 1)),
		maxAttempts: Math.floor(numberOption(options, declared, 'maxAttempts', 1)),
		retryDelayMs: numberOption(options, declared, 'retryDelay', 0),
		timeoutMs: numberOption(options, declared, 'timeout', 1),
		maxRequestsPerSecond: numberOption(options, declared, 'maxRequestsPerSecond', 0),
		simplify: booleanOption(options, declared, 'simplify'),
		failOnRefusal: booleanOption(options, declared, 'failOnRefusal'),
	};
}
