/**
 * Runs Webhook → Batiweb Lead through the engine and returns what the lead node put on each
 * output, remembering everything for the password check (see secrets.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { LEAD_NODE, parametersFromBody, posted, type RunResult, runWorkflow, webhookToLead, type WorkflowDefinition } from '../../harness';
import { remember } from './secrets';

export interface LeadRun {
	success: INodeExecutionData[];
	failure: INodeExecutionData[];
	/** The node's error when it failed as a whole (not under continueOnFail). */
	error?: Error;
	result: RunResult;
}

export interface LeadRunOptions {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The bodies posted to the webhook, one item each. */
	bodies?: IDataObject[];
	/** Extra properties of the lead node (onError, continueOnFail...). */
	node?: Partial<INode>;
	/** A whole workflow instead of Webhook → Batiweb Lead. */
	workflow?: WorkflowDefinition;
}

export async function runLead(parameters: IDataObject, options: LeadRunOptions): Promise<LeadRun> {
	const workflow = options.workflow ?? webhookToLead(parameters, options.node ?? {});
	const result = await runWorkflow(workflow, {
		credentials: options.credentials,
		triggerItems: posted(options.bodies ?? [{}]),
	});
	remember('run data', result.run.data.resultData);
	const { outputs, error } = result.nodeRun(LEAD_NODE);
	if (error) remember('node error', error);
	const [success = [], failure = []] = outputs;
	remember('outputs', outputs);
	return { success, failure, error, result };
}

/** The json of every item on both outputs, for look-ups by input index. */
export function byItem(run: LeadRun): Map<number, { output: 'success' | 'failure'; json: IDataObject }> {
	const map = new Map<number, { output: 'success' | 'failure'; json: IDataObject }>();
	for (const [output, items] of [
		['success', run.success],
		['failure', run.failure],
	] as const) {
		for (const item of items) {
			const index = (item.pairedItem as { item: number }).item;
			if (map.has(index)) throw new Error(`item ${index} is on more than one output`);
			map.set(index, { output, json: item.json });
		}
	}
	return map;
}

/** Parameters for Check Sellable that read the fields from the posted body. */
export const CHECK_FROM_BODY = parametersFromBody('checkSellable', true);

/** Parameters for Get Status that read the token from the posted body. */
export const STATUS_FROM_BODY = parametersFromBody('getStatus');

/** Import parameters with every optional field read from the posted body too. */
export const IMPORT_ALL_FROM_BODY = parametersFromBody('import', true);

/** Options that make one request per item, at once (tests that count requests). */
export function withOptions(parameters: IDataObject, options: IDataObject): IDataObject {
	return { ...parameters, options: { ...((parameters.options as IDataObject) ?? {}), ...options } };
}
