import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ANSWER_CODES, type Operation } from '../catalog/codes';
import type { FieldName } from '../fields';
import { CANCELLED_BEFORE_SENT, cancelledOutcome, type Outcome } from '../outcome';
import { noticeErrors } from '../notices';
import { outputItem, type OutputContext } from '../output';
import { referenceOf, rowNumberOf } from '../reference';
import { mapWithConcurrency } from '../transport/pool';
import { missingFieldHint, type FieldReading } from '../validation/missing';
import { validateRequest } from '../validation/schemas';
import { OPERATIONS } from './operations';
import { ConfigurationProblem } from './options';
import { startRun, type OperationModule, type PreparedItem, type RunContext } from './run';

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Reads one item's raw request fields; each node version has its own way of giving them. */
export type ReaderFor = (ctx: IExecuteFunctions, operation: Operation) => (index: number) => Record<string, unknown>;

/** What differs between node versions at run time: how a lead is given, and the Options' defaults. */
export interface NodeVersion {
	readerFor: ReaderFor;
	/** How this execution takes the fields, for the hints of a missing field. */
	reading: (ctx: IExecuteFunctions) => FieldReading;
	options: INodeProperties;
}

/** "Item 3", counted from 0 as n8n's itemIndex, with the sheet's row when the item has one: "Item 3 (row 5)". */
function itemLabel(index: number, json: IDataObject): string {
	const row = rowNumberOf(json);
	return `Item ${index}${row !== undefined ? ` (row ${String(row)})` : ''}`;
}

/** Reads and validates one item. Never throws: a bad item becomes an "invalid-input" outcome. */
function prepare(read: (index: number) => Record<string, unknown>, operation: Operation, index: number, label: string, columnsHint: (field: FieldName) => string): PreparedItem | Outcome {
	let raw: Record<string, unknown>;
	try {
		raw = read(index);
	} catch (error) {
		return {
			kind: 'invalid-input',
			code: null,
			rule: 'its parameters could not be read',
			message: `${label}: its parameters could not be read: ${messageOf(error)}`,
			attempts: 0,
		};
	}
	const validation = validateRequest(operation, raw);
	if (validation.ok) return { index, request: validation.request };
	const [first, ...others] = validation.problems;
	return {
		kind: 'invalid-input',
		code: null,
		field: first.field,
		rule: first.rule,
		message: `${label}: ${validation.problems.map((problem) => (problem.rule.startsWith('is required') ? `${problem.message}: ${columnsHint(problem.field)}` : problem.message)).join('; ')}. Nothing was sent.`,
		details: others.length > 0 ? { otherProblems: others.map(({ field, rule }) => ({ field, rule })) } : undefined,
		attempts: 0,
	};
}

function isPrepared(value: PreparedItem | Outcome): value is PreparedItem {
	return 'request' in value;
}

/**
 * Every item travels one road: read and validate → (skip already sent) → send with retries
 * under a concurrency limit → one outcome → one output item on Success or Error, paired with its
 * input item. The invariant: every input item leaves on exactly one output (Only Changes
 * deliberately leaves out unchanged statuses).
 */
