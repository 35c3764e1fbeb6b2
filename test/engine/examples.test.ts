/**
 * The example workflows of `examples/`, as a user imports them, run by n8n's own engine
 * (n8n-core WorkflowExecute) with the real node classes, real expressions and the sandbox.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { BatiwebLead } from '../../nodes/BatiwebLead/BatiwebLead.node';
import type { Operation } from '../../nodes/BatiwebLead/catalog/codes';
import { fieldOrder } from '../../nodes/BatiwebLead/fields';
import { CODE_SENTENCES } from '../../nodes/BatiwebLead/outcome';
import {
	chatMessage,
	credentialsFor,
	dataTableRows,
	EXAMPLE_FILES,
	EXAMPLE_RULES,
	formPost,
	freshLeadsTable,
	lead,
	loadExample,
	probeNode,
	readExample,
	registerAiStandIns,
	type RunResult,
	runWorkflow,
	scheduleTick,
	transcriptOf,
	withNode,
	withNodeAfter,
	type WorkflowDefinition,
} from '../../harness';
import { useSandbox } from '../helpers/servers';
import { dataTableProxyProvider } from '../../harness/data-tables';

const FORM = 'Import to Batiweb';
const BATIWEB_TYPES = ['n8n-nodes-batiweb.batiwebLead', 'n8n-nodes-batiweb.batiwebLeadTool'];

const sandbox = useSandbox({ rules: EXAMPLE_RULES });
beforeAll(registerAiStandIns);
beforeEach(freshLeadsTable);

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
const endpoints = () => sandbox.requests().map((request) => request.endpoint);

async function postForm(bodies: IDataObject[], definition: WorkflowDefinition = loadExample('form-to-batiweb.json'), credentials = credentialsFor(sandbox)) {
	return await runWorkflow(definition, { credentials, startNode: 'Webhook', triggerItems: bodies.map(formPost) });
}

// ---- every example ---------------------------------------------------------------------------

describe('the example files', () => {
	const description = new BatiwebLead().getNodeType(2).description;
	const known = (properties: INodeProperties[] | undefined) => new Set((properties ?? []).map((property) => property.name));
	const topLevel = known(description.properties);
	const optionNames = known(description.properties.find((property) => property.name === 'options')?.options as INodeProperties[]);

	test.each(EXAMPLE_FILES)('%s is an n8n workflow export that imports as it is', (file) => {
		const example = readExample(file);
		expect(typeof example.name).toBe('string');
		expect(example.settings).toEqual({ executionOrder: 'v1' });
		expect(example.pinData).toEqual({});
		const names = example.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(example.nodes.map((node) => node.id)).size).toBe(names.length);
		for (const node of example.nodes) {
			expect(node).toEqual(
				expect.objectContaining({ id: expect.any(String), name: expect.any(String), type: expect.any(String), typeVersion: expect.any(Number), parameters: expect.any(Object) }),
			);
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
		}
		for (const [from, byType] of Object.entries(example.connections)) {
			expect(names).toContain(from);
			for (const lists of Object.values(byType)) {
				for (const link of (lists ?? []).flat()) expect(names).toContain(link!.node);
			}
		}
		const batiweb = example.nodes.filter((node) => BATIWEB_TYPES.includes(node.type));
		if (file !== 'batiweb-leads-table.json') expect(batiweb.length).toBeGreaterThan(0);
		for (const node of batiweb) {
			expect(node.typeVersion).toBe(2);
			expect(node.credentials).toEqual({ batiwebApi: { id: 'batiweb-sandbox', name: 'Batiweb sandbox' } });
			// Every parameter, option and mapped field is one the node has: n8n would drop a typo silently.
			for (const name of Object.keys(node.parameters)) {
				expect([...topLevel, 'descriptionType', 'toolDescription']).toContain(name);
			}
			for (const name of Object.keys((node.parameters.options ?? {}) as IDataObject)) expect([...optionNames]).toContain(name);
			const lead = node.parameters.lead as { mappingMode: string; value: IDataObject | null };
			expect(['autoMapInputData', 'defineBelow']).toContain(lead.mappingMode);
			const fields = fieldOrder(node.parameters.operation as Operation);
			for (const name of Object.keys(lead.value ?? {})) expect(fields).toContain(name);
		}
	});

	test('the form uses Check Sellable First and Skip Leads Already Sent; the polling uses Only Changes', () => {
		const options = (file: (typeof EXAMPLE_FILES)[number], name: string) =>
			readExample(file).nodes.find((node) => node.name === name)!.parameters.options;
		expect(options('form-to-batiweb.json', FORM)).toMatchObject({ checkSellableFirst: true, skipAlreadySent: true });
		expect(options('form-trigger-to-batiweb.json', FORM)).toMatchObject({ checkSellableFirst: true, skipAlreadySent: true });
		expect(options('manual/form-to-batiweb.json', FORM)).toMatchObject({ checkSellableFirst: true, skipAlreadySent: true });
		expect(options('status-polling.json', 'Get Status')).toMatchObject({ onlyChanges: true, simplify: true });
		expect(options('manual/status-polling.json', 'Get Status')).toMatchObject({ onlyChanges: true, simplify: true });
	});

	test('the AI example uses n8n 2.41 node versions and gives the agent only valid $fromAI() keys', () => {
		const versions = Object.fromEntries(readExample('ai-agent-tool.json').nodes.map((node) => [node.type, node.typeVersion]));
		expect(versions).toMatchObject({
			'@n8n/n8n-nodes-langchain.agent': 3.1,
			'@n8n/n8n-nodes-langchain.lmChatOpenAi': 1.3,
			'@n8n/n8n-nodes-langchain.chatTrigger': 1.5,
			'n8n-nodes-batiweb.batiwebLeadTool': 2,
		});
	});
});

// ---- form-to-batiweb.json --------------------------------------------------------------------

describe('form-to-batiweb.json', () => {
	test('a lead Batiweb buys: checked, imported, and the form gets {ok: true, token}', async () => {
		const body = lead({ firstname: 'Alice' });
		const result = await postForm([body]);

		const [sent] = result.output(FORM, 0);
		expect(sent.pairedItem).toEqual({ item: 0 });
		expect(sent.json).toMatchObject({ success: true, code: 0, token: expect.stringMatching(/^[0-9a-f]{128}$/) });
		expect(result.output(FORM, 1)).toEqual([]);
		expect(endpoints()).toEqual(['is_sellable', 'import']);
		expect(result.responses).toEqual([
			{ body: { ok: true, token: sent.json.token, message: 'Thank you Alice, your request has been sent.' }, headers: {}, statusCode: 200 },
		]);
		expect(() => result.nodeRun('Log refusal')).toThrow(/did not run/);
	});

	test('a lead Batiweb does not buy: logged in plain words, the form gets ok:false with HTTP 200, nothing imported', async () => {
		const body = lead({ zipcode: '13001', city: 'Marseille' });
		const result = await postForm([body]);

		expect(result.output(FORM, 0)).toEqual([]);
		const [refusal] = result.output(FORM, 1);
		expect(refusal.pairedItem).toEqual({ item: 0 });
		expect(refusal.json).toMatchObject({ success: false, kind: 'not-sellable', code: 4, stage: 'checkSellable' });
		expect(endpoints()).toEqual(['is_sellable']);

		const [logged] = result.output('Log refusal');
		expect(logged.json).toEqual({
			kind: 'not-sellable',
			code: 4,
			message: `Not imported. Check Sellable: ${CODE_SENTENCES[4]}: "This can't be sold" (code 4).`,
			hint: expect.stringContaining('does not buy'),
			retryable: false,
			email: body.email,
			loggedAt: expect.any(String),
		});
		expect(result.responses).toEqual([
			{ body: { ok: false, kind: 'not-sellable', code: 4, message: logged.json.message, canRetry: false }, headers: {}, statusCode: 200 },
		]);
	});

	test('an invalid lead is refused before any call, naming the field', async () => {
		const result = await postForm([lead({ zipcode: '7500' })]);
		const [logged] = result.output('Log refusal');
		expect(logged.json).toMatchObject({ kind: 'invalid-input', code: null, message: expect.stringContaining('Zipcode (zipcode) must be a French postcode') });
		expect(result.responses[0].body).toMatchObject({ ok: false, kind: 'invalid-input' });
		expect(sandbox.requests()).toEqual([]);
	});

	test('200 posted forms, mixed: each leaves on one output, paired with its own post, and $(\'Webhook\').item works on both branches', async () => {
		const bodies: IDataObject[] = [];
		for (let index = 0; index < 200; index++) {
			if (index % 10 === 3) bodies.push(lead({ zipcode: '13008', supplierleadid: `L${index}` }));
			else if (index % 10 === 7) bodies.push(lead({ cellphone: '', landline: '', supplierleadid: `L${index}` }));
			else if (index % 10 === 9) bodies.push({ ...bodies[index - 1], supplierleadid: `L${index}` });
			else bodies.push(lead({ supplierleadid: `L${index}` }));
		}
		// Twenty requests in flight (a user setting) keeps this test quick; the default is five.
		const fast = withNode(loadExample('form-to-batiweb.json'), FORM, {
			parameters: { options: { checkSellableFirst: true, skipAlreadySent: true, maxConcurrent: 20 } },
		});
		const definition = withNodeAfter(
			fast,
			FORM,
			0,
			probeNode('Probe: sent', { email: "={{ $('Webhook').item.json.body.email }}", reference: "={{ $('Webhook').item.json.body.supplierleadid }}" }),
		);
		const result = await postForm(bodies, definition);

		const sent = result.output(FORM, 0);
		const refused = result.output(FORM, 1);
		const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
		expect([...sent, ...refused].map(indexOf).sort((a, b) => a - b)).toEqual(bodies.map((_, index) => index));

		const kindsAt = new Map(refused.map((item) => [indexOf(item), item.json.kind]));
		bodies.forEach((_, index) => {
			const expected = { 3: 'not-sellable', 7: 'invalid-input', 9: 'skipped-duplicate' }[index % 10];
			expect([index, kindsAt.get(index)]).toEqual([index, expected]);
		});
		expect(sent).toHaveLength(140);
		for (const item of sent) expect((item.json.request as IDataObject).supplierleadid).toBe(`L${indexOf(item)}`);

		// Downstream of each branch, $('Webhook').item resolves to the post that item came from.
		expect(json(result.output('Probe: sent'))).toEqual(sent.map((item) => ({ email: bodies[indexOf(item)].email, reference: `L${indexOf(item)}` })));
		expect(result.output('Log refusal').map((item) => item.json.email)).toEqual(refused.map((item) => bodies[indexOf(item)].email));
		expect(sandbox.leads()).toHaveLength(140);
		expect(endpoints().filter((endpoint) => endpoint === 'import')).toHaveLength(140);
	});
});

// ---- each Batiweb code, as the form sees it ---------------------------------------------------

/** A stand-in Batiweb answering one fixed body: for codes a validating client never provokes. */
async function fixedAnswerServer(answer: IDataObject): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('each Batiweb code reaches the form in plain words', () => {
	const noCheck = (definition: WorkflowDefinition, options: IDataObject = {}) =>
		withNode(definition, FORM, { parameters: { options: { skipAlreadySent: true, maxAttempts: 1, ...options } } });

	async function refusalFor(setup: () => Promise<{ result: RunResult }>) {
		const { result } = await setup();
		expect(result.output(FORM, 0)).toEqual([]);
		const [refusal] = result.output(FORM, 1);
		const [logged] = result.output('Log refusal');
		return { refusal: refusal.json, logged: logged.json, response: result.responses[0] };
	}

	test('code 0: imported', async () => {
		const result = await postForm([lead()]);
		expect(result.output(FORM, 0)[0].json).toMatchObject({ code: 0, message: expect.stringContaining(CODE_SENTENCES[0]) });
	});

	test('code 1: the credential is refused', async () => {
		const { refusal, logged, response } = await refusalFor(async () => ({
			result: await postForm([lead()], loadExample('form-to-batiweb.json'), credentialsFor(sandbox, { password: 'wrong-password' })),
		}));
		expect(refusal).toMatchObject({ kind: 'authentication', code: 1, serviceMessage: 'Authentication Failed' });
		expect(logged.message).toContain(CODE_SENTENCES[1]);
		expect(JSON.stringify(refusal)).not.toContain('wrong-password');
		expect(response.body).toMatchObject({ ok: false, kind: 'authentication', code: 1 });
	});

	test.each([
		[2, 'Missing argument(s) : city', 'invalid-field'],
		[3, 'Invalid value', 'invalid-value'],
	])('code %i (from a service that answers it to a well-formed lead)', async (code, message, kind) => {
		const service = await fixedAnswerServer({ code, message });
		try {
			const { refusal, logged } = await refusalFor(async () => ({
				result: await postForm([lead()], noCheck(loadExample('form-to-batiweb.json')), credentialsFor(sandbox, { baseUrl: service.url })),
			}));
			expect(refusal).toMatchObject({ kind, code, serviceMessage: message, ...(code === 2 ? { field: 'city' } : {}) });
			expect(logged.message).toBe(`${CODE_SENTENCES[code]}: "${message}" (code ${code}).`);
		} finally {
			await service.close();
		}
	});

	test('code 4: not bought (asked first, never imported)', async () => {
		const { refusal } = await refusalFor(async () => ({ result: await postForm([lead({ zipcode: '13002' })]) }));
		expect(refusal).toMatchObject({ kind: 'not-sellable', code: 4, stage: 'checkSellable' });
	});

	test('code 5: Batiweb already has the lead (Check Sellable answers it for the email)', async () => {
		const sample = lead();
		await postForm([sample], noCheck(loadExample('form-to-batiweb.json'), { skipAlreadySent: false }));
		const { refusal, logged } = await refusalFor(async () => ({ result: await postForm([{ ...sample, supplierleadid: 'OTHER' }], noCheck(loadExample('form-to-batiweb.json'), { skipAlreadySent: false, checkSellableFirst: true })) }));
		expect(refusal).toMatchObject({ kind: 'duplicate', code: 5, stage: 'checkSellable' });
		expect(logged.message).toContain(CODE_SENTENCES[5]);
	});

	test('code 5 on import itself, without Check Sellable First', async () => {
		const sample = lead();
		await postForm([sample], noCheck(loadExample('form-to-batiweb.json'), { skipAlreadySent: false }));
		const { refusal } = await refusalFor(async () => ({ result: await postForm([sample], noCheck(loadExample('form-to-batiweb.json'), { skipAlreadySent: false })) }));
		expect(refusal).toMatchObject({ kind: 'duplicate', code: 5 });
		expect(refusal.stage).toBeUndefined();
	});

	test('code 6: a tenant for works Batiweb sells to owners only', async () => {
		const { refusal, logged } = await refusalFor(async () => ({ result: await postForm([lead({ isowner: '2', worktype: '4' })]) }));
		expect(refusal).toMatchObject({ kind: 'leaseholder-refused', code: 6 });
		expect(logged.message).toContain(CODE_SENTENCES[6]);
	});

	test('code 9 to an import: Batiweb\'s internal error, uncertain (it may have stored the lead), not worth resending', async () => {
		sandbox.injectFaults({ kind: 'internal-error', count: 1, endpoint: 'import' });
		const { refusal, logged, response } = await refusalFor(async () => ({ result: await postForm([lead()], noCheck(loadExample('form-to-batiweb.json'))) }));
		expect(refusal).toMatchObject({ kind: 'uncertain', code: 9, retryable: false });
		expect(logged.message).toContain(CODE_SENTENCES[9]);
		expect(response.body).toMatchObject({ ok: false, canRetry: false });
	});
});

