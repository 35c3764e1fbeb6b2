/**
 * Lead safety through n8n's engine (issue 10 points 8–12): Skip Leads Already Sent keeps a key
 * only when an import may have reached Batiweb, keys are scoped by environment and login,
 * cancellation between Check Sellable and the import sends nothing, the first refusal of the
 * credentials stops sending, and refusals cannot go unnoticed (hints, an option to fail).
 */
import type { IDataObject } from 'n8n-workflow';

import { deduplicator, IMPORT_FROM_BODY, lead, LEAD_NODE, posted, runWorkflow, webhookToLead, type WorkflowDefinition } from '../../harness';
import * as check from '../../nodes/BatiwebLead/actions/checkSellable.operation';
import * as call from '../../nodes/BatiwebLead/transport/call';
import { runLead, withOptions } from '../helpers/leadRun';
import { startRawServer, type RawServer } from '../helpers/rawServer';
import { guardPasswords, remember } from '../helpers/secrets';
import { useSandbox, useServer } from '../helpers/servers';

const sandbox = useSandbox();
const raw: RawServer = useServer(() => startRawServer(), (server) => server.clear());
guardPasswords(() => sandbox);
afterEach(() => jest.restoreAllMocks());

const SKIP = withOptions(IMPORT_FROM_BODY, { skipAlreadySent: true, maxConcurrent: 1, retryDelay: 0 });
let workflowCount = 0;

/** A workflow of its own per test: the node's memory is per workflow and node. */
function freshWorkflow(parameters: IDataObject, node: IDataObject = {}): WorkflowDefinition {
	return { ...webhookToLead(parameters, node), id: `lead-safety-${++workflowCount}` };
}

function prep(baseUrl: string, overrides: IDataObject = {}) {
	return { batiwebApi: { login: 'demo', password: 'demo-password', environment: 'PREP', baseUrl, ...overrides } };
}

const byIndex = (run: Awaited<ReturnType<typeof runLead>>, index: number) => [...run.success, ...run.failure].find((item) => (item.pairedItem as { item: number }).item === index)!.json as IDataObject;
const imports = (server: RawServer) => server.requests().filter((request) => request.path.endsWith('/import'));

describe('Skip Leads Already Sent keeps a key only when an import may have reached Batiweb (point 8)', () => {
	it('Check Sellable First refused the lead (code 5): the key is forgotten, the next run sends it', async () => {
		const workflow = freshWorkflow(withOptions(SKIP, { checkSellableFirst: true }));
		const body = lead();
		raw.answerWith((request) => ({ body: request.path.endsWith('/is_sellable') ? { code: 5, message: 'Duplicate Lead' } : { code: 0, message: 'ok', id: 1, token: 'a'.repeat(128) } }));
		const first = await runLead({}, { workflow, credentials: prep(raw.url), bodies: [body] });
		expect(first.failure[0].json).toMatchObject({ kind: 'duplicate', stage: 'checkSellable' });
		expect(imports(raw)).toHaveLength(0);

		raw.answerWith((request) => ({ body: request.path.endsWith('/is_sellable') ? { code: 0, message: 'This lead can be sold' } : { code: 0, message: 'ok', id: 1, token: 'a'.repeat(128) } }));
		const second = await runLead({}, { workflow, credentials: prep(raw.url), bodies: [body] });
		expect(second.success).toHaveLength(1);
		expect(imports(raw)).toHaveLength(1);
	});

	it('the node stopped on an unexpected error ("Stop Workflow"): only the leads it sent stay "already sent"', async () => {
		const workflow = freshWorkflow(SKIP);
		const bodies = Array.from({ length: 6 }, () => lead());
		const original = call.callBatiweb;
		jest.spyOn(call, 'callBatiweb').mockImplementation(async (ctx, settings, operation, request) => {
			if (request.email === bodies[2].email) throw new TypeError('Simulated bug');
			return await original(ctx, settings, operation, request);
		});
		const first = await runLead({}, { workflow, credentials: prep(sandbox.url), bodies });
		expect(first.error?.message).toMatch(/^Item 2: Simulated bug/);
		expect(sandbox.leads().map((stored) => stored.email)).toEqual([bodies[0].email, bodies[1].email]);
		jest.restoreAllMocks();

		const second = await runLead({}, { workflow, credentials: prep(sandbox.url), bodies });
		const kinds = [...second.success, ...second.failure].sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item).map((item) => item.json.kind ?? 'success');
		// Item 2 reached callBatiweb, which may have sent it before failing: it stays pending, so the
		// second run asks Check Sellable first; the sandbox does not have it, so it is sent.
		expect(kinds).toEqual(['skipped-duplicate', 'skipped-duplicate', 'success', 'success', 'success', 'success']);
		expect(byIndex(second, 2).details).toMatchObject({ memory: 'uncertain', why: expect.stringMatching(/can be sold/) });
		expect(byIndex(second, 3).details).toMatchObject({ memory: 'not-sent' });
		expect(sandbox.requests().filter((request) => request.endpoint === 'is_sellable').map((request) => (request.body as { request: IDataObject }).request.email)).toEqual([bodies[2].email]);
		expect(sandbox.leads().map((stored) => stored.email).sort()).toEqual(bodies.map((body) => String(body.email)).sort());
	});

	it('cancelled between Check Sellable and the import: nothing sent, "cancelled", the key forgotten (point 10)', async () => {
		const workflow = freshWorkflow(withOptions(SKIP, { checkSellableFirst: true }));
		const abortController = new AbortController();
		const original = check.checkSellable;
		jest.spyOn(check, 'checkSellable').mockImplementation(async (run, request) => {
			const outcome = await original(run, request);
			abortController.abort();
			return outcome;
		});
		const body = lead();
		const result = await runWorkflow(workflow, { credentials: prep(sandbox.url), triggerItems: posted([body]), abortController });
		remember('cancelled run', result.run.data.resultData);
		const [, failure = []] = result.nodeRun(LEAD_NODE).outputs;
		expect(failure[0]?.json).toMatchObject({ kind: 'cancelled', attempts: 0 });
		expect(sandbox.requests().filter((request) => request.path.endsWith('/import'))).toEqual([]);
		jest.restoreAllMocks();

		const again = await runLead({}, { workflow, credentials: prep(sandbox.url), bodies: [body] });
		expect(again.success).toHaveLength(1);
	});
});