export async function router(this: IExecuteFunctions, version: NodeVersion): Promise<INodeExecutionData[][]> {
	const inputItems = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const module = OPERATIONS[operation];
	if (!module) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`);

	let run: RunContext;
	try {
		run = await startRun(this, module, version.options.options as INodeProperties[]);
	} catch (error) {
		const message = messageOf(error);
		if (!this.continueOnFail()) {
			throw new NodeOperationError(this.getNode(), message, {
				description: 'Nothing was sent to Batiweb.',
			});
		}
		const context: OutputContext = { operation, successOutcome: module.successOutcome, environment: 'unknown', simplify: false, redact: (text) => text };
		const kind = error instanceof ConfigurationProblem ? 'configuration' : 'internal';
		const errors = inputItems.map((input, index) =>
			outputItem({ kind, code: null, message: `${message}. Nothing was sent.`, attempts: 0 }, context, index, undefined, referenceOf(input.json ?? {})),
		);
		// As a tool, only the first output reaches the AI agent.
		return runsAsTool(this) ? [errors, []] : [[], errors];
	}

	const outcomes = new Array<Outcome | undefined>(inputItems.length);
	const prepared: PreparedItem[] = [];
	const readFields = version.readerFor(this, operation);
	// The fields read for each item, kept for the reference of an item that fails validation.
	const raws = new Array<Record<string, unknown> | undefined>(inputItems.length);
	const read = (index: number) => (raws[index] = readFields(index));
	const reading = version.reading(this);
	for (let index = 0; index < inputItems.length; index++) {
		const json = inputItems[index].json ?? {};
		const item = prepare(read, operation, index, itemLabel(index, json), (field) => missingFieldHint(field, Object.keys(json), reading));
		if (isPrepared(item)) prepared.push(item);
		else outcomes[index] = item;
	}

	let skipped: Map<number, Outcome>;
	try {
		skipped = (await module.beforeSend?.(run, prepared)) ?? new Map<number, Outcome>();
	} catch (error) {
		// n8n's de-duplication store failed: sending blind could duplicate leads, so send nothing.
		if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), run.redact(messageOf(error)), { description: 'Nothing was sent to Batiweb.' });
		const message = `Not sent: the node's memory (n8n's de-duplication store) could not be read (${run.redact(messageOf(error))}).`;
		skipped = new Map(prepared.map((item) => [item.index, { kind: 'memory-unavailable', code: null, message, attempts: 0 }]));
	}
	for (const [index, outcome] of skipped) outcomes[index] = outcome;
	const toSend = prepared.filter((item) => !skipped.has(item.index));

	const sent = await sendAll(this, run, module, toSend);
	toSend.forEach((item, position) => (outcomes[item.index] = sent[position]));

	let replaced = new Map<number, Outcome | null>();
	try {
		replaced = (await module.afterSend?.(run, prepared, outcomes)) ?? replaced;
		await module.release?.(run);
	} catch (error) {
		// The leads were sent and their answers are known: never lose them over bookkeeping.
		// Every item is output, each carrying the reason the bookkeeping failed.
		for (const outcome of outcomes) {
			if (outcome) outcome.details = { ...outcome.details, warning: `Bookkeeping failed: ${messageOf(error)}` };
		}
	}

	const context: OutputContext = {
		operation,
		successOutcome: module.successOutcome,
		environment: run.environment,
		simplify: run.options.simplify,
		redact: run.redact,
	};
	const requests = new Map(prepared.map((item) => [item.index, item.request]));
	const success: INodeExecutionData[] = [];
	const failure: INodeExecutionData[] = [];
	outcomes.forEach((given, index) => {
		const outcome = replaced.has(index) ? replaced.get(index) : given;
		if (outcome === null) return;
		const safeOutcome: Outcome = outcome ?? {
			kind: 'internal',
			code: null,
			message: `Item ${index}: the node produced no outcome for this item.`,
			attempts: 0,
		};
		const request = requests.get(index);
		const item = outputItem(safeOutcome, context, index, request, referenceOf(inputItems[index]?.json ?? {}, raws[index], request));
		(safeOutcome.kind === 'success' ? success : failure).push(item);
	});

	const tool = runsAsTool(this);
	noticeErrors(this, { operation, success, failure, failOnRefusal: run.options.failOnRefusal, tool });
	// As a tool, only the first output reaches the AI agent: it must see refusals too.
	if (tool) return [[...success, ...failure].sort(byItem), []];
	return [success, failure];
}

/**
 * Sends the items under the concurrency limit. The first refusal of the credentials (code 1)
 * stops sending: it concerns every item. If the node stops on an unexpected error, the
 * operation's bookkeeping for items never sent is undone first, and the error is redacted.
 */
async function sendAll(
	ctx: IExecuteFunctions,
	run: RunContext,
	module: OperationModule,
	toSend: PreparedItem[],
): Promise<Outcome[]> {
	const sendOne = async (item: PreparedItem): Promise<Outcome> => {
		if (run.credentialsRefused) return notSentAfterRefusal(run.credentialsRefused);
		const outcome = await module.send(run, item);
		if (outcome.code === ANSWER_CODES.authentication) run.credentialsRefused ??= { index: item.index, outcome };
		return outcome;
	};
	let finished = false;
	try {
		const outcomes = await mapWithConcurrency<PreparedItem, Outcome>(toSend, run.options.maxConcurrent, sendOne, {
			signal: run.call.signal,
			onCancelled: () => cancelledOutcome(CANCELLED_BEFORE_SENT),
			onFailure: (item, _, error) => {
				const message = `Item ${item.index}: ${run.redact(messageOf(error))}`;
				if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: item.index });
				return { kind: 'internal', code: null, message, attempts: 0 };
			},
		});
		finished = true;
		return outcomes;
	} finally {
		if (!finished) await module.release?.(run).catch(() => undefined);
	}
}

function notSentAfterRefusal(refusal: NonNullable<RunContext['credentialsRefused']>): Outcome {
	const said = refusal.outcome.serviceMessage ? `: "${refusal.outcome.serviceMessage}"` : '';
	return {
		kind: 'authentication',
		code: null,
		message: `Not sent: Batiweb refused the credentials for item ${refusal.index}${said} (code 1), and that holds for every item. Fix the Login, Password or Environment of the Batiweb credential (PROD needs Batiweb to open it), then run again.`,
		serviceMessage: refusal.outcome.serviceMessage,
		attempts: 0,
	};
}

function byItem(a: INodeExecutionData, b: INodeExecutionData): number {
	const itemOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
	return itemOf(a) - itemOf(b);
}

/**
 * Whether the node runs as an AI agent's tool. n8n 2.x's AI Agent (v3) has the engine run the
 * node's tool variant (type "…batiwebLeadTool") as an ordinary node, where `isToolExecution()` is
 * false; tools called through supplyData see it true. Either way only output 0 reaches the agent.
 */
function runsAsTool(ctx: IExecuteFunctions): boolean {
	if (ctx.isToolExecution?.()) return true;
	const node = ctx.getNode() as ReturnType<IExecuteFunctions['getNode']> & { rewireOutputLogTo?: string };
	return node.type.endsWith('Tool') || node.rewireOutputLogTo === 'ai_tool';
}