// ---- status-polling.json, fed by the forms through the data table ----------------------------

const tableRows = () => dataTableRows('batiweb_leads');
const pollTable = async () =>
	await runWorkflow(loadExample('status-polling.json'), { credentials: credentialsFor(sandbox), startNode: 'Every 15 minutes', triggerItems: [scheduleTick()] });

describe('status-polling.json', () => {
	test('with no lead in the table, it asks Batiweb nothing', async () => {
		const result = await pollTable();
		expect(result.output('Leads not final')).toEqual([]);
		expect(sandbox.requests()).toEqual([]);
	});

	test('the form saves each imported lead; each poll updates only the rows whose status changed; final rows are not asked again', async () => {
		const posted = await postForm([
			lead({ email: `emma+status-1.${process.pid}@example.fr`, supplierleadid: 'E-1' }),
			lead({ email: `farid+status-11.${process.pid}@example.fr`, supplierleadid: 'F-1' }),
			lead({ email: `gaby+status-2.${process.pid}@example.fr`, supplierleadid: 'G-1' }),
			lead({ zipcode: '13001', city: 'Marseille' }),
		]);
		const [validated, wrongNumber, unreachable] = posted.output(FORM, 0).map((item) => item.json.token as string);
		const row = (token: string, status: number, statusLabel: string, final: boolean) => expect.objectContaining({ token, status, statusLabel, final });
		const waiting = 'Envoyé, en attente de qualification';
		expect(tableRows()).toEqual([
			{ id: 1, email: `emma+status-1.${process.pid}@example.fr`, supplierLeadId: 'E-1', token: validated, status: 0, statusLabel: waiting, final: false },
			expect.objectContaining({ id: 2, supplierLeadId: 'F-1', token: wrongNumber }),
			expect.objectContaining({ id: 3, supplierLeadId: 'G-1', token: unreachable }),
		]);

		sandbox.clearRequests();
		// Batiweb still answers 0, the status each row holds (Previous Status): nothing to update.
		const first = await pollTable();
		expect(first.output('Get Status')).toEqual([]);
		expect(() => first.nodeRun('Update the lead\'s row')).toThrow(/did not run/);

		const second = await pollTable();
		expect(json(second.output('Update the lead\'s row')).map((updated) => updated.token)).toEqual([validated, wrongNumber, unreachable]);
		expect(tableRows()).toEqual([row(validated, 1, 'Validé', true), row(wrongNumber, 11, 'Faux numéro', true), row(unreachable, 2, 'Injoignable', false)]);

		const third = await pollTable();
		expect(json(third.output('Leads not final')).map((lead) => lead.token)).toEqual([unreachable]);
		expect(third.output('Get Status')).toEqual([]);
		expect(() => third.nodeRun('Update the lead\'s row')).toThrow(/did not run/);
		expect(endpoints()).toEqual(Array(7).fill('status'));

		sandbox.setStatus(unreachable, 10);
		await pollTable();
		expect(tableRows()[2]).toEqual(row(unreachable, 10, 'Sans projet réel', true));
	});

	test('finding 3: the update fails once; the next poll outputs the change again and the row is updated', async () => {
		await postForm([lead({ email: `hugo+status-11.${process.pid}@example.fr` })]);
		const [saved] = tableRows();
		await pollTable(); // status 0, as the row holds
		const original = dataTableProxyProvider.getDataTableProxy.bind(dataTableProxyProvider);
		let failures = 0;
		const spy = jest.spyOn(dataTableProxyProvider, 'getDataTableProxy').mockImplementation(async (...args) => {
			const service = await original(...args);
			return { ...service, updateRows: async (...update) => (failures++ === 0 ? Promise.reject(new Error('the database is locked')) : await service.updateRows(...update)) };
		});
		try {
			const failed = await pollTable();
			expect(failed.output('Get Status')).toHaveLength(1);
			expect(failed.run.data.resultData.error?.message).toMatch(/the database is locked/);
			expect(tableRows()).toEqual([saved]);

			const again = await pollTable();
			expect(json(again.output('Get Status'))).toEqual([expect.objectContaining({ token: saved.token, status: 11, changed: true })]);
			expect(tableRows()).toEqual([expect.objectContaining({ token: saved.token, status: 11, statusLabel: 'Faux numéro', final: true })]);
		} finally {
			spy.mockRestore();
		}
	});

	test('an unknown token leaves on Error and its row stays as it was', async () => {
		await postForm([lead()]);
		const [saved] = tableRows();
		sandbox.reset();
		const result = await pollTable();
		expect(result.output('Check these tokens')[0].json).toMatchObject({ outcome: 'invalid-value', code: 3, token: saved.token });
		expect(tableRows()).toEqual([saved]);
	});
});

