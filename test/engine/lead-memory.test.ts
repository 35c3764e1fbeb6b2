/**
 * Issue 17, through n8n's engine against the sandbox (which answers is_sellable code 5 for a lead
 * it stored): the node's memory never loses a lead and never imports one twice, through lost
 * answers, a process that dies mid-batch, n8n's retries and a store that fails. One test per
 * finding; each failed before its fix.
 */
import type { IDataObject } from 'n8n-workflow';

import { deduplicator, IMPORT_FROM_BODY, lead, parametersFromBody, posted, runWorkflow, webhookToLead, type WorkflowDefinition } from '../../harness';
import * as call from '../../nodes/BatiwebLead/transport/call';
import { certainlyNotProcessed } from '../../nodes/BatiwebLead/transport/retry';
import { runLead, withOptions, type LeadRun } from '../helpers/leadRun';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ rules: { pollsBeforeQualified: 0 } });
afterEach(() => {
	jest.restoreAllMocks();
	sandbox.setRules({ notSellableZipcodes: [] });
});

const SKIP = withOptions(IMPORT_FROM_BODY, { skipAlreadySent: true, maxConcurrent: 1, retryDelay: 0 });
const credentials = () => ({ batiwebApi: { login: 'demo', password: 'demo-password', environment: 'PREP', baseUrl: sandbox.url } });
let workflowCount = 0;

/** A workflow of its own per test: the node's memory is per workflow and node. */
function freshWorkflow(parameters: IDataObject, node: IDataObject = {}): WorkflowDefinition {
	return { ...webhookToLead(parameters, node), id: `lead-memory-${++workflowCount}` };
}

async function run(workflow: WorkflowDefinition, bodies: IDataObject[]): Promise<LeadRun> {
	return await runLead({}, { workflow, credentials: credentials(), bodies });
}

function byIndex(result: LeadRun, index: number): IDataObject {
	return [...result.success, ...result.failure].find((item) => (item.pairedItem as { item: number }).item === index)!.json;
}

const requestsFor = (endpoint: string, email: unknown) =>
	sandbox.requests().filter((request) => request.endpoint === endpoint && (request.body as { request?: IDataObject }).request?.email === email);
const storedCount = (email: unknown) => sandbox.leads().filter((stored) => stored.email === email).length;

/** The memory as it stands, copied: what a process that dies now leaves behind. */
function snapshotMemory(): Map<string, string[]> {
	return new Map([...deduplicator.stores].map(([key, keys]) => [key, [...keys]]));
}

function restoreMemory(snapshot: Map<string, string[]>): void {
	deduplicator.stores.clear();
	for (const [key, keys] of snapshot) deduplicator.stores.set(key, [...keys]);
}

describe('finding 1: an uncertain import is never skipped forever', () => {
	it('answer lost BEFORE Batiweb stored it (verified "probably not imported"): the next run sends it, once', async () => {
		const workflow = freshWorkflow(SKIP);
		const body = lead();
		sandbox.injectFaults({ kind: 'http-status', status: 500, endpoint: 'import', processed: false });
		const first = await run(workflow, [body]);
		expect(first.failure[0].json).toMatchObject({ kind: 'uncertain', details: { verification: 'probably-not-imported' } });
		expect(storedCount(body.email)).toBe(0);

		const second = await run(workflow, [body]);
		expect(second.success).toHaveLength(1);
		expect(second.success[0].json.details).toMatchObject({ memory: 'uncertain', why: expect.stringMatching(/can be sold.*accepted/) });
		expect(storedCount(body.email)).toBe(1);
		expect(requestsFor('import', body.email)).toHaveLength(2);
	});

	it('answer lost AFTER Batiweb stored it: the next run asks, does not send, and says the token is unknown', async () => {
		const workflow = freshWorkflow(withOptions(SKIP, { verifyUncertainImports: false }));
		const body = lead();
		sandbox.injectFaults({ kind: 'http-status', status: 500, endpoint: 'import', processed: true });
		expect((await run(workflow, [body])).failure[0].json).toMatchObject({ kind: 'uncertain' });

		const second = await run(workflow, [body]);
		expect(second.failure[0].json).toMatchObject({ kind: 'duplicate-after-retry', stage: 'checkSellable', attempts: 0, message: expect.stringMatching(/token is unknown/) });
		expect(requestsFor('import', body.email)).toHaveLength(1);
		// Now known to be at Batiweb: the third run skips it without asking.
		const third = await run(workflow, [body]);
		expect(third.failure[0].json).toMatchObject({ kind: 'skipped-duplicate', details: { memory: 'sent' } });
		expect(requestsFor('is_sellable', body.email)).toHaveLength(1);
		expect(storedCount(body.email)).toBe(1);
	});
});

