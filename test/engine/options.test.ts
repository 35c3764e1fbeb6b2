/**
 * The node's options, across executions of the same workflow, through n8n's engine:
 * Skip Leads Already Sent and Only Changes (both in n8n's de-duplication store), Check Sellable
 * First and Simplify.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { LIMITS } from '../../nodes/BatiwebLead/actions/options';
import {
	credentialsFor,
	deduplicator,
	EXAMPLE_RULES,
	formPost,
	freshLeadsTable,
	lead,
	loadExample,
	pollingRows,
	pollingWithTokens,
	runWorkflow,
	scheduleTick,
	withNode,
	type WorkflowDefinition,
} from '../../harness';
import { useSandbox } from '../helpers/servers';

const FORM = 'Import to Batiweb';
const STATUS = 'Get Status';

const sandbox = useSandbox({ rules: { ...EXAMPLE_RULES, pollsBeforeQualified: 0 } });
beforeEach(freshLeadsTable);

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
const endpoints = () => sandbox.requests().map((request) => request.endpoint);

/** The form example with these Import options (the example's own when not given). */
function form(options?: IDataObject): WorkflowDefinition {
	const definition = loadExample('form-to-batiweb.json');
	return options ? withNode(definition, FORM, { parameters: { options } }) : definition;
}

/** One webhook call = one execution of the workflow, as in production. */
async function post(definition: WorkflowDefinition, ...bodies: IDataObject[]) {
	return await runWorkflow(definition, { credentials: credentialsFor(sandbox), startNode: 'Webhook', triggerItems: bodies.map(formPost) });
}

async function importTokens(count: number, emails?: string[]): Promise<string[]> {
	const bodies = Array.from({ length: count }, (_, index) => lead(emails ? { email: emails[index] } : {}));
	const result = await post(form({}), ...bodies);
	return result.output(FORM, 0).map((item) => item.json.token as string);
}