// ---- form-trigger-to-batiweb.json -------------------------------------------------------------

describe('form-trigger-to-batiweb.json (the form pages stood in for)', () => {
	/** The example with its form pages as No-Ops (n8n's form nodes need its server and a browser:
	 * the real-n8n test opens them), fed one submission as the Form Trigger emits it. */
	async function submit(answers: IDataObject) {
		const example = loadExample('form-trigger-to-batiweb.json');
		for (const node of example.nodes) {
			if (node.type.startsWith('n8n-nodes-base.form')) Object.assign(node, { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });
		}
		const item = { json: { ...answers, submittedAt: '2026-12-01T10:00:00.000+01:00', formMode: 'production' } };
		return await runWorkflow(example, { credentials: credentialsFor(sandbox), startNode: 'Demande de devis', triggerItems: [item] });
	}
	/** The key the example's form gives an answer, by the question the consumer reads. */
	const fieldNamed = (label: string): string => {
		const trigger = readExample('form-trigger-to-batiweb.json').nodes.find((node) => node.name === 'Demande de devis')!;
		const fields = (trigger.parameters.formFields as { values: Array<{ fieldLabel: string; fieldName: string }> }).values;
		return fields.find((field) => field.fieldLabel === label)!.fieldName;
	};
	const DESCRIPTION = 'Repeindre le séjour, 25 m².\nPlafonds compris.';
	const consumer = (overrides: IDataObject = {}) => ({
		civility: 'Madame',
		firstname: 'Hélène',
		lastname: 'Lefèvre',
		email: `helene.lefevre.${process.pid}.${Math.random().toString(36).slice(2, 8)}@example.fr`,
		cellphone: '+33 6 12 34 56 78',
		zipcode: '69003',
		city: 'Lyon',
		worktype: 'Peinture',
		isowner: 'Propriétaire',
		[fieldNamed('Description de votre projet')]: DESCRIPTION,
		...overrides,
	});
	const refusal = async (answers: IDataObject) => {
		const [said] = json((await submit(answers)).output('Explain the refusal'));
		return said;
	};

	test('the form\'s French labels go through as they are; the lead is imported and saved', async () => {
		const answers = consumer();
		const result = await submit(answers);
		const [sent] = json(result.output(FORM, 0));
		expect(sent.request).toMatchObject({ civility: '2', worktype: '69', isowner: '1', cellphone: '0612345678', firstname: 'Hélène' });
		// "Description de votre projet" is the doc's comment; workdescription is the worktype's label.
		expect(sent.request).toMatchObject({ comment: DESCRIPTION, workdescription: 'Peinture' });
		expect(sandbox.leads()[0].request).toMatchObject({ comment: DESCRIPTION, workdescription: 'Peinture' });
		expect(tableRows()).toEqual([expect.objectContaining({ email: answers.email, token: sent.token, supplierLeadId: expect.stringMatching(/^form-/), final: false })]);
		expect(result.output('Merci')).toHaveLength(1);
	});

	test('each refusal is told in plain French, without codes or Batiweb\'s words', async () => {
		const said = [
			await refusal(consumer({ zipcode: '6900' })),
			await refusal(consumer({ zipcode: '13001', city: 'Marseille' })),
			await refusal(consumer({ isowner: 'Locataire', worktype: 'Ravalement de façade' })),
		];
		const twice = consumer();
		await submit(twice);
		said.push(await refusal(twice));
		expect(said).toEqual([
			{ title: 'Demande non transmise', message: expect.stringContaining('Le code postal doit comporter 5 chiffres') },
			{ title: 'Demande non transmise', message: expect.stringContaining('Aucun artisan de notre réseau') },
			{ title: 'Demande non transmise', message: expect.stringContaining('que par le propriétaire') },
			{ title: 'Demande déjà reçue', message: expect.stringContaining('déjà envoyé cette demande') },
		]);
		for (const { message } of said) expect(message).not.toMatch(/Batiweb|\bcode [0-9]|zipcode|sellable|token|kind/i);
		expect(tableRows()).toHaveLength(1);
	});
});

