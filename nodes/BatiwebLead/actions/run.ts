import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Outcome } from '../outcome';
import type { CallSettings } from '../transport/call';
import { CREDENTIAL_TYPE } from '../../../credentials/BatiwebApi.credentials';
import { environmentOf } from '../transport/envelope';
import { RateLimiter } from '../transport/limiter';
import { redactor, type Redact } from '../transport/redact';
import type { RequestSpec } from '../transport/spec';
import { normaliseBaseUrl, unsafeTargetReason, type Environment } from '../transport/target';
import type { BatiwebRequest } from '../validation/schemas';
import { ConfigurationProblem, LIMITS, readSharedOptions, type SharedOptions } from './options';

/** Everything an operation needs to send items, set up once per execution. */
export interface RunContext<Own extends object = object> {
	ctx: IExecuteFunctions;
	environment: Environment;
	/** The node's Options, read once: the shared ones and the operation's own. */
	options: SharedOptions & Own;
	/** The transport's settings, built from the credential and the options. */
	call: CallSettings;
	/** Replaces the credential's password in any text that came from outside. */
	redact: Redact;
	/**
	 * Scopes the node's memory (memory.ts) to the account: environment and a hash of the login
	 * (never the password), so a lead tried on PREP is not "already sent" on PROD.
	 */
	memoryScope: string;
	/** Set by the first answer refusing the credentials (code 1): nothing more is sent. */
	credentialsRefused?: { index: number; outcome: Outcome };
}

/** An input item that passed validation: what will be sent for it. */
export interface PreparedItem {
	index: number;
	request: BatiwebRequest;
}

/**
 * What an operation module holds (actions/*.operation.ts): its request declared as data, its
 * options and how they are read, how its answers become output, and its bookkeeping.
 */
export interface OperationModule<Own extends object = object> {
	request: RequestSpec;
	/** The simplified row's `outcome` when the operation succeeds ("imported"…). */
	successOutcome: string;
	/** Its own entries of the Options collection. */
	options: INodeProperties[];
	/** Reads its own options from the node's Options (`declared` gives the defaults). */
	readOptions(options: IDataObject, declared: INodeProperties[]): Own;
	/** Sends one valid item and says what happened. Must not throw for expected failures. */
	send(run: RunContext<Own>, item: PreparedItem): Promise<Outcome>;
	/** Decides, before sending, which items must not be sent (e.g. already sent). */
	beforeSend?(run: RunContext<Own>, items: PreparedItem[]): Promise<Map<number, Outcome>>;
	/** After sending: outcomes to replace (null: leave the item out, as Only Changes does). */
	afterSend?(run: RunContext<Own>, items: PreparedItem[], outcomes: Array<Outcome | undefined>): Promise<Map<number, Outcome | null>>;
	/** Undoes bookkeeping for leads that cannot have reached Batiweb; runs on every path. */
	release?(run: RunContext<Own>): Promise<void>;
}

/** Reads the credential (once per execution) and the options, and sets up the transport. */
export async function startRun<Own extends object>(
	ctx: IExecuteFunctions,
	module: OperationModule<Own>,
	declared: INodeProperties[],
): Promise<RunContext<Own>> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const environment = environmentOf(credentials);
	// What n8n's authenticated helper takes instead of reading the credential again per request.
	const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	const credential = { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data: credentials };
	const baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	const unsafe = unsafeTargetReason(baseUrl, environment);
	if (unsafe) throw new ConfigurationProblem(`Batiweb credential: ${unsafe}`);

	const given = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const options = { ...readSharedOptions(given, declared), ...module.readOptions(given, declared) };
	const redact = redactor(String(credentials.password ?? ''));
	const loginHash = createHash('sha256').update(String(credentials.login ?? '')).digest('hex').slice(0, 16);
	return {
		ctx,
		environment,
		options,
		redact,
		memoryScope: `${environment}:${loginHash}`,
		call: {
			target: { baseUrl, credential, redact, timeoutMs: options.timeoutMs },
			retry: { maxAttempts: options.maxAttempts, baseDelayMs: options.retryDelayMs, maxDelayMs: LIMITS.maxDelayMs },
			limiter: new RateLimiter(options.maxRequestsPerSecond),
			signal: ctx.getExecutionCancelSignal?.(),
		},
	};
}
