/**
 * `npm run demo`: the three example workflows of `examples/`, run by n8n's own workflow engine
 * (n8n-core WorkflowExecute, the real node classes) against a local Batiweb sandbox, with an
 * account of what happened to each lead. No n8n server, no Batiweb account, no network.
 *
 * It checks what it prints: every lead must end the way the demo says it should, and the exit
 * code is 0 only then (1 when an outcome differs, 2 when the demo itself fails). CI runs it.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { lead as sampleLead } from '../harness/fixtures';

// n8n-core writes an instance key under its user folder when it loads: keep it out of the home
// folder. This must happen before n8n-core is loaded, hence the imports inside main().
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = join(tmpdir(), 'n8n-nodes-batiweb-demo');
	mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });
}

const FORM_NODE = 'Import to Batiweb';
const STATUS_NODE = 'Get Status';

type Expected = { sent: true; status: { code: number; final: boolean } } | { sent: false; kind: string; code: number | null };

interface FormCase {
	who: string;
	body: IDataObject;
	expected: Expected;
}

/** The demo's leads: the harness's lead with a name, a town and what the form says of the works. */
const lead = (overrides: IDataObject): IDataObject => sampleLead({ civility: 'Madame', workdescription: 'Repaint the living room and two bedrooms', ...overrides });

/** In the sandbox, "+status-<n>" in an email picks the status the lead gets once qualified. */
const CASES: FormCase[] = [
	{
		who: 'Alice Martin',
		body: lead({ firstname: 'Alice', lastname: 'Martin', email: 'alice.martin+status-1@example.fr', supplierleadid: 'FORM-1001' }),
		expected: { sent: true, status: { code: 1, final: true } },
	},
	{
		who: 'Bruno Durand',
		body: lead({ firstname: 'Bruno', lastname: 'Durand', civility: 'M.', email: 'bruno.durand+status-11@example.fr', city: 'Lyon', zipcode: '69003', cellphone: '+33 6 98 76 54 32', supplierleadid: 'FORM-1002' }),
		expected: { sent: true, status: { code: 11, final: true } },
	},
	{
		who: 'Emma Bernard',
		body: lead({ firstname: 'Emma', lastname: 'Bernard', email: 'emma.bernard+status-2@example.fr', city: 'Nantes', zipcode: '44000', worktype: 'Carrelage', supplierleadid: 'FORM-1003' }),
		expected: { sent: true, status: { code: 2, final: false } },
	},
	{
		who: 'Chloé Petit',
		body: lead({ firstname: 'Chloé', lastname: 'Petit', email: 'chloe.petit@example.fr', city: 'Marseille', zipcode: '13001', supplierleadid: 'FORM-1004' }),
		expected: { sent: false, kind: 'not-sellable', code: 4 },
	},
	{
		who: 'Alice Martin (the form posted twice)',
		body: lead({ firstname: 'Alice', lastname: 'Martin', email: 'alice.martin+status-1@example.fr', supplierleadid: 'FORM-1005' }),
		expected: { sent: false, kind: 'skipped-duplicate', code: null },
	},
	{
		who: 'David Leroy',
		body: lead({ firstname: 'David', lastname: 'Leroy', civility: 'M.', email: 'david.leroy@example.fr', city: 'Paris', zipcode: '7500', supplierleadid: 'FORM-1006' }),
		expected: { sent: false, kind: 'invalid-input', code: null },
	},
];

// ---- printing and checking -------------------------------------------------------------------

const problems: string[] = [];

function check(condition: boolean, what: string): void {
	if (!condition) {
		problems.push(what);
		console.log(`      !! UNEXPECTED: ${what}`);
	}
}

const say = (line = '') => console.log(line);
const shortToken = (token: unknown) => (typeof token === 'string' ? `${token.slice(0, 8)}…${token.slice(-6)}` : String(token));
const codeText = (code: unknown) => (code === null || code === undefined ? 'none (not sent to Batiweb)' : String(code));

function heading(title: string, file: string): void {
	say();
	say(`${title}  (examples/${file})`);
	say('-'.repeat(Math.max(title.length + file.length + 13, 60)));
}

