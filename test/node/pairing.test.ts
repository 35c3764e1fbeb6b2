/**
 * Pairing across both outputs: a batch of valid, invalid and refused leads through
 * Webhook → Batiweb Lead → a Set node on each output. Every input item leaves on exactly one
 * output, paired with its input index; error items are the node's own (n8n does not take them
 * for its error items); and a downstream expression reaching back to the webhook,
 * `$('Webhook').item.json.body.email`, finds each item's own email on both branches.
 */
import type { IConnections, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { callSandbox, sampleImport } from '../../sandbox/client';
import { runLead } from '../helpers/leadRun';
import { guardPasswords } from '../helpers/secrets';
import { credentialsFor, IMPORT_FROM_BODY, lead, LEAD_NODE, webhookToLead } from '../../harness';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ rules: { notSellableZipcodes: ['97'] } });
guardPasswords(() => sandbox);

const ON_SUCCESS = 'On Success';
const ON_ERROR = 'On Error';
const N8N_ERROR = 'n8n Error Output';

/** A Set node (v3.4) that reads the webhook's item for the current item and keeps the other fields. */
function setNode(name: string, y: number): INode {
	return {
		id: `set-${y}`,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [700, y],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'a1', name: 'webhookEmail', value: "={{ $('Webhook').item.json.body.email }}", type: 'string' },
					{ id: 'a2', name: 'webhookRef', value: "={{ $('Webhook').item.json.body.ref }}", type: 'string' },
				],
			},
			includeOtherFields: true,
			include: 'all',
			options: {},
		},
	};
}

function branchedWorkflow(nodeProps: Partial<INode>) {
	const base = webhookToLead({ ...IMPORT_FROM_BODY, options: { maxAttempts: 1 } }, nodeProps);
	const noOp: INode = { id: 'noop', name: N8N_ERROR, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [700, 400], parameters: {} };
	const connections: IConnections = {
		...base.connections,
		[LEAD_NODE]: {
			main: [
				[{ node: ON_SUCCESS, type: 'main', index: 0 }],
				[{ node: ON_ERROR, type: 'main', index: 0 }],
				[{ node: N8N_ERROR, type: 'main', index: 0 }],
			],
		},
	};
	return { nodes: [...base.nodes, setNode(ON_SUCCESS, 0), setNode(ON_ERROR, 200), noOp], connections };
}

const DUPLICATE_EMAIL = 'deja.importe@example.fr';

/** index → what must happen to it. */
const BATCH: Array<{ body: IDataObject; output: 'success' | 'failure'; kind?: string }> = [
	{ body: lead({ ref: 'r0' }), output: 'success' },
	{ body: lead({ ref: 'r1', zipcode: '1000' }), output: 'failure', kind: 'invalid-input' },
	{ body: lead({ ref: 'r2', zipcode: '97100' }), output: 'failure', kind: 'not-sellable' },
	{ body: lead({ ref: 'r3', worktype: 'Carrelage', civility: 'Mme' }), output: 'success' },
	{ body: lead({ ref: 'r4', email: DUPLICATE_EMAIL }), output: 'failure', kind: 'duplicate' },
	{ body: lead({ ref: 'r5', isowner: 'Locataire', worktype: '183' }), output: 'failure', kind: 'leaseholder-refused' },
	{ body: lead({ ref: 'r6', email: 'pas-un-email' }), output: 'failure', kind: 'invalid-input' },
	{ body: lead({ ref: 'r7', cellphone: '+33 7 00 00 00 01' }), output: 'success' },
];

function indexOf(item: INodeExecutionData): number {
	return (item.pairedItem as { item: number }).item;
}

describe.each([
	['default settings', {}],
	['On Error: Continue (using error output)', { onError: 'continueErrorOutput' }],
	['On Error: Continue', { onError: 'continueRegularOutput' }],
] as Array<[string, Partial<INode>]>)('with %s', (_, nodeProps) => {
	let success: INodeExecutionData[];
	let failure: INodeExecutionData[];
	let result: Awaited<ReturnType<typeof runLead>>['result'];
	let sentEmails: string[];

	beforeAll(async () => {
		sandbox.reset();
		const imported = await callSandbox(sandbox.url, 'import', sampleImport({ email: DUPLICATE_EMAIL }));
		expect(imported.json?.code).toBe(0);
		const run = await runLead({}, { credentials: credentialsFor(sandbox), bodies: BATCH.map((entry) => entry.body), workflow: branchedWorkflow(nodeProps) });
		expect(run.error).toBeUndefined();
		({ success, failure, result } = run);
		sentEmails = sandbox
			.requests()
			.filter((request) => request.endpoint === 'import')
			.map((request) => (request.body as { request: IDataObject }).request.email as string);
	});

	it('puts every input item on exactly one output, in input order, paired with its index', () => {
		const all = [...success, ...failure].map(indexOf).sort((a, b) => a - b);
		expect(all).toEqual(BATCH.map((_, index) => index));
		expect(success.map(indexOf)).toEqual(BATCH.flatMap((entry, index) => (entry.output === 'success' ? [index] : [])));
		expect(failure.map(indexOf)).toEqual(BATCH.flatMap((entry, index) => (entry.output === 'failure' ? [index] : [])));
	});

	it('gives each error item its kind and index', () => {
		for (const item of failure) {
			const index = indexOf(item);
			expect(item.json).toMatchObject({ success: false, kind: BATCH[index].kind, itemIndex: index });
		}
		for (const item of success) expect(item.json).toMatchObject({ success: true, code: 0 });
	});

	it('never shapes an error item like one of n8n\'s (keys within error, message, details)', () => {
		for (const item of [...success, ...failure]) {
			expect(item.error).toBeUndefined();
			const keys = Object.keys(item.json);
			expect(keys.every((key) => ['error', 'message', 'details'].includes(key))).toBe(false);
			expect(item.json).not.toHaveProperty('error');
		}
		// n8n's own error output (added by "Continue (using error output)") stays empty.
		const outputs = result.nodeRun(LEAD_NODE).outputs;
		expect(outputs[2] ?? []).toEqual([]);
	});

	it('lets $(\'Webhook\').item reach each item\'s own webhook body on both branches', () => {
		const onSuccess = result.output(ON_SUCCESS);
		const onError = result.output(ON_ERROR);
		expect(onSuccess).toHaveLength(success.length);
		expect(onError).toHaveLength(failure.length);
		// A Set item is paired with its input, the lead node's output item, which is paired with the webhook's.
		const check = (items: INodeExecutionData[], leadOutput: INodeExecutionData[]) => {
			for (const item of items) {
				const index = indexOf(leadOutput[indexOf(item)]);
				expect(item.json.webhookEmail).toBe(BATCH[index].body.email);
				expect(item.json.webhookRef).toBe(`r${index}`);
			}
		};
		check(onSuccess, success);
		check(onError, failure);
		expect(onSuccess.map((item) => item.json.success)).toEqual(success.map(() => true));
		expect(onError.map((item) => item.json.kind)).toEqual(failure.map((item) => item.json.kind));
	});

	it('sent only the items that passed validation', () => {
		const expected = BATCH.filter((entry) => entry.kind !== 'invalid-input').map((entry) => entry.body.email);
		// The pre-imported duplicate adds one import of its own.
		expect(sentEmails.sort()).toEqual([...expected, DUPLICATE_EMAIL].sort());
	});
});
