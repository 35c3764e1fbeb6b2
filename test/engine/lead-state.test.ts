/**
 * The lead state table (nodes/BatiwebLead/actions/leadState.ts), walked: every (state, event)
 * pair the table allows is met by a run of the node through n8n's engine against the sandbox,
 * starting from the marks written into the store, and the store holds the table's state after
 * it. The pairs it rules out are listed with a reason. docs/reliability.md quotes the table as
 * rendered here.
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';

import { deduplicator, IMPORT_FROM_BODY, lead, webhookToLead, type WorkflowDefinition } from '../../harness';
import * as leadState from '../../nodes/BatiwebLead/actions/leadState';
import { LEAD_EVENTS, LEAD_MOVES, MARKS_OF, isMove, marksAfter, stateOf, type LeadEvent, type LeadState, type Marks } from '../../nodes/BatiwebLead/actions/leadState';
import { MemoryWriter } from '../../nodes/BatiwebLead/actions/memory';
import * as call from '../../nodes/BatiwebLead/transport/call';
import { runLead, withOptions, type LeadRun } from '../helpers/leadRun';
import { useSandbox } from '../helpers/servers';

const sandbox = useSandbox({ rules: { pollsBeforeQualified: 0 } });
afterEach(() => {
	jest.restoreAllMocks();
	sandbox.setRules({ notSellableZipcodes: [] });
});

const STATES = Object.keys(LEAD_MOVES) as LeadState[];
const ALL_MARKS: Marks[] = [
	{ pending: false, sent: false },
	{ pending: true, sent: false },
	{ pending: false, sent: true },
	{ pending: true, sent: true },
];

/** The table as docs/reliability.md quotes it. */
function renderTable(): string {
	const bits = (state: LeadState) => `${MARKS_OF[state].pending ? 'yes' : 'no'} / ${MARKS_OF[state].sent ? 'yes' : 'no'}`;
	const rows = STATES.flatMap((state) =>
		LEAD_EVENTS.flatMap((event) => {
			const entry = LEAD_MOVES[state][event];
			return isMove(entry) ? [`| ${state} (${bits(state)}) | \`${event}\` | ${entry.to} | ${entry.next} | ${entry.why} |`] : [];
		}),
	);
	return ['| state (pending / sent) | event | next state | then | why (the item\'s `details.why`) |', '|---|---|---|---|---|', ...rows].join('\n');
}

describe('the table itself', () => {
	it('is total: every state has an entry for every event, a move or the reason it cannot happen', () => {
		for (const state of STATES) {
			for (const event of LEAD_EVENTS) {
				const entry = LEAD_MOVES[state][event];
				expect(isMove(entry) ? entry.to : entry.impossible).toBeTruthy();
			}
		}
	});

	it('the writes of each move bring the marks found, any of the four, to the move\'s state', () => {
		for (const found of ALL_MARKS) {
			for (const event of LEAD_EVENTS) {
				const entry = LEAD_MOVES[stateOf(found)][event];
				if (isMove(entry)) expect([found, event, stateOf(marksAfter(found, entry.to))]).toEqual([found, event, entry.to]);
			}
		}
	});

	it('docs/reliability.md quotes it as it is', () => {
		const docs = readFileSync(join(__dirname, '../../docs/reliability.md'), 'utf8');
		expect(docs).toContain(renderTable());
	});
});

// ---- the walk, through the engine -----------------------------------------------------------

const SKIP = withOptions(IMPORT_FROM_BODY, { skipAlreadySent: true, maxConcurrent: 1, retryDelay: 0, maxAttempts: 1 });
const credentials = () => ({ batiwebApi: { login: 'demo', password: 'demo-password', environment: 'PREP', baseUrl: sandbox.url } });
const SCOPE = `PREP:${createHash('sha256').update('demo').digest('hex').slice(0, 16)}`;
let workflowCount = 0;