describe('Skip and Only Changes keys are scoped by environment and login (point 9)', () => {
	it('a lead tried on PREP is not skipped on PROD, nor under another login', async () => {
		const workflow = freshWorkflow(SKIP);
		const body = lead();
		raw.answerWith(() => ({ body: { code: 0, message: 'ok', id: 1, token: 'a'.repeat(128) } }));
		await runLead({}, { workflow, credentials: prep(raw.url), bodies: [body] });
		const prod = await runLead({}, { workflow, credentials: prep(raw.url, { environment: 'PROD' }), bodies: [body] });
		expect(prod.success).toHaveLength(1);
		const otherLogin = await runLead({}, { workflow, credentials: prep(raw.url, { login: 'other' }), bodies: [body] });
		expect(otherLogin.success).toHaveLength(1);
		const samePrep = await runLead({}, { workflow, credentials: prep(raw.url), bodies: [body] });
		expect(samePrep.failure[0].json).toMatchObject({ kind: 'skipped-duplicate' });
		expect(imports(raw)).toHaveLength(3);
	});

	it('the stored keys hold neither the password nor the login, only a hash of the login', async () => {
		const workflow = freshWorkflow(SKIP);
		raw.answerWith(() => ({ body: { code: 0, message: 'ok', id: 1, token: 'a'.repeat(128) } }));
		await runLead({}, { workflow, credentials: prep(raw.url, { login: 'partner-login-x', password: 'pw-Zx9#Qw4!Lk7' }), bodies: [lead()] });
		const stored = JSON.stringify([...deduplicator.stores.keys()].filter((key) => key.startsWith(workflow.id!)).map((key) => deduplicator.keys(key)));
		expect(stored).toMatch(/PREP:[0-9a-f]{16}\|/);
		expect(stored).not.toContain('partner-login-x');
		for (const piece of ['pw-Zx', 'Zx9#Q', 'Qw4!L', 'Lk7']) expect(stored).not.toContain(piece);
	});
});

describe('a refusal of the credentials stops sending (point 11)', () => {
	it('the first code 1 is the last request; the other items go to Error as not sent, with Batiweb\'s message', async () => {
		raw.answerWith(() => ({ body: { code: 1, message: 'Authentication Failed' } }));
		const run = await runLead(withOptions(IMPORT_FROM_BODY, { maxConcurrent: 1 }), { credentials: prep(raw.url), bodies: Array.from({ length: 5 }, () => lead()) });
		expect(raw.requests()).toHaveLength(1);
		expect(run.failure).toHaveLength(5);
		expect(run.failure[0].json).toMatchObject({ kind: 'authentication', code: 1, attempts: 1 });
		for (const item of run.failure.slice(1)) {
			expect(item.json).toMatchObject({ kind: 'authentication', attempts: 0, serviceMessage: 'Authentication Failed' });
			expect(item.json.message).toMatch(/^Not sent: Batiweb refused the credentials for item 0: "Authentication Failed".*Fix the Login, Password or Environment/);
		}
	});
});

describe('refusals cannot go unnoticed (point 12)', () => {
	const hintsOf = (result: Awaited<ReturnType<typeof runLead>>) => result.result.run.data.resultData.runData[LEAD_NODE][0].hints ?? [];

	it('an execution hint with the counts per kind, saying when nothing follows the node', async () => {
		sandbox.setRules({ notSellableZipcodes: ['13'] });
		const bodies = [lead(), lead({ zipcode: '13002' }), lead({ zipcode: '13003' }), lead({ email: 'not-an-email' })];
		const run = await runLead(IMPORT_FROM_BODY, { credentials: prep(sandbox.url), bodies });
		expect(run.failure).toHaveLength(3);
		const [hint] = hintsOf(run);
		expect(hint).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hint.message).toMatch(/^3 of 4 items went to the Error output: 2 not-sellable, 1 invalid-input\. Nothing is connected after this node/);
	});

	it('no hint when every item succeeded', async () => {
		const run = await runLead(IMPORT_FROM_BODY, { credentials: prep(sandbox.url), bodies: [lead()] });
		expect(hintsOf(run)).toEqual([]);
	});

	it('"Fail Execution When Any Lead Is Refused": the execution fails, listing what Batiweb took with ids and tokens', async () => {
		sandbox.setRules({ notSellableZipcodes: ['13'] });
		const bodies = [lead(), lead({ zipcode: '13002' }), lead()];
		const run = await runLead(withOptions(IMPORT_FROM_BODY, { failOnRefusal: true }), { credentials: prep(sandbox.url), bodies });
		expect(run.error).toBeDefined();
		expect(run.result.run.status).toBe('error');
		expect(run.error!.message).toBe('1 of 3 items were refused or failed (1 not-sellable)');
		const description = (run.error as unknown as { description: string }).description;
		for (const stored of sandbox.leads()) expect(description).toContain(`id ${stored.id}, token ${stored.token}`);
		expect(description).toMatch(/Not taken:\nitem 1: not-sellable: /);
	});
});
