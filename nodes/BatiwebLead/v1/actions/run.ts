import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../catalog/codes';
import type { Outcome } from '../../outcome';
import type { CallSettings } from '../../transport/call';
import { RateLimiter } from '../../transport/pool';
import { redactor, type Redact } from '../../transport/redact';
import { securityOf } from '../../transport/envelope';
import { CREDENTIAL_TYPE } from '../../transport/send';
import { normaliseBaseUrl, unsafeTargetReason, type Environment } from '../../transport/target';
import type { BatiwebRequest } from '../../validation/schemas';
import { LIMITS, optionDefault as declaredDefault, optionsParameter } from './options.description';

/** The node's options, read once per execution (they are node settings, not per-lead data). */
export interface Settings {
	maxConcurrent: number;
	simplify: boolean;
	checkSellableFirst: boolean;
	verifyUncertainImports: boolean;
	skipAlreadySent: boolean;
	dedupKey: 'emailWorktype' | 'supplierleadid';
	onlyChanges: boolean;
	failOnRefusal: boolean;
}

/** Everything an operation needs to send items, set up once per execution. */
export interface RunContext {
	fn: IExecuteFunctions;
	operation: Operation;
	environment: Environment;
	settings: Settings;
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

/** A problem that concerns every item (credential, base URL): not any one lead's fault. */
export class ConfigurationProblem extends Error {}

function numberOption(options: IDataObject, name: string, fallback: number, min: number): number {
	const value = Number(options[name] ?? fallback);
	if (!Number.isFinite(value) || value < min) {
		throw new ConfigurationProblem(`The option "${name}" must be a number of at least ${min} (got ${String(options[name])})`);
	}
	return value;
}

export async function startRun(fn: IExecuteFunctions, operation: Operation, declared: INodeProperties = optionsParameter): Promise<RunContext> {
	const optionDefault = (name: string) => declaredDefault(name, declared);
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	const security = securityOf(credentials);
	const { environment } = security;
	const baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	const unsafe = unsafeTargetReason(baseUrl, environment);
	if (unsafe) throw new ConfigurationProblem(`Batiweb credential: ${unsafe}`);

	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const redact = redactor(String(credentials.password ?? ''));
	const loginHash = createHash('sha256').update(String(credentials.login ?? '')).digest('hex').slice(0, 16);
	return {
		fn,
		operation,
		environment,
		redact,
		memoryScope: `${environment}:${loginHash}`,
		settings: {
			maxConcurrent: Math.floor(numberOption(options, 'maxConcurrent', optionDefault('maxConcurrent'), 1)),
			simplify: options.simplify === true,
			checkSellableFirst: options.checkSellableFirst === true,
			verifyUncertainImports: options.verifyUncertainImports !== false,
			skipAlreadySent: options.skipAlreadySent === true,
			dedupKey: options.dedupKey === 'supplierleadid' ? 'supplierleadid' : 'emailWorktype',
			onlyChanges: options.onlyChanges === true,
			failOnRefusal: options.failOnRefusal === true,
		},
		call: {
			target: { baseUrl, security, redact, timeoutMs: numberOption(options, 'timeout', optionDefault('timeout'), 1) },
			retry: {
				maxAttempts: Math.floor(numberOption(options, 'maxAttempts', optionDefault('maxAttempts'), 1)),
				baseDelayMs: numberOption(options, 'retryDelay', optionDefault('retryDelay'), 0),
				maxDelayMs: LIMITS.maxDelayMs,
			},
			limiter: new RateLimiter(numberOption(options, 'maxRequestsPerSecond', optionDefault('maxRequestsPerSecond'), 0)),
			signal: fn.getExecutionCancelSignal?.(),
		},
	};
}

/** What an operation module provides to the router. */
export interface OperationModule {
	/** Sends one valid item and says what happened. Must not throw for expected failures. */
	send(run: RunContext, item: PreparedItem): Promise<Outcome>;
	/** Optional: decides, before sending, which items must not be sent (e.g. already sent). */
	beforeSend?(run: RunContext, items: PreparedItem[]): Promise<Map<number, Outcome>>;
	/**
	 * Optional: sees every outcome after sending; returns the indexes of items to leave out of
	 * the output (Only Changes), if any.
	 */
	afterSend?(run: RunContext, items: PreparedItem[], outcomes: Array<Outcome | undefined>): Promise<Set<number>>;
	/** Optional: undoes bookkeeping for items never sent, when the node stops on an error. */
	release?(run: RunContext): Promise<void>;
}