describe('finding 2: a process that dies mid-batch marks no unsent lead as sent', () => {
	it('killed while the third of six imports is on its way: the next run sends every lead never received, and none twice', async () => {
		const workflow = freshWorkflow(SKIP);
		const bodies = Array.from({ length: 6 }, () => lead());
		const original = call.callBatiweb;
		let atDeath: Map<string, string[]> | undefined;
		jest.spyOn(call, 'callBatiweb').mockImplementation(async (ctx, settings, spec, request) => {
			if (request.email === bodies[2].email) {
				// The process dies here, the request on its way: what the memory holds now is all the next run finds.
				atDeath = snapshotMemory();
				throw new Error('the process died');
			}
			return await original(ctx, settings, spec, request);
		});
		await run(workflow, bodies);
		jest.restoreAllMocks();
		restoreMemory(atDeath!);
		expect(sandbox.leads().map((stored) => stored.email)).toEqual([bodies[0].email, bodies[1].email]);

		const second = await run(workflow, bodies);
		for (const body of bodies) expect(storedCount(body.email)).toBe(1);
		// Lead 2 may have left before the death: asked first. Leads 3 to 5 were never marked.
		expect(byIndex(second, 2)).toMatchObject({ success: true, details: { memory: 'uncertain' } });
		for (const index of [3, 4, 5]) expect(byIndex(second, index)).toMatchObject({ success: true, details: { memory: 'not-sent' } });
		expect(requestsFor('is_sellable', bodies[3].email)).toHaveLength(0);
	});
});