const storeKeyOf = (workflow: WorkflowDefinition) => `${workflow.id}:batiweb-lead-node`;

function marksIn(workflow: WorkflowDefinition, key: string): Marks {
	const stored = deduplicator.keys(storeKeyOf(workflow));
	return { pending: stored.includes(`pending:${SCOPE}|${key}`), sent: stored.includes(`sent:${SCOPE}|${key}`) };
}

interface Scenario {
	name: string;
	found: Marks;
	/** Sets up the sandbox (faults, rules) or spies before the run. */
	arrange?: (body: IDataObject) => void | Promise<void>;
	/** The pairs met, in order. */
	path: Array<[LeadState, LeadEvent]>;
	/** The item's kind after the run ('success' for Success). */
	kind: string;
	/** A process that dies at this point: the memory at that moment is checked instead. */
	dies?: 'before-mark' | 'in-flight';
}

const SCENARIOS: Scenario[] = [
	{ name: 'a new lead accepted', found: MARKS_OF['not-sent'], path: [['not-sent', 'run-starts'], ['not-sent', 'pending-recorded'], ['uncertain', 'accepted']], kind: 'success' },
	{
		name: 'a new lead refused (not sellable)',
		found: MARKS_OF['not-sent'],
		arrange: () => sandbox.setRules({ notSellableZipcodes: ['13'] }),
		path: [['not-sent', 'run-starts'], ['not-sent', 'pending-recorded'], ['uncertain', 'not-processed']],
		kind: 'not-sellable',
	},
	{
		name: 'a new lead whose answer is lost (Verify off)',
		found: MARKS_OF['not-sent'],
		arrange: () => void sandbox.injectFaults({ kind: 'http-status', status: 502, endpoint: 'import', processed: false }),
		path: [['not-sent', 'run-starts'], ['not-sent', 'pending-recorded'], ['uncertain', 'no-proof']],
		kind: 'uncertain',
	},
	{
		name: 'a new lead Batiweb already has (code 5)',
		found: MARKS_OF['not-sent'],
		arrange: storeAtSandbox,
		path: [['not-sent', 'run-starts'], ['not-sent', 'pending-recorded'], ['uncertain', 'duplicate']],
		kind: 'duplicate',
	},
	{
		name: 'the mark before the request cannot be written',
		found: MARKS_OF['not-sent'],
		arrange: () => void jest.spyOn(MemoryWriter.prototype, 'protect').mockResolvedValue({ failed: new Map([[lastKey, 'database is down']]) }),
		path: [['not-sent', 'run-starts'], ['not-sent', 'pending-write-failed']],
		kind: 'memory-unavailable',
	},
	{ name: 'a pending lead Batiweb has', found: MARKS_OF.uncertain, arrange: storeAtSandbox, path: [['uncertain', 'run-starts'], ['uncertain', 'verified-has-it']], kind: 'duplicate-after-retry' },
	{
		name: 'a pending lead Batiweb does not have',
		found: MARKS_OF.uncertain,
		path: [['uncertain', 'run-starts'], ['uncertain', 'verified-sellable'], ['uncertain', 'accepted']],
		kind: 'success',
	},
	{
		name: 'a pending lead the check cannot tell about',
		found: MARKS_OF.uncertain,
		arrange: () => void sandbox.injectFaults({ kind: 'http-status', status: 500, endpoint: 'is_sellable' }),
		path: [['uncertain', 'run-starts'], ['uncertain', 'verify-inconclusive']],
		kind: 'uncertain',
	},
	{ name: 'a sent lead', found: MARKS_OF.sent, path: [['sent', 'run-starts']], kind: 'skipped-duplicate' },
	{ name: 'pending and sent both (a crash between two writes)', found: { pending: true, sent: true }, arrange: storeAtSandbox, path: [['uncertain', 'run-starts'], ['uncertain', 'verified-has-it']], kind: 'duplicate-after-retry' },
	{ name: 'the process dies before the mark', found: MARKS_OF['not-sent'], dies: 'before-mark', path: [['not-sent', 'run-starts'], ['not-sent', 'process-dies']], kind: 'none' },
	{
		name: 'the process dies with the request on its way',
		found: MARKS_OF['not-sent'],
		dies: 'in-flight',
		path: [['not-sent', 'run-starts'], ['not-sent', 'pending-recorded'], ['uncertain', 'process-dies']],
		kind: 'none',
	},
	{ name: 'the process dies while a pending lead is verified', found: MARKS_OF.uncertain, dies: 'in-flight', path: [['uncertain', 'run-starts'], ['uncertain', 'process-dies']], kind: 'none' },
	{ name: 'the process dies after a sent lead was skipped', found: MARKS_OF.sent, dies: 'in-flight', path: [['sent', 'run-starts'], ['sent', 'process-dies']], kind: 'none' },
];

