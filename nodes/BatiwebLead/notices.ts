import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Operation } from './catalog/codes';

/**
 * Makes sure items on the Error output cannot go unnoticed: a workflow whose Error output leads
 * nowhere would otherwise show a green execution while leads were refused.
 * - always, an execution hint in the output panel with the counts per kind (n8n ≥ 1.x with
 *   `addExecutionHints`; older versions simply show none);
 * - when nothing at all follows the node, the hint says the Error items are not handled (n8n
 *   tells a node its child nodes, not which output they hang on);
 * - with the option "Fail Execution When Any Lead Is Refused", an error that lists what Batiweb
 *   took, with ids and tokens, since the Success items are not kept when a node fails.
 */
export interface NoticeInput {
	operation: Operation;
	success: INodeExecutionData[];
	failure: INodeExecutionData[];
	failOnRefusal: boolean;
	tool: boolean;
}

/** Kinds that are not refusals: a deliberate skip by Skip Leads Already Sent. */
const NOT_REFUSALS = new Set(['skipped-duplicate']);

function kindOf(item: INodeExecutionData): string {
	return String(item.json.kind ?? item.json.outcome ?? 'unknown');
}

function indexOf(item: INodeExecutionData): number {
	return (item.pairedItem as { item: number }).item;
}

/** "item 2", or "item 2 (row 4)" when the input item had a sheet's row_number: to find it again. */
function itemText(item: INodeExecutionData): string {
	const row = (item.json as IDataObject).row_number;
	return `item ${indexOf(item)}${row !== undefined && row !== null ? ` (row ${String(row)})` : ''}`;
}

function countsText(items: INodeExecutionData[]): string {
	const counts = new Map<string, number>();
	for (const item of items) counts.set(kindOf(item), (counts.get(kindOf(item)) ?? 0) + 1);
	return [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
}

/** What Batiweb took for one Success item, in a line: item, id, token, status. */
function takenText(item: INodeExecutionData): string {
	const json = item.json as IDataObject;
	const facts = ['id', 'token', 'status']
		.filter((name) => json[name] !== undefined && json[name] !== null)
		.map((name) => `${name} ${String(json[name])}`);
	return `${itemText(item)}${facts.length > 0 ? `: ${facts.join(', ')}` : ''}`;
}

function hasNoChildNodes(ctx: IExecuteFunctions): boolean {
	try {
		return typeof ctx.getChildNodes === 'function' && ctx.getChildNodes(ctx.getNode().name).length === 0;
	} catch {
		return false;
	}
}

export function noticeErrors(ctx: IExecuteFunctions, input: NoticeInput): void {
	const { failure, success } = input;
	if (failure.length === 0) return;
	const total = failure.length + success.length;
	const where = input.tool ? 'were returned to the agent as errors' : 'went to the Error output';
	const unhandled =
		!input.tool && hasNoChildNodes(ctx)
			? ' Nothing is connected after this node, so nobody handles them: connect the Error output, or turn on the option "Fail Execution When Any Lead Is Refused".'
			: '';
	if (typeof ctx.addExecutionHints === 'function') {
		ctx.addExecutionHints({
			message: `${failure.length} of ${total} items ${where}: ${countsText(failure)}.${unhandled}`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	const refused = failure.filter((item) => !NOT_REFUSALS.has(kindOf(item)));
	if (!input.failOnRefusal || refused.length === 0) return;
	const taken = success.length > 0 ? `Batiweb took ${success.length}: ${success.map(takenText).join('; ')}.` : 'Batiweb took none of them.';
	const notTaken = refused.map((item) => `${itemText(item)}: ${kindOf(item)}: ${String(item.json.message ?? '')}`).join('\n');
	throw new NodeOperationError(ctx.getNode(), `${refused.length} of ${total} items were refused or failed (${countsText(refused)})`, {
		description: `${taken}\n\nNot taken:\n${notTaken}`,
	});
}
