/**
 * Property-based tests (fast-check, seeded): thousands of generated leads, valid and hostile,
 * through the node in the engine against the sandbox, a few hundred per execution. For every
 * execution:
 * - nothing throws out of the node;
 * - every input item leaves on exactly one output, paired with its own index, in input order;
 * - invalid items never reach the sandbox, valid ones are imported exactly once, with every
 *   free-text field arriving as the user gave it (trimmed, otherwise byte for byte);
 * - the password (a distinctive one) appears nowhere: not in any output, not in the run data,
 *   not in the sandbox's record or lead store.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { leadArb, questionArb, type GeneratedLead } from '../helpers/reliability-arbitraries';
import { emailOf, expectEachItemOnce, IMPORT_ALL_FROM_BODY, itemIndexOf, requestsTo, runNode, warmUp } from '../helpers/reliability-harness';
import { useSandbox } from '../helpers/servers';

const PASSWORD = 'S3cr3t-P@ss-Prop';
const ACCOUNT = { login: 'prop', password: PASSWORD, prod: false };
const CREDENTIALS = { login: ACCOUNT.login, password: PASSWORD };
const SEED = 20_240_917;

/** UTC spares n8n's expression engine the time-zone arithmetic of $now in every expression. */
const SETTINGS = { timezone: 'UTC' };

/**
 * No shrinking (each run is a whole execution of ~200 items) and a short report: fast-check's
 * default report prints the whole counterexample, which holds strings of 200,000 characters.
 * The property's own errors name the item, its broken rule and a cut-down copy of its body.
 */
const RUN: fc.Parameters<unknown> = {
	endOnFailure: true,
	reporter: (details) => {
		if (!details.failed) return;
		const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
		throw new Error(`Property failed on run ${details.numRuns} (seed ${details.seed}, path "${details.counterexamplePath}"): ${error}`);
	},
};

const sandbox = useSandbox({ seed: 3, accounts: [ACCOUNT] }, { reset: false, ready: (started) => warmUp(started).catch(() => undefined) });

let generated = 0;
let nextId = 0;
const context = { nextId: () => ++nextId };

function describeItem(lead: GeneratedLead, index: number): string {
	const text = JSON.stringify(lead.body, (_key, value: unknown) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…(${value.length})` : value));
	return `item ${index} (${lead.why}): ${text}`;
}

function assertNoPassword(where: string, value: unknown): void {
	const text = JSON.stringify(value);
	if (text.includes(PASSWORD)) throw new Error(`The password appears in ${where}`);
}

describe('property: hostile and valid leads through Import', () => {
	test('≥ 2,000 generated leads: invariants hold, the password never appears', async () => {
		const started = Date.now();
		await fc.assert(
			fc.asyncProperty(fc.array(leadArb(context), { minLength: 150, maxLength: 220 }), async (leads) => {
				generated += leads.length;
				sandbox.reset();
				const run = await runNode(
					sandbox,
					'import',
					leads.map((lead) => lead.body as IDataObject),
					{ parameters: IMPORT_ALL_FROM_BODY, credentials: CREDENTIALS, settings: SETTINGS, options: { maxConcurrent: 20 } },
				);

				if (run.error) throw new Error(`The node failed as a whole: ${run.error.message}`);
				expectEachItemOnce(run, leads.length);

				const stored = new Map(sandbox.leads().map((stored) => [stored.email, stored]));
				const importsPerEmail = new Map<string, number>();
				for (const request of requestsTo(sandbox, 'import')) {
					const email = emailOf(request) ?? '(none)';
					importsPerEmail.set(email, (importsPerEmail.get(email) ?? 0) + 1);
				}
				let expectedSent = 0;
				for (const item of [...run.success, ...run.failure]) {
					const index = itemIndexOf(item);
					const lead = leads[index];
					const json = item.json as IDataObject;
					if (!lead.valid) {
						if (json.kind !== 'invalid-input' || json.attempts !== 0) {
							throw new Error(`Invalid ${describeItem(lead, index)} left as ${String(json.kind)}: ${String(json.message)}`);
						}
						continue;
					}
					expectedSent++;
					if (json.success !== true) throw new Error(`Valid ${describeItem(lead, index)} was not imported: ${String(json.kind)} ${String(json.message)}`);
					const email = ((lead.body as IDataObject).email as string).trim();
					if (importsPerEmail.get(email) !== 1) throw new Error(`${describeItem(lead, index)} was sent ${importsPerEmail.get(email) ?? 0} times`);
					const received = stored.get(email);
					if (!received) throw new Error(`${describeItem(lead, index)} is not in the sandbox's store`);
					for (const [field, text] of Object.entries(lead.texts ?? {})) {
						if (received.request[field] !== text) {
							throw new Error(`${describeItem(lead, index)}: ${field} arrived as ${JSON.stringify(received.request[field])}, not ${JSON.stringify(text)}`);
						}
					}
				}
				// Nothing else reached the sandbox: only the valid leads, once each.
				const sent = requestsTo(sandbox, 'import');
				if (sent.length !== expectedSent || sandbox.requests().length !== expectedSent) {
					throw new Error(`The sandbox saw ${sandbox.requests().length} requests (${sent.length} imports) for ${expectedSent} valid leads`);
				}
				if (stored.size !== expectedSent) throw new Error(`The sandbox stored ${stored.size} leads for ${expectedSent} valid ones`);

				assertNoPassword('the outputs', [run.success, run.failure]);
				assertNoPassword('the run data', run.result.run);
				assertNoPassword("the sandbox's record", sandbox.requests());
				assertNoPassword("the sandbox's leads", sandbox.leads());
			}),
			{ ...RUN, seed: SEED, numRuns: 12 },
		);
		expect(generated).toBeGreaterThanOrEqual(2000);
		process.stdout.write(`property (Import): ${generated} generated leads in 12 executions, ${Date.now() - started} ms\n`);
	}, 240_000);
});

describe('property: hostile and valid questions through Check Sellable', () => {
	test('invalid questions are never sent, valid ones once, every item leaves once', async () => {
		let questions = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(questionArb(), { minLength: 150, maxLength: 200 }), async (items) => {
				questions += items.length;
				sandbox.reset();
				const run = await runNode(sandbox, 'checkSellable', items.map((item) => item.body as IDataObject), {
					credentials: CREDENTIALS,
					settings: SETTINGS,
					options: { maxConcurrent: 20 },
				});
				if (run.error) throw new Error(`The node failed as a whole: ${run.error.message}`);
				expectEachItemOnce(run, items.length);
				for (const item of [...run.success, ...run.failure]) {
					const index = itemIndexOf(item);
					const expected = items[index].valid ? 'success' : 'invalid-input';
					const got = item.json.success === true ? 'success' : item.json.kind;
					if (got !== expected) throw new Error(`item ${index} (${items[index].why}): ${String(got)}, expected ${expected}: ${String(item.json.message)}`);
				}
				const valid = items.filter((item) => item.valid).length;
				if (sandbox.requests().length !== valid) throw new Error(`The sandbox saw ${sandbox.requests().length} requests for ${valid} valid questions`);
				assertNoPassword('the outputs', [run.success, run.failure]);
				assertNoPassword("the sandbox's record", sandbox.requests());
			}),
			{ ...RUN, seed: SEED + 1, numRuns: 3 },
		);
		generated += questions;
		expect(questions).toBeGreaterThanOrEqual(450);
	}, 120_000);
});
