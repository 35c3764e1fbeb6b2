/**
 * Soak: thousands of imports in one execution through the engine, with 5% of the sandbox's
 * answers faulty (every fault kind, seeded), checking that:
 * - every item is accounted for: Success + Error = all items, each index exactly once;
 * - no lead is imported twice: the sandbox's leads have distinct emails, and an email got a
 *   second import request only after an answer saying the first was certainly not processed;
 * - nothing is lost silently: every lead the sandbox stored belongs to an item on Success (with
 *   the same token) or on Error saying it may be imported ("uncertain", "duplicate-after-retry");
 *   every item on Success has its lead stored; verifications never contradict the sandbox;
 * - memory stays bounded (peak heap and RSS are printed).
 *
 * `npm test` runs 1,000 items; `SOAK=1 npx jest test/reliability/soak` adds the 10,000-item run.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type FaultSpec, type RecordedRequest, type Sandbox } from '../../sandbox';
import { emailOf, expectEachItemOnce, itemIndexOf, MemorySampler, requestsTo, runNode } from '../helpers/reliability-harness';
import { IMPORT_FROM_BODY } from '../../harness';

const soak = process.env.SOAK === '1' ? test : test.skip;

/** Every fault kind but latency, in equal shares of 5% in all. */
const FAULTS: Array<Omit<FaultSpec, 'ratio'>> = [
	{ kind: 'http-status', status: 500 },
	{ kind: 'http-status', status: 502 },
	{ kind: 'http-status', status: 503 },
	{ kind: 'http-status', status: 504 },
	{ kind: 'http-status', status: 429 },
	{ kind: 'html-200' },
	{ kind: 'empty-body' },
	{ kind: 'malformed-json' },
	{ kind: 'no-code' },
	{ kind: 'unknown-code' },
	{ kind: 'internal-error' },
	{ kind: 'reset' },
	{ kind: 'hang' },
];
const FAULT_SHARE = 0.05;
/** The faults are drawn one after the other for each request: each gets the share that makes 5% in all. */
const RATIO_EACH = 1 - (1 - FAULT_SHARE) ** (1 / FAULTS.length);

/** Only the email comes from the item (unique per lead); the rest is constant, to keep n8n's
 * expression engine (about 1 ms an expression) from dominating the run. */
const PARAMETERS: IDataObject = {
	...IMPORT_FROM_BODY,
	city: 'Montigny-le-Bretonneux',
	zipcode: '78180',
	isowner: '1',
	cellphone: '0612345678',
	landline: '',
	firstname: 'Prénom',
	lastname: "N'Guyen",
	civility: '1',
	workdescription: 'Peinture',
	worktype: '69',
};

/** Answers after which the node may resend an import: the service said it did not process it. */
function certainlyNotProcessed(request: RecordedRequest): boolean {
	const { answer } = request;
	if (answer.leadStored) return false;
	return answer.fault === 'internal-error' || (answer.fault === 'http-status' && (answer.httpStatus === 429 || answer.httpStatus === 503));
}

function count<T>(values: T[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
	return counts;
}

async function soakRun(total: number, seed: number): Promise<void> {
	const sandbox: Sandbox = await startSandbox({ quiet: true, seed });
	try {
		for (const fault of FAULTS) sandbox.injectFaults({ ...fault, ratio: RATIO_EACH });
		const bodies = Array.from({ length: total }, (_, index) => ({ email: `soak-${seed}-${index}@example.fr` }));

		global.gc?.();
		const sampler = new MemorySampler(25);
		const started = Date.now();
		const run = await runNode(sandbox, 'import', bodies, {
			parameters: PARAMETERS,
			settings: { timezone: 'UTC' },
			options: { maxConcurrent: 10, maxAttempts: 3, retryDelay: 10, timeout: 2000 },
		});
		const durationMs = Date.now() - started;
		const memory = sampler.stop();

		// Every item accounted for.
		expect(run.error).toBeUndefined();
		expectEachItemOnce(run, total);
		expect(run.success.length + run.failure.length).toBe(total);

		// No lead imported twice.
		const leads = sandbox.leads();
		const leadByEmail = new Map(leads.map((lead) => [lead.email, lead]));
		expect(leadByEmail.size).toBe(leads.length);
		const importsByEmail = new Map<string, RecordedRequest[]>();
		for (const request of requestsTo(sandbox, 'import')) {
			const email = emailOf(request)!;
			importsByEmail.set(email, [...(importsByEmail.get(email) ?? []), request]);
		}
		let resent = 0;
		for (const [email, requests] of importsByEmail) {
			const earlier = requests.slice(0, -1);
			resent += earlier.length;
			const unsafe = earlier.filter((request) => !certainlyNotProcessed(request));
			if (unsafe.length > 0) {
				throw new Error(`${email} was sent again after an answer that did not say it was unprocessed: ${JSON.stringify(unsafe[0].answer)}`);
			}
		}

		// Nothing lost silently.
		const MAY_BE_IMPORTED = new Set(['uncertain', 'duplicate-after-retry']);
		for (const item of run.success) {
			const json = item.json as IDataObject;
			const lead = leadByEmail.get(bodies[itemIndexOf(item)].email);
			expect(lead?.token).toBe(json.token);
		}
		const failureByEmail = new Map(run.failure.map((item) => [bodies[itemIndexOf(item)].email, item.json as IDataObject]));
		for (const lead of leads) {
			const failure = failureByEmail.get(lead.email);
			if (failure && !MAY_BE_IMPORTED.has(String(failure.kind))) {
				throw new Error(`${lead.email} is stored by the sandbox, but its item says "${String(failure.kind)}": ${String(failure.message)}`);
			}
		}
		for (const [email, json] of failureByEmail) {
			if (json.kind !== 'uncertain') continue;
			const verification = (json.details as IDataObject | undefined)?.verification;
			const stored = leadByEmail.has(email);
			if ((stored && verification === 'probably-not-imported') || (!stored && verification === 'probably-imported')) {
				throw new Error(`${email}: the verification says ${String(verification)} but the sandbox ${stored ? 'has' : 'does not have'} the lead`);
			}
		}

		const requests = sandbox.requests();
		const summary = {
			items: total,
			durationMs,
			itemsPerSecond: Math.round((total / durationMs) * 1000),
			requests: requests.length,
			faultyAnswers: requests.filter((request) => request.answer.fault !== undefined).length,
			faultsByKind: count(requests.filter((request) => request.answer.fault).map((request) => `${request.answer.fault}${request.answer.fault === 'http-status' ? ` ${request.answer.httpStatus}` : ''}`)),
			importsResent: resent,
			success: run.success.length,
			errorByKind: count(run.failure.map((item) => String(item.json.kind))),
			verification: count(run.failure.filter((item) => item.json.kind === 'uncertain').map((item) => String((item.json.details as IDataObject | undefined)?.verification))),
			leadsStored: leads.length,
			memory,
		};
		process.stdout.write(`\nsoak ${total}: ${JSON.stringify(summary, null, 1)}\n`);
		// Bounded: far below what holding every request many times over would take.
		expect(memory.peakHeapMiB - memory.startHeapMiB).toBeLessThan(total * 0.1 + 200);
	} finally {
		await sandbox.close();
	}
}

describe('soak', () => {
	test('1,000 imports with 5% faulty answers: every item accounted for, no lead twice, nothing lost silently', async () => {
		await soakRun(1000, 11);
	}, 300_000);

	soak('10,000 imports with 5% faulty answers (SOAK=1)', async () => {
		await soakRun(10_000, 12);
	}, 1_800_000);
});