// ---- manual variants (for `npm run test:n8n`) ------------------------------------------------

describe('manual variants', () => {
	const start = "When clicking 'Execute workflow'";

	test('manual/form-to-batiweb.json: one sent, one not bought, one posted twice, one invalid', async () => {
		const result = await runWorkflow(loadExample('manual/form-to-batiweb.json'), { credentials: credentialsFor(sandbox), startNode: start });
		expect(json(result.output('Answer: sent'))).toEqual([
			{ ok: true, token: expect.stringMatching(/^[0-9a-f]{128}$/), message: 'Thank you Alice, your request has been sent.' },
		]);
		expect(json(result.output('Log refusal')).map(({ kind, code, email }) => ({ kind, code, email: String(email).split('.')[0] }))).toEqual([
			{ kind: 'not-sellable', code: 4, email: 'bruno' },
			{ kind: 'skipped-duplicate', code: null, email: 'alice' },
			{ kind: 'invalid-input', code: null, email: 'chloe' },
		]);
		expect(json(result.output('Answer: refused')).map((answer) => answer.ok)).toEqual([false, false, false]);
		expect(sandbox.leads()).toHaveLength(1);
	});

	test('manual/form-to-batiweb.json twice: a new run sends new leads', async () => {
		await runWorkflow(loadExample('manual/form-to-batiweb.json'), { credentials: credentialsFor(sandbox), startNode: start });
		const again = await runWorkflow(loadExample('manual/form-to-batiweb.json'), { credentials: credentialsFor(sandbox), startNode: start });
		expect(again.output('Answer: sent')).toHaveLength(1);
	});

	test('manual/french-sheet-to-batiweb.json: rows with French headers, Map Automatically, both imported as the sheet means them', async () => {
		const result = await runWorkflow(loadExample('manual/french-sheet-to-batiweb.json'), { credentials: credentialsFor(sandbox), startNode: start });
		expect(json(result.output('Import to Batiweb', 1))).toEqual([]);
		expect(json(result.output('Import to Batiweb'))).toEqual([
			expect.objectContaining({ success: true, token: expect.stringMatching(/^[0-9a-f]{128}$/) }),
			expect.objectContaining({ success: true, token: expect.stringMatching(/^[0-9a-f]{128}$/) }),
		]);
		const sent = sandbox.leads().map((stored) => stored.request);
		expect(sent).toEqual([
			expect.objectContaining({ civility: '2', firstname: 'Élodie', lastname: 'Lefèvre', cellphone: '0612345678', zipcode: '69003', city: 'Lyon', worktype: '69', workdescription: 'Peinture', isowner: '1', supplierleadid: 'FEUILLE-2', comment: 'Repeindre le salon et deux chambres' }),
			expect.objectContaining({ civility: '1', firstname: 'Jérôme', cellphone: '0698765432', zipcode: '33000', city: 'Bordeaux', worktype: '26', workdescription: 'Étanchéité de Toiture', isowner: '2', supplierleadid: 'FEUILLE-3', delay: '2' }),
		]);
	});

	test('manual/status-polling.json: imports two leads and reports them pending, not final', async () => {
		const result = await runWorkflow(loadExample('manual/status-polling.json'), { credentials: credentialsFor(sandbox), startNode: start });
		expect(json(result.output('Update CRM: status changed'))).toEqual([
			expect.objectContaining({ status: 0, statusLabelFr: 'En attente de qualification', final: false }),
			expect.objectContaining({ status: 0, final: false }),
		]);
		expect(() => result.nodeRun('Check these tokens')).toThrow(/did not run/);
	});
});