function outputOf(result: { output(node: string, index?: number): INodeExecutionData[] }, node: string, index = 0): INodeExecutionData[] {
	try {
		return result.output(node, index);
	} catch {
		return []; // the node did not run: nothing reached it
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const { startSandbox } = await import('../sandbox');
	const examples = await import('../harness');
	const { runWorkflow } = examples;

	const sandbox = await startSandbox({ quiet: true, rules: examples.EXAMPLE_RULES });
	const credentials = examples.credentialsFor(sandbox);
	try {
		say(`Batiweb demo: n8n's workflow engine runs the example workflows against a local sandbox`);
		say(`Sandbox ${sandbox.url} (PREP, login "demo"); it does not buy worktype 69 in postcodes 13*.`);

		// ---- 1. Form to Batiweb ----------------------------------------------------------
		heading('1. Form to Batiweb: each form post is one webhook call', 'form-to-batiweb.json');
		await examples.freshLeadsTable();
		const form = examples.loadExample('form-to-batiweb.json');
		const tokens = new Map<string, string>();
		for (const entry of CASES) {
			const result = await runWorkflow(form, { credentials, startNode: 'Webhook', triggerItems: [examples.formPost(entry.body)] });
			const [sent] = outputOf(result, FORM_NODE, 0);
			const [refused] = outputOf(result, FORM_NODE, 1);
			const answer = result.responses[0];
			say(`  ${sent ? '✔' : '✘'} ${entry.who} <${entry.body.email}>`);
			if (sent) {
				tokens.set(entry.who, sent.json.token as string);
				say(`      sent: Batiweb took the lead (code ${sent.json.code}), token ${shortToken(sent.json.token)}`);
			} else if (refused) {
				say(`      refused: ${refused.json.message}`);
				say(`      kind ${refused.json.kind}, code ${codeText(refused.json.code)}${refused.json.stage ? `, at ${refused.json.stage}` : ''}`);
				const [logged] = outputOf(result, 'Log refusal');
				check(logged?.json.email === entry.body.email, `${entry.who}: "Log refusal" should log the posted email`);
			}
			const shown = JSON.stringify(answer?.body).replace(/"[0-9a-f]{128}"/, (token) => `"${shortToken(token.slice(1, -1))}"`);
			say(`      the form got HTTP ${answer?.statusCode}: ${shown}`);

			if (entry.expected.sent) {
				check(Boolean(sent) && /^[0-9a-f]{128}$/.test(String(sent?.json.token)), `${entry.who} should be sent with a token`);
				check((answer?.body as IDataObject | undefined)?.ok === true, `${entry.who}: the form should get ok: true`);
			} else {
				check(!sent && refused?.json.kind === entry.expected.kind, `${entry.who} should be refused as ${entry.expected.kind} (got ${refused?.json.kind ?? 'sent'})`);
				check(refused?.json.code === entry.expected.code, `${entry.who} should carry code ${entry.expected.code} (got ${refused?.json.code})`);
				check((answer?.body as IDataObject | undefined)?.ok === false, `${entry.who}: the form should get ok: false`);
			}
		}
		const imports = sandbox.requests().filter((request) => request.endpoint === 'import').length;
		say(`  Batiweb received ${imports} imports for ${CASES.length} form posts.`);
		check(imports === 3, `the sandbox should receive 3 imports (got ${imports})`);

		// ---- 2. Status polling -------------------------------------------------------------
		heading('2. Status polling: every 15 minutes, Get Status with "Only Changes"', 'status-polling.json');
		// Each token's row, as the CRM or data table keeps it: Only Changes compares with its status.
		const saved = new Map<string, number | null>([...tokens.values()].map((token) => [token, null]));
		const whoseToken = new Map([...tokens].map(([who, token]) => [token, who]));
		for (const poll of [1, 2, 3]) {
			const polling = examples.pollingRows([...saved].map(([token, status]) => ({ token, status })));
			const result = await runWorkflow(polling, { credentials, startNode: 'Every 15 minutes', triggerItems: [examples.scheduleTick()] });
			const changed = outputOf(result, STATUS_NODE, 0);
			for (const item of changed) saved.set(String(item.json.token), item.json.status as number);
			const final = new Set(outputOf(result, 'Final?', 0).map((item) => item.json.token));
			say(`  Poll ${poll}: ${changed.length === 0 ? 'no status changed, nothing sent to the CRM' : `${changed.length} lead(s) changed`}`);
			for (const item of changed) {
				const status = item.json;
				const english = status.statusLabel ?? '(no English name: not in Batiweb\'s Status table)';
				say(`    ${whoseToken.get(String(status.token))}: status ${status.status} "${status.statusLabelFr}" / ${english}`);
				say(`      ${status.final ? 'final: it will not change' : 'not final: it may still move'} → "${final.has(status.token) ? 'Update CRM: final status' : 'Update CRM: status changed'}"`);
			}
			for (const item of outputOf(result, STATUS_NODE, 1)) say(`    token ${shortToken(item.json.token)}: ${item.json.message}`);

			if (poll === 1) {
				check(changed.length === 3 && changed.every((item) => item.json.status === 0 && item.json.final === false), 'poll 1 should show the 3 leads pending (status 0, not final)');
			} else if (poll === 2) {
				for (const entry of CASES) {
					if (!entry.expected.sent) continue;
					const item = changed.find((candidate) => candidate.json.token === tokens.get(entry.who));
					check(item?.json.status === entry.expected.status.code, `poll 2: ${entry.who} should have status ${entry.expected.status.code} (got ${item?.json.status})`);
					check(item?.json.final === entry.expected.status.final, `poll 2: ${entry.who} final should be ${entry.expected.status.final}`);
				}
			} else {
				check(changed.length === 0, 'poll 3 should output nothing: no status changed');
			}
		}

		// ---- 3. AI agent tools -------------------------------------------------------------
		heading('3. AI Agent tools: the Batiweb node as a tool (agent scripted, no model needed)', 'ai-agent-tool.json');
		examples.registerAiStandIns();
		const alice = tokens.get('Alice Martin');
		const calls = [
			{ tool: 'Check_sellable', input: { zipcode: '75011', worktype: 'Peinture' } },
			{ tool: 'Check_sellable', input: { zipcode: '13008', worktype: '69' } },
			{ tool: 'Get_lead_status', input: { token: alice } },
		];
		const chat = await runWorkflow(examples.loadExample('ai-agent-tool.json'), {
			credentials,
			startNode: 'When chat message received',
			triggerItems: [examples.chatMessage('Can you take a painting job in Paris 11 and in Marseille, and how is Alice\'s lead doing?', calls)],
		});
		const [agentItem] = outputOf(chat, 'AI Agent');
		const transcript = agentItem ? examples.transcriptOf(agentItem).toolCalls : [];
		for (const call of transcript) {
			const [answer] = call.answer;
			say(`  ${call.tool}(${JSON.stringify(call.input).replace(alice ?? '\u0000', shortToken(alice))})`);
			say(`      the agent sees success: ${answer?.success}, "${answer?.message}"`);
			if (answer?.statusLabel) say(`      status ${answer.status} "${answer.statusLabelFr}" / ${answer.statusLabel}, final: ${answer.final}`);
		}
		check(transcript.length === 3, `the agent should make 3 tool calls (made ${transcript.length})`);
		check(transcript[0]?.answer[0]?.success === true, 'Check_sellable in 75011 should answer success: true');
		check(transcript[1]?.answer[0]?.success === false && transcript[1]?.answer[0]?.code === 4, 'Check_sellable in 13008 should answer success: false, code 4, on the output the agent reads');
		check(transcript[2]?.answer[0]?.status === 1 && transcript[2]?.answer[0]?.final === true, 'Get_lead_status for Alice should answer status 1, final');
	} finally {
		await sandbox.close();
	}

	say();
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (problems.length > 0) {
		say(`Demo FAILED in ${seconds} s: ${problems.length} unexpected outcome(s):`);
		for (const problem of problems) say(`  - ${problem}`);
		process.exitCode = 1;
	} else {
		say(`Demo OK in ${seconds} s: every lead ended as expected.`);
	}
}

main().catch((error: unknown) => {
	console.error('The demo could not run:', error);
	process.exitCode = 2;
});
