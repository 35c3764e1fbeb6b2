/**
 * As an AI agent's tool only output 0 reaches the agent, so the node puts every item there,
 * refusals included, in input order. The node runs in n8n-core's SupplyDataContext with the
 * `ai_tool` connection type, where `isToolExecution()` is true, as n8n calls a tool node; the
 * same context with the `main` type is the control.
 */
import { NodeConnectionTypes, type INodeExecutionData } from 'n8n-workflow';

import { CHECK_FROM_BODY } from '../helpers/leadRun';
import { guardPasswords, remember } from '../helpers/secrets';
import { executeInContext } from '../helpers/toolContext';
import { credentialsFor } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ rules: { notSellableZipcodes: ['97'] } });
guardPasswords(() => sandbox);

/** Items as the tool's callers give them: the fields at the top level. */
const PARAMETERS = { ...CHECK_FROM_BODY, zipcode: '={{ $json.zipcode }}', worktype: '={{ $json.worktype }}', additionalFields: {} };
const ITEMS: INodeExecutionData[] = [
	{ json: { zipcode: '97100', worktype: '69' } },
	{ json: { zipcode: '75001', worktype: 'Peinture' } },
	{ json: { zipcode: '123', worktype: '69' } },
	{ json: { zipcode: '13001', worktype: '75' } },
];

async function run(connectionType: typeof NodeConnectionTypes.AiTool | typeof NodeConnectionTypes.Main) {
	const result = await executeInContext(connectionType, PARAMETERS, ITEMS, credentialsFor(sandbox).batiwebApi);
	remember('tool outputs', result.outputs);
	return result;
}

const indexes = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);

it('as a tool, puts successes and refusals on output 0, in input order', async () => {
	const { isToolExecution, outputs } = await run(NodeConnectionTypes.AiTool);
	expect(isToolExecution).toBe(true);
	const [first, second] = outputs;
	expect(indexes(first)).toEqual([0, 1, 2, 3]);
	expect(second ?? []).toEqual([]);
	expect(first.map((item) => item.json.success)).toEqual([false, true, false, true]);
	expect(first[0].json).toMatchObject({ kind: 'not-sellable', code: 4, serviceMessage: "This can't be sold" });
	expect(first[2].json).toMatchObject({ kind: 'invalid-input', field: 'zipcode' });
	// The agent reads the message: it says what happened in words.
	expect(first[0].json.message).toContain("This can't be sold");
	expect(sandbox.requests()).toHaveLength(3);
});

it('in an ordinary run of the same context, splits Success and Error', async () => {
	const { isToolExecution, outputs } = await run(NodeConnectionTypes.Main);
	expect(isToolExecution).toBe(false);
	expect(indexes(outputs[0])).toEqual([1, 3]);
	expect(indexes(outputs[1])).toEqual([0, 2]);
});

// Issue 10 point 13: a configuration error under Continue must reach the agent too.
it('as a tool with Continue, a configuration error is on output 0, one item per input item', async () => {
	const far = { ...credentialsFor(sandbox).batiwebApi, baseUrl: 'http://batiweb.example.test' };
	const { outputs } = await executeInContext(NodeConnectionTypes.AiTool, PARAMETERS, ITEMS, far, { onError: 'continueRegularOutput' });
	remember('tool outputs', outputs);
	const [first, second] = outputs;
	expect(indexes(first)).toEqual([0, 1, 2, 3]);
	expect(second ?? []).toEqual([]);
	expect(first[0].json).toMatchObject({ kind: 'configuration', success: false });
	expect(sandbox.requests()).toEqual([]);
});