describe('Skip Leads Already Sent', () => {
	test('the same form posted in two executions is sent once; the second goes to Error as skipped-duplicate', async () => {
		const sample = lead();
		const first = await post(form(), sample);
		expect(first.output(FORM, 0)).toHaveLength(1);

		const second = await post(form(), { ...sample, workdescription: 'The same request, posted again by the form' });
		expect(second.output(FORM, 0)).toEqual([]);
		expect(second.output(FORM, 1)[0].json).toMatchObject({
			success: false,
			kind: 'skipped-duplicate',
			code: null,
			attempts: 0,
			message: 'Not sent: Batiweb answered an earlier run of this node that it has this lead.',
			details: { memory: 'sent', why: expect.stringContaining('earlier run') },
		});
		expect(second.responses[0].body).toMatchObject({ ok: false, kind: 'skipped-duplicate' });
		expect(endpoints()).toEqual(['is_sellable', 'import']);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('the key is email and worktype, any case: another worktype is another lead', async () => {
		const sample = lead();
		await post(form(), sample);
		const other = await post(form(), { ...sample, worktype: '72' });
		const sameUpperCase = await post(form(), { ...sample, email: String(sample.email).toUpperCase() });
		expect(other.output(FORM, 0)).toHaveLength(1);
		expect(sameUpperCase.output(FORM, 1)[0].json.kind).toBe('skipped-duplicate');
	});

	test('a lead refused first (not bought) is not remembered: once Batiweb buys it, it is sent', async () => {
		const sample = lead({ zipcode: '13005', city: 'Marseille' });
		const refused = await post(form(), sample);
		expect(refused.output(FORM, 1)[0].json.kind).toBe('not-sellable');

		sandbox.setRules({ notSellablePairs: [] });
		try {
			const accepted = await post(form(), sample);
			expect(accepted.output(FORM, 0)).toHaveLength(1);
		} finally {
			sandbox.setRules({ notSellablePairs: [{ worktype: '69', zipcode: '13' }] });
		}
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('an invalid lead is not remembered either: corrected, it is sent', async () => {
		const sample = lead({ cellphone: '12' });
		expect((await post(form(), sample)).output(FORM, 1)[0].json.kind).toBe('invalid-input');
		expect((await post(form(), { ...sample, cellphone: '0612345678' })).output(FORM, 0)).toHaveLength(1);
	});

	test('keyed on Supplier Lead ID: a new email with a known ID is skipped; a lead without ID is refused', async () => {
		const bySupplierId = form({ skipAlreadySent: true, dedupKey: 'supplierleadid' });
		await post(bySupplierId, lead({ supplierleadid: 'CRM-42' }));
		const again = await post(bySupplierId, lead({ supplierleadid: 'CRM-42' }), lead({ supplierleadid: 'CRM-43' }), lead());
		expect(again.output(FORM, 0).map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(json(again.output(FORM, 1)).map(({ kind, field }) => ({ kind, field }))).toEqual([
			{ kind: 'skipped-duplicate', field: undefined },
			{ kind: 'invalid-input', field: 'supplierleadid' },
		]);
	});

	test('the store is per node: the same lead sent by another Batiweb node is not skipped by this one', async () => {
		const sample = lead();
		await post(form(), sample);
		const otherNode = withNode(form(), FORM, { settings: { id: 'another-import-node' }, parameters: { options: { skipAlreadySent: true } } });
		const result = await post(otherNode, sample);
		// Not skipped by the node's store; Batiweb itself answers "duplicate" (code 5).
		expect(result.output(FORM, 1)[0].json).toMatchObject({ kind: 'duplicate', code: 5 });
	});
});

describe('Check Sellable First', () => {
	test('a refusal carries is_sellable\'s code and stage, and no import is requested', async () => {
		const result = await post(form({ checkSellableFirst: true }), lead({ zipcode: '13010' }));
		expect(result.output(FORM, 1)[0].json).toMatchObject({
			kind: 'not-sellable',
			code: 4,
			stage: 'checkSellable',
			serviceMessage: "This can't be sold",
			message: expect.stringMatching(/^Not imported\. Check Sellable: /),
		});
		expect(endpoints()).toEqual(['is_sellable']);
	});

	test('is_sellable gets the lead\'s email, so a lead Batiweb has is caught before import', async () => {
		const sample = lead();
		await post(form({}), sample);
		sandbox.clearRequests();
		const result = await post(form({ checkSellableFirst: true }), sample);
		expect(result.output(FORM, 1)[0].json).toMatchObject({ kind: 'duplicate', code: 5, stage: 'checkSellable' });
		expect(sandbox.requests().map((request) => [request.endpoint, (request.body as { request: IDataObject }).request])).toEqual([
			['is_sellable', { zipcode: sample.zipcode, worktype: sample.worktype, email: sample.email }],
		]);
	});

	test('off: the lead goes straight to import, one request', async () => {
		const result = await post(form({}), lead({ zipcode: '13010' }));
		expect(result.output(FORM, 1)[0].json).toMatchObject({ kind: 'not-sellable', code: 4 });
		expect(result.output(FORM, 1)[0].json.stage).toBeUndefined();
		expect(endpoints()).toEqual(['import']);
	});
});

describe("the node's memory (n8n's de-duplication store)", () => {
	test('a failed first write (two workers creating the row at once) is tried once more, and the lead is sent', async () => {
		// The first write marks the batch's leads pending: a retry that met its own first write
		// would only cost a verification, never a skip (memory.ts).
		const spy = jest
			.spyOn(deduplicator, 'checkProcessedAndRecord')
			.mockRejectedValueOnce(new Error('duplicate key value violates unique constraint'));
		try {
			const result = await post(form({ skipAlreadySent: true }), lead());
			expect(result.output(FORM, 0)).toHaveLength(1);
			expect(String(spy.mock.calls[0][0][0])).toMatch(/^pending:/);
			expect(String(spy.mock.calls[1][0][0])).toMatch(/^pending:/);
			expect(endpoints()).toEqual(['import']);
		} finally {
			spy.mockRestore();
		}
	});

	test('a store that keeps failing sends nothing: the lead goes to Error under Continue, never unchecked to Batiweb', async () => {
		const spy = jest.spyOn(deduplicator, 'checkProcessedAndRecord').mockRejectedValue(new Error('database is down'));
		try {
			const definition = withNode(form({ skipAlreadySent: true }), FORM, { settings: { onError: 'continueRegularOutput' } });
			const result = await post(definition, lead());
			expect(result.output(FORM, 1)[0].json).toMatchObject({ kind: 'memory-unavailable', retryable: true, message: expect.stringContaining('database is down') });
			expect(endpoints()).toEqual([]);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('Only Changes, version 1 (the node\'s memory)', () => {
	// Each call is a new execution with no static data carried over: the memory must not need it
	// (n8n saves no static data for manual runs, and queue-mode workers do not get it).
	const pollingWithTokens = (tokens: string[]) => pollingV1(tokens);
	const poll = async (definition: WorkflowDefinition) =>
		await runWorkflow(definition, { credentials: credentialsFor(sandbox), startNode: 'Every 15 minutes', triggerItems: [scheduleTick()] });

	test('first run outputs all, the same statuses output none, then only the lead whose status moved', async () => {
		const tokens = await importTokens(3);
		const polling = pollingWithTokens(tokens);

		const first = await poll(polling);
		expect(first.output(STATUS).map((item) => item.json.token)).toEqual(tokens);

		const second = await poll(polling);
		expect(second.output(STATUS)).toEqual([]);
		expect(second.output(STATUS, 1)).toEqual([]);

		sandbox.setStatus(tokens[1], 11);
		const third = await poll(polling);
		expect(json(third.output(STATUS))).toEqual([expect.objectContaining({ token: tokens[1], status: 11, statusLabel: 'Wrong number', final: true })]);
		expect(third.output(STATUS)[0].pairedItem).toEqual({ item: 1 });
		expect(endpoints().filter((endpoint) => endpoint === 'status')).toHaveLength(9);
	});

	test("the memory is n8n's de-duplication store, per node, one entry per (token, status) seen", async () => {
		const tokens = await importTokens(2);
		const polling = pollingWithTokens(tokens);
		const first = await poll(polling);
		expect(first.staticData).toEqual({});
		const node = polling.nodes.find((entry) => entry.name === STATUS)!;
		const store = deduplicator.keys(`${polling.id ?? 'test-workflow'}:${node.id}`);
		expect(store).toEqual(expect.arrayContaining(tokens.map((token) => expect.stringMatching(new RegExp(`^PREP:[0-9a-f]{16}\\|${token}=1$`)))));

		// Another Get Status node of the same workflow has its own memory.
		const renamed = withNode(polling, STATUS, { settings: { id: 'another-get-status-node' } });
		expect((await poll(renamed)).output(STATUS)).toHaveLength(2);
	});

	test('raw output says whether the status changed', async () => {
		const [token] = await importTokens(1);
		const raw = withNode(pollingV1([token]), STATUS, { parameters: { options: { onlyChanges: true } } });
		expect((await poll(raw)).output(STATUS)[0].json).toMatchObject({ token, status: 1, changed: true });
		sandbox.setStatus(token, 13);
		expect((await poll(raw)).output(STATUS)[0].json).toMatchObject({ status: 13, changed: true, final: true });
		expect((await poll(raw)).output(STATUS)).toEqual([]);
	});

	test('the same token twice in one batch is one change', async () => {
		const [token] = await importTokens(1);
		const result = await poll(pollingWithTokens([token, token]));
		expect(result.output(STATUS).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	});

	test(`the memory is bounded: at ${LIMITS.memoryEntries} entries, the oldest are forgotten first`, async () => {
		const tokens = await importTokens(2);
		const polling = pollingWithTokens(tokens);
		const node = polling.nodes.find((entry) => entry.name === STATUS)!;
		const key = `${polling.id ?? 'test-workflow'}:${node.id}`;
		const old = Array.from({ length: LIMITS.memoryEntries }, (_, index) => `${index.toString(16).padStart(128, '0')}=1`);
		deduplicator.fill(key, old);

		const result = await poll(polling);
		expect(result.output(STATUS)).toHaveLength(2);
		const kept = deduplicator.keys(key);
		expect(kept).toHaveLength(LIMITS.memoryEntries);
		expect(kept.slice(-2)).toEqual(tokens.map((token) => expect.stringMatching(new RegExp(`^PREP:[0-9a-f]{16}\\|${token}=1$`))));
		expect(kept).not.toContain(old[0]);
		expect(kept).not.toContain(old[1]);
		expect(kept).toContain(old[2]);
	});

	test('errors are always output, changed or not', async () => {
		const unknown = 'cd'.repeat(64);
		const polling = pollingWithTokens([unknown]);
		await poll(polling);
		const second = await poll(polling);
		expect(second.output(STATUS, 1)[0].json).toMatchObject({ outcome: 'invalid-value', code: 3 });
	});
});

/** The polling example's Get Status as a saved version 1 node: Only Changes keeps the store's behaviour. */
function pollingV1(tokens: string[]): WorkflowDefinition {
	return withNode(pollingWithTokens(tokens), STATUS, {
		settings: { typeVersion: 1 },
		parameters: { operation: 'getStatus', token: '={{ $json.token }}', options: { onlyChanges: true, simplify: true } },
	});
}

/** The example's Get Status (version 2) with Previous Status reading the row's status, as the example does. */
const rowsPolling = (rows: Parameters<typeof pollingRows>[0]) => withNode(pollingRows(rows), STATUS, { parameters: { options: { onlyChanges: true, previousStatus: '={{ $json.status }}', simplify: true } } });

describe('Only Changes, version 2 (Previous Status: stateless)', () => {
	const poll = async (definition: WorkflowDefinition) =>
		await runWorkflow(definition, { credentials: credentialsFor(sandbox), startNode: 'Every 15 minutes', triggerItems: [scheduleTick()] });

	test('a lead is output when its status differs from the one its row carries, or the row has none', async () => {
		const [moved, same, unknown] = await importTokens(3);
		for (const token of [moved, same, unknown]) sandbox.setStatus(token, 1);
		const result = await poll(rowsPolling([{ token: moved, status: 0 }, { token: same, status: '1' }, { token: unknown, status: null }]));
		expect(json(result.output(STATUS)).map(({ token, status, changed }) => ({ token, status, changed }))).toEqual([
			{ token: moved, status: 1, changed: true },
			{ token: unknown, status: 1, changed: true },
		]);
		expect(result.output(STATUS).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	});

	test('finding 3: a change that nothing downstream saved (the update failed) is output again at the next poll', async () => {
		const [token] = await importTokens(1);
		sandbox.setStatus(token, 11);
		// The row still says 0: the update after the first poll failed, or the execution was stopped.
		const rows = rowsPolling([{ token, status: 0 }]);
		expect(json((await poll(rows)).output(STATUS))).toEqual([expect.objectContaining({ token, status: 11, changed: true })]);
		expect(json((await poll(rows)).output(STATUS))).toEqual([expect.objectContaining({ token, status: 11, changed: true })]);
		// Once the row holds 11, nothing is output.
		expect((await poll(rowsPolling([{ token, status: 11 }]))).output(STATUS)).toEqual([]);
	});

	test('it writes nothing into n8n\'s de-duplication store', async () => {
		const [token] = await importTokens(1);
		const rows = rowsPolling([{ token, status: 0 }]);
		const node = rows.nodes.find((entry) => entry.name === STATUS)!;
		const key = `${rows.id ?? 'test-workflow'}:${node.id}`;
		deduplicator.stores.delete(key);
		expect((await poll(rows)).output(STATUS)).toHaveLength(1);
		expect(deduplicator.stores.has(key)).toBe(false);
	});
});

describe('Simplify', () => {
	// Issue 10 point 13: the import's id and Only Changes' changed are columns too.
	// Issue 19: the message first, then what ties the row to the lead (row_number only when given).
	const SIMPLE_KEYS = ['message', 'leadReference', 'supplierLeadId', 'email', 'itemIndex', 'outcome', 'success', 'code', 'id', 'token', 'status', 'statusLabel', 'statusLabelFr', 'final', 'changed'];

	test('import: one flat row per lead, the same columns for sent and refused leads', async () => {
		const sent = lead({ supplierleadid: 'ROW-1' });
		const refused = lead({ zipcode: '13003' });
		const result = await post(form({ checkSellableFirst: true, simplify: true }), sent, refused);
		const [row] = json(result.output(FORM, 0));
		const [refusal] = json(result.output(FORM, 1));
		expect(Object.keys(row)).toEqual(SIMPLE_KEYS);
		expect(Object.keys(refusal)).toEqual(SIMPLE_KEYS);
		expect(row).toMatchObject({ leadReference: 'ROW-1', outcome: 'imported', success: true, code: 0, id: expect.any(Number), token: expect.stringMatching(/^[0-9a-f]{128}$/), status: null });
		expect(refusal).toMatchObject({ leadReference: refused.email, outcome: 'not-sellable', success: false, code: 4, id: null, token: null });
		expect(Object.values(row).every((value) => value === null || typeof value !== 'object')).toBe(true);
	});

	test('status: the label in English and French, and whether it is final', async () => {
		const [token] = await importTokens(1, [`ines+status-12.${process.pid}@example.fr`]);
		const result = await poll(pollingWithTokens([token]));
		expect(json(result.output(STATUS))).toEqual([
			{
				message: expect.stringMatching(/^Status 12: Doublon \(Duplicate\), final\.$/),
				leadReference: token,
				supplierLeadId: null,
				email: null,
				itemIndex: 0,
				outcome: 'status',
				success: true,
				code: 0,
				id: null,
				token,
				status: 12,
				statusLabel: 'Duplicate',
				statusLabelFr: 'Doublon',
				final: true,
				changed: true,
			},
		]);
	});

	async function poll(definition: WorkflowDefinition) {
		return await runWorkflow(definition, { credentials: credentialsFor(sandbox), startNode: 'Every 15 minutes', triggerItems: [scheduleTick()] });
	}

	test('off: the raw answer, with the request and Batiweb\'s own body', async () => {
		const result = await post(form({}), lead());
		expect(result.output(FORM, 0)[0].json).toMatchObject({
			success: true,
			operation: 'import',
			environment: 'PREP',
			answer: { code: 0, message: 'Lead correctly imported', id: expect.any(Number), token: expect.any(String) },
			request: expect.objectContaining({ zipcode: '78180', cellphone: '0612345678' }),
		});
	});
});
