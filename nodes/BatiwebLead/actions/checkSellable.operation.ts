import type { INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../catalog/codes';
import { interpretCall } from '../interpret';
import type { Outcome } from '../outcome';
import { callBatiweb } from '../transport/call';
import type { RequestSpec } from '../transport/spec';
import type { BatiwebRequest } from '../validation/schemas';
import type { PreparedItem, RunContext } from './run';

/** is_sellable (doc, "Connectivité VENDABLE") changes nothing at Batiweb: retried freely. */
export const request: RequestSpec = { endpoint: ENDPOINTS.checkSellable, createsLead: false, successData: () => ({ sellable: true }) };

export const successOutcome = 'sellable';

/** Check Sellable has no option of its own. */
export const options: INodeProperties[] = [];

export function readOptions(): object {
	return {};
}

/** Asks is_sellable; also used by Import's "Check Sellable First" and uncertain-import checks. */
export async function checkSellable(run: RunContext, question: BatiwebRequest): Promise<Outcome> {
	return interpretCall(request, await callBatiweb(run.ctx, run.call, request, question));
}

export async function send(run: RunContext, item: PreparedItem): Promise<Outcome> {
	return await checkSellable(run, item.request);
}