describe("finding 4: n8n's Retry never imports an accepted lead again", () => {
	const FAIL = withOptions(IMPORT_FROM_BODY, { failOnRefusal: true, maxConcurrent: 1 });

	it('Fail Execution When Any Lead Is Refused, Skip off: the execution run again skips the leads Batiweb took', async () => {
		const workflow = freshWorkflow(FAIL);
		const bodies = [lead(), lead({ zipcode: '13005', city: 'Marseille' }), lead()];
		sandbox.setRules({ notSellableZipcodes: ['13'] });
		const first = await run(workflow, bodies);
		expect(first.error?.message).toMatch(/1 of 3 items were refused/);
		expect(sandbox.leads()).toHaveLength(2);

		// n8n's Retry (executions list, editor) runs the node again on the same input items.
		const retried = await run(workflow, bodies);
		expect(retried.error?.message).toMatch(/1 of 3 items were refused/);
		for (const body of [bodies[0], bodies[2]]) expect(requestsFor('import', body.email)).toHaveLength(1);
		expect(sandbox.leads()).toHaveLength(2);
	});

	it("the node's Retry On Fail, in the same execution: each accepted lead is imported once", async () => {
		const workflow = freshWorkflow(FAIL, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
		const bodies = [lead(), lead({ zipcode: '13005', city: 'Marseille' })];
		sandbox.setRules({ notSellableZipcodes: ['13'] });
		const result = await runWorkflow(workflow, { credentials: credentials(), triggerItems: posted(bodies) });
		expect(result.run.data.resultData.error?.message).toMatch(/refused/);
		expect(requestsFor('import', bodies[1].email).length).toBeGreaterThan(1);
		expect(requestsFor('import', bodies[0].email)).toHaveLength(1);
	});
});

describe('finding 5: a 503 or a 429 is no proof that the import was not processed', () => {
	it.each([503, 429])('HTTP %i is not "certainly not processed"', (httpStatus) => {
		expect(certainlyNotProcessed({ type: 'http-error', httpStatus, bodyStart: '' })).toBe(false);
	});

	it('a proxy answers 503 after forwarding: the import is not resent, it is uncertain and verified', async () => {
		const body = lead();
		sandbox.injectFaults({ kind: 'http-status', status: 503, endpoint: 'import', processed: true });
		const result = await runLead(withOptions(IMPORT_FROM_BODY, { retryDelay: 0 }), { credentials: credentials(), bodies: [body] });
		expect(result.failure[0].json).toMatchObject({ kind: 'uncertain', httpStatus: 503, details: { verification: 'probably-imported' } });
		expect(requestsFor('import', body.email)).toHaveLength(1);
	});

	it('duplicate-after-retry is real: a lead sent again after an uncertain attempt, answered code 5, says the token is lost and what to do', async () => {
		const workflow = freshWorkflow(SKIP);
		const body = lead();
		// The first attempt is stored late, after the next run's check: the check says "sellable", the import "duplicate".
		sandbox.injectFaults({ kind: 'http-status', status: 504, endpoint: 'import', processed: false });
		expect((await run(workflow, [body])).failure[0].json).toMatchObject({ kind: 'uncertain', details: { verification: 'probably-not-imported' } });
		const original = call.callBatiweb;
		jest.spyOn(call, 'callBatiweb').mockImplementation(async (ctx, settings, spec, request) => {
			if (spec.createsLead) await original(ctx, settings, spec, request); // the late arrival of the first attempt
			return await original(ctx, settings, spec, request);
		});
		const second = await run(workflow, [body]);
		expect(second.failure[0].json).toMatchObject({ kind: 'duplicate-after-retry', code: 5, message: expect.stringMatching(/token is unknown: ask Batiweb support/) });
		expect(storedCount(body.email)).toBe(1);
	});
});

describe('finding 6: code 0 without its payload is no plain Success', () => {
	it('an import answered {"code": 0} without a token goes to Error as incomplete-answer, kept pending', async () => {
		const workflow = freshWorkflow(SKIP);
		const body = lead();
		jest.spyOn(call, 'callBatiweb').mockResolvedValueOnce({ reading: { type: 'answer', httpStatus: 200, code: 0, message: 'OK', body: { code: 0, message: 'OK' } }, attempts: 1, earlier: [], cancelled: false });
		const result = await run(workflow, [body]);
		expect(result.success).toHaveLength(0);
		expect(result.failure[0].json).toMatchObject({ kind: 'incomplete-answer', code: 0, retryable: false });
		// Not at the sandbox (the answer was faked): the next run verifies, then sends it.
		const again = await run(workflow, [body]);
		expect(again.success[0].json.details).toMatchObject({ memory: 'uncertain' });
	});

	it('a status answered {"code": 0} without a status goes to Error as incomplete-answer', async () => {
		jest.spyOn(call, 'callBatiweb').mockResolvedValueOnce({ reading: { type: 'answer', httpStatus: 200, code: 0, message: 'OK', body: { code: 0, message: 'OK', token: 'a'.repeat(128) } }, attempts: 1, earlier: [], cancelled: false });
		const result = await runLead(parametersFromBody('getStatus'), { credentials: credentials(), bodies: [{ token: 'a'.repeat(128) }] });
		expect(result.success).toHaveLength(0);
		expect(result.failure[0].json).toMatchObject({ kind: 'incomplete-answer', code: 0 });
	});
});

describe('finding 8: a store write is never retried blindly', () => {
	it('the first write commits, then fails: the lead is still sent (a retry that meets its own write only costs a check)', async () => {
		const workflow = freshWorkflow(SKIP);
		const body = lead();
		const original = deduplicator.checkProcessedAndRecord.bind(deduplicator);
		jest.spyOn(deduplicator, 'checkProcessedAndRecord').mockImplementationOnce(async (...args) => {
			await original(...args);
			throw new Error('connection lost after commit');
		});
		const result = await run(workflow, [body]);
		expect(result.success).toHaveLength(1);
		expect(storedCount(body.email)).toBe(1);
	});

	it('the write that marks a lead pending before its request fails twice: the lead is not sent, and says so', async () => {
		const workflow = freshWorkflow(SKIP);
		const body = lead();
		const original = deduplicator.checkProcessedAndRecord.bind(deduplicator);
		let calls = 0;
		jest.spyOn(deduplicator, 'checkProcessedAndRecord').mockImplementation(async (...args) => {
			// Calls 1 and 2 read the marks; 3 and 4 are the mark before the request and its one retry.
			if (++calls >= 3 && calls <= 4) throw new Error('database is down');
			return await original(...args);
		});
		const result = await run(workflow, [body]);
		expect(result.failure[0].json).toMatchObject({ kind: 'memory-unavailable', retryable: true, message: expect.stringMatching(/^Not sent: .*database is down/) });
		expect(requestsFor('import', body.email)).toHaveLength(0);
		jest.restoreAllMocks();
		expect((await run(workflow, [body])).success).toHaveLength(1);
	});
});