let lastKey = '';

async function storeAtSandbox(body: IDataObject): Promise<void> {
	await runLead(IMPORT_FROM_BODY, { credentials: credentials(), bodies: [body] });
	sandbox.clearRequests();
}

function kindOf(run: LeadRun): string {
	const [item] = [...run.success, ...run.failure];
	return String(item.json.kind ?? 'success');
}

describe('the walk: each scenario through the engine meets its pairs and leaves the table\'s state in the store', () => {
	const met = new Set<string>();

	it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
		const workflow: WorkflowDefinition = { ...webhookToLead(withOptions(SKIP, { verifyUncertainImports: false })), id: `lead-state-${++workflowCount}` };
		const body = lead({ zipcode: scenario.kind === 'not-sellable' ? '13005' : '78180' });
		const key = `${String(body.email).toLowerCase()}|${String(body.worktype)}`;
		lastKey = key;
		const found = [...(scenario.found.pending ? [`pending:${SCOPE}|${key}`] : []), ...(scenario.found.sent ? [`sent:${SCOPE}|${key}`] : [])];
		if (found.length > 0) deduplicator.fill(storeKeyOf(workflow), found);
		await scenario.arrange?.(body);

		let atDeath: Marks | undefined;
		if (scenario.dies === 'before-mark') {
			jest.spyOn(MemoryWriter.prototype, 'protect').mockImplementation(async () => {
				atDeath ??= marksIn(workflow, key);
				throw new Error('the process died');
			});
		}
		if (scenario.dies === 'in-flight') {
			jest.spyOn(call, 'callBatiweb').mockImplementation(async () => {
				atDeath ??= marksIn(workflow, key);
				throw new Error('the process died');
			});
		}
		const moves = jest.spyOn(leadState, 'move');
		const result = await runLead({}, { workflow, credentials: credentials(), bodies: [body] });
		const path = moves.mock.calls.map(([state, event]) => [state, event] as [LeadState, LeadEvent]);
		if (scenario.dies) {
			if (scenario.found.sent && !scenario.found.pending) atDeath = marksIn(workflow, key);
			path.push([stateOf(atDeath!), 'process-dies']);
		}
		expect(path).toEqual(scenario.path);
		for (const [state, event] of path) met.add(`${state} · ${event}`);

		const [lastState, lastEvent] = scenario.path[scenario.path.length - 1];
		const to = (LEAD_MOVES[lastState][lastEvent] as { to: LeadState }).to;
		expect(stateOf(scenario.dies ? atDeath! : marksIn(workflow, key))).toBe(to);
		if (!scenario.dies) expect(kindOf(result)).toBe(scenario.kind);
	});

	it('met every pair the table allows', () => {
		const allowed = STATES.flatMap((state) => LEAD_EVENTS.filter((event) => isMove(LEAD_MOVES[state][event])).map((event) => `${state} · ${event}`));
		expect([...met].sort()).toEqual(allowed.sort());
	});
});
