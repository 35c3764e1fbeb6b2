import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's Options. Defaults are chosen for safety first: a lead is never sent twice by the
 * node, a slow service does not hang a workflow, and a batch does not flood Batiweb. Each
 * default is written once, below; the code reads it back with `optionDefault`.
 */

export const optionsParameter: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Check Sellable First',
			name: 'checkSellableFirst',
			type: 'boolean',
			default: false,
			description:
				'Whether to ask Check Sellable (with the lead\'s email, to catch duplicates) before importing, and import only when Batiweb answers that the lead can be sold',
			displayOptions: { show: { '/operation': ['import'] } },
		},
		{
			displayName: 'Fail Execution When Any Lead Is Refused',
			name: 'failOnRefusal',
			type: 'boolean',
			default: false,
			description:
				'Whether to fail the execution when any item goes to the Error output (refused, invalid, uncertain, unreachable; not the leads skipped as already sent). The error lists what Batiweb took, with IDs and tokens, so nothing is lost.',
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
			displayName: 'Only Changes',
			name: 'onlyChanges',
			type: 'boolean',
			default: false,
			description:
				"Whether to output a lead only when its status differs from the statuses this node already output for it (kept in n8n's database, so it holds across executions, manual runs and queue-mode workers)",
			displayOptions: { show: { '/operation': ['getStatus'] } },
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
			displayName: 'Skip Leads Already Sent',
			name: 'skipAlreadySent',
			type: 'boolean',
			default: false,
			description:
				'Whether to skip a lead whose key this node has already sent (kept by n8n\'s de-duplication store, the one behind the Remove Duplicates node). Skipped leads go to the Error output with kind "skipped-duplicate".',
			displayOptions: { show: { '/operation': ['import'] } },
		},
		{
			displayName: 'Skip Leads By',
			name: 'dedupKey',
			type: 'options',
			default: 'emailWorktype',
			options: [
				{ name: 'Email and Worktype', value: 'emailWorktype', description: 'The same consumer asking for the same works' },
				{ name: 'Supplier Lead ID', value: 'supplierleadid', description: 'Your own ID of the lead' },
			],
			description: 'What makes two leads the same for Skip Leads Already Sent',
			displayOptions: { show: { '/operation': ['import'] } },
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			default: 30000,
			typeOptions: { minValue: 100 },
			description: 'How long to wait for each answer before giving up on that attempt',
		},
		{
			displayName: 'Verify Uncertain Imports',
			name: 'verifyUncertainImports',
			type: 'boolean',
			default: true,
			description:
				'Whether to ask Check Sellable with the lead\'s email when an import\'s answer was lost, to tell whether Batiweb got the lead (it answers "duplicate" if so). The import itself is never resent.',
			displayOptions: { show: { '/operation': ['import'] } },
		},
	],
};

/** The default of an option, as a version's Options description declares it (v1's by default). */
export function optionDefault(name: string, parameter: INodeProperties = optionsParameter): number {
	const option = parameter.options?.find((entry) => 'name' in entry && entry.name === name);
	const value = option && 'default' in option ? option.default : undefined;
	if (typeof value !== 'number') throw new Error(`Option "${name}" has no numeric default`);
	return value;
}

/**
 * Settings that are not options: the longest wait between retries, and how many keys each node
 * keeps in n8n's de-duplication store (leads sent, or (token, status) pairs seen). n8n rewrites a
 * node's whole list at each execution, so it is kept to the recent past.
 */
export const LIMITS = { maxDelayMs: 30_000, memoryEntries: 10_000 } as const;
