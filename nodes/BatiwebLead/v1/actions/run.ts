import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../catalog/codes';
import type { Outcome } from '../../outcome';
import type { CallSettings } from '../../transport/call';
import { RateLimiter } from '../../transport/pool';
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
}

/** Everything an operation needs to send items, set up once per execution. */
export interface RunContext {
	fn: IExecuteFunctions;
	operation: Operation;
	environment: Environment;
	settings: Settings;
	call: CallSettings;
	/** Replaces the credential's password in any text that came from outside. */
	redact: (text: string) => string;
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

/**
 * Replaces the password in a text, as typed and as JSON writes it inside a string (an error page
 * echoing the request body holds `p\"a\\ss` for `p"a\ss`).
 */
function redactor(password: string): (text: string) => string {
	// The longer form first: the escaped one may contain the typed one.
	const forms = [...new Set([JSON.stringify(password).slice(1, -1), password])];
	return (text) => forms.reduce((result, form) => result.split(form).join('***'), text);
}

export async function startRun(fn: IExecuteFunctions, operation: Operation, declared: INodeProperties = optionsParameter): Promise<RunContext> {
	const optionDefault = (name: string) => declaredDefault(name, declared);
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	const environment: Environment = credentials.environment === 'PROD' ? 'PROD' : 'PREP';
	const baseUrl = normaliseBaseUrl(String(credentials.baseUrl ?? ''));
	const unsafe = unsafeTargetReason(baseUrl, environment);
	if (unsafe) throw new ConfigurationProblem(`Batiweb credential: ${unsafe}`);

	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const password = String(credentials.password ?? '');
	return {
		fn,
		operation,
		environment,
		redact: password.length >= 3 ? redactor(password) : (text) => text,
		settings: {
			maxConcurrent: Math.floor(numberOption(options, 'maxConcurrent', optionDefault('maxConcurrent'), 1)),
			simplify: options.simplify === true,
			checkSellableFirst: options.checkSellableFirst === true,
			verifyUncertainImports: options.verifyUncertainImports !== false,
			skipAlreadySent: options.skipAlreadySent === true,
			dedupKey: options.dedupKey === 'supplierleadid' ? 'supplierleadid' : 'emailWorktype',
			onlyChanges: options.onlyChanges === true,
		},
		call: {
			target: { baseUrl, timeoutMs: numberOption(options, 'timeout', optionDefault('timeout'), 1) },
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
}
