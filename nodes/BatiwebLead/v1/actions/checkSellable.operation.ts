import type { INodeProperties } from 'n8n-workflow';

import { interpretCall } from '../../interpret';
import type { Outcome } from '../../outcome';
import { callBatiweb } from '../../transport/call';
import type { BatiwebRequest } from '../../validation/schemas';
import { requestParameters } from './fields.description';
import type { PreparedItem, RunContext } from './run';

export const description: INodeProperties[] = requestParameters('checkSellable');

/** Asks is_sellable; also used by Import's "Check Sellable First" and uncertain-import checks. */
export async function checkSellable(run: RunContext, request: BatiwebRequest): Promise<Outcome> {
	const call = await callBatiweb(run.fn, run.call, 'checkSellable', request);
	return interpretCall('checkSellable', call, () => ({ sellable: true }));
}

export async function send(run: RunContext, item: PreparedItem): Promise<Outcome> {
	return await checkSellable(run, item.request);
}