// ---- ai-agent-tool.json ----------------------------------------------------------------------

describe('ai-agent-tool.json (the agent scripted, the tools real)', () => {
	async function chat(toolCalls: Parameters<typeof chatMessage>[1], via: 'engine' | 'invoke' = 'engine') {
		const result = await runWorkflow(loadExample('ai-agent-tool.json'), {
			credentials: credentialsFor(sandbox),
			startNode: 'When chat message received',
			triggerItems: [chatMessage('I want my flat repainted', toolCalls, via)],
		});
		expect(result.run.data.resultData.error).toBeUndefined();
		return transcriptOf(result.output('AI Agent')[0]).toolCalls.map((call) => call.answer);
	}

	test.each(['engine', 'invoke'] as const)('via %s: a refusal reaches the agent on the tool\'s first output, with success:false and a plain message', async (via) => {
		const [sellable, refused] = await chat(
			[
				{ tool: 'Check_sellable', input: { zipcode: '75011', worktype: 'Peinture' } },
				{ tool: 'Check_sellable', input: { zipcode: '13001', worktype: '69' } },
			],
			via,
		);
		expect(sellable).toEqual([expect.objectContaining({ success: true, code: 0, sellable: true, message: expect.stringContaining('can be sold') })]);
		expect(refused).toEqual([
			expect.objectContaining({ success: false, kind: 'not-sellable', code: 4, message: `${CODE_SENTENCES[4]}: "This can't be sold" (code 4).` }),
		]);
	});

	test('import, the same import again, and the status: every answer is on the first output', async () => {
		const sample = lead({ email: `henri+status-13.${process.pid}@example.fr`, landline: '' });
		const [[imported], [again]] = await chat([
			{ tool: 'Import_lead', input: sample },
			{ tool: 'Import_lead', input: sample },
		]);
		expect(imported).toMatchObject({ success: true, outcome: 'imported', token: expect.stringMatching(/^[0-9a-f]{128}$/), leadReference: sample.email });
		expect(again).toMatchObject({ success: false, outcome: 'skipped-duplicate', message: expect.stringContaining('Not sent') });
		expect(endpoints()).toEqual(['is_sellable', 'import']);

		await chat([{ tool: 'Get_lead_status', input: { token: imported.token } }]);
		const [[status]] = await chat([{ tool: 'Get_lead_status', input: { token: imported.token } }]);
		expect(status).toMatchObject({ success: true, status: 13, statusLabel: 'Has enough quotes', statusLabelFr: 'Assez de devis', final: true });
	});

	test('a tool call the node refuses before sending (bad token) still answers the agent', async () => {
		const [[answer]] = await chat([{ tool: 'Get_lead_status', input: { token: 'not-a-token' } }]);
		expect(answer).toMatchObject({ success: false, outcome: 'invalid-input', message: expect.stringContaining('Token (token)') });
		expect(sandbox.requests()).toEqual([]);
	});
});
