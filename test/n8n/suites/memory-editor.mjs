#!/usr/bin/env node
// The node's memory against what the editor does (issue 17), in a real `n8n start` on the suite's
// user folder, with a sandbox of its own; executions started and retried through n8n's REST API as
// the editor does it (owner session, cookie).
// - The retry: Fail Execution When Any Lead Is Refused on (Skip off), 3 sellable leads and 1 refused
//   (code 4): the execution fails; `POST /rest/executions/:id/retry {loadWorkflow: true}` (the
//   executions list's Retry, "with currently saved workflow"); the sandbox receives no accepted lead twice.
// - The failing next node: examples/status-polling.json (its trigger made manual, its table
//   batiweb_leads_memory); one lead's status changes at Batiweb; the Data Table update fails once (the
//   column statusLabel deleted); the column restored (the fix), the poll runs again: the change is
//   output and the row updated.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { importInto } from '../../../scripts/n8n/n8n-import.mjs';
import { n8nEnv, n8nPaths } from '../../../scripts/n8n/n8n-process.mjs';
import { leadsTableSpec, ownerSession, startN8n } from '../../../scripts/n8n/server.mjs';
import { importWorkflow, lead, sandboxGet, sandboxSend, startSandbox } from '../memory/lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const userFolder = process.env.N8N_TEST_USER_FOLDER;
const work = process.env.N8N_TEST_WORK;
if (!userFolder || !work) {
  console.error('run by scripts/n8n/test-n8n.sh: needs N8N_TEST_USER_FOLDER and N8N_TEST_WORK');
  process.exit(2);
}
const OWNER = { email: 'owner@batiweb.test', password: 'Batiweb-test-1' }; // as the browser suite
const TABLE = 'batiweb_leads_memory';
const ON_1X = /^1\./.test(process.env.N8N_VERSION ?? '');
let failures = 0;
const check = (ok, what, detail = '') => {
  console.log(`${ok ? 'ok' : 'not ok'} - memory-editor: ${what}${ok || !detail ? '' : ` (${detail})`}`);
  if (!ok) failures++;
};
const say = (m) => console.error(`[memory-editor] ${m}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const { n8nBin } = n8nPaths();
const { parse: unflatten } = createRequire(path.join(path.dirname(fs.realpathSync(n8nBin)), '..', 'package.json'))('flatted');

/**
 * The polling example, started by a Manual Trigger named Start, on TABLE, with this credential.
 * n8n 1.123.81's Data Table node takes the reference's value as the table's id (by name, it answers
 * "Could not find the data table"): there it gets the id.
 */
function pollingWorkflow(credential, tableId) {
  const wf = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'status-polling.json'), 'utf8'));
  const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
  wf.connections.Start = wf.connections[trigger.name];
  delete wf.connections[trigger.name];
  Object.assign(trigger, { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
  for (const n of wf.nodes) {
    if (n.type === 'n8n-nodes-base.dataTable') n.parameters.dataTableId = ON_1X && tableId ? { __rl: true, mode: 'id', value: tableId } : { __rl: true, mode: 'name', value: TABLE };
    if (n.credentials?.batiwebApi) n.credentials.batiwebApi = credential;
  }
  return { ...wf, id: 'memPolling0001', name: 'memory: polling', active: false };
}

/** The import answer of the sandbox for one lead (a token to poll). */
async function importDirect(url, body) {
  const res = await fetch(`${url}/json/lead/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ security: { login: 'demo', password: 'demo-password', environment: 'PREP' }, request: body }) });
  return await res.json();
}

const { stop: stopSandbox, url } = await startSandbox(work, { rules: { notSellablePairs: [{ worktype: '69', zipcode: '13' }], pollsBeforeQualified: 1000 } });
let n8n = null;
try {
  const tmp = fs.mkdtempSync(path.join(work, 'memory-editor-'));
  const env = n8nEnv(fs.realpathSync(userFolder));
  const credential = { id: 'memEditorSbx0001', name: 'Batiweb memory-editor sandbox' };
  fs.writeFileSync(path.join(tmp, 'credentials.json'), JSON.stringify([{ ...credential, type: 'batiwebApi', data: { login: 'demo', password: 'demo-password', environment: 'PREP', baseUrl: url } }]));
  await importInto('import:credentials', path.join(tmp, 'credentials.json'), { env, timeoutMs: 180_000 });
  const tag = `e${Date.now().toString(36)}`;
  const accepted = [0, 1, 2].map((i) => lead(`${tag}retry`, i));
  const refused = { ...lead(`${tag}refused`, 0), zipcode: '13001', city: 'Marseille' };
  const retryWf = importWorkflow({ id: 'memRetry0001', name: 'memory: retry', credential, leads: [...accepted, refused], options: { failOnRefusal: true, maxConcurrent: 1 } });
  const wfDir = path.join(tmp, 'workflows');
  fs.mkdirSync(wfDir);
  for (const wf of [retryWf, pollingWorkflow(credential)]) fs.writeFileSync(path.join(wfDir, `${wf.id}.json`), JSON.stringify(wf));
  await importInto('import:workflow', wfDir, { env, timeoutMs: 180_000 });

  n8n = await startN8n(userFolder, { logFile: path.join(work, 'n8n-memory-editor.log') });
  const session = await ownerSession(n8n.url, OWNER);
  /**
   * Runs a workflow as the editor's "Execute workflow" does; resolves its finished execution (run
   * data unflattened). n8n 2.x runs the saved workflow, 1.x the workflowData sent.
   */
  const runManually = async (wf) => {
    const started = await session.api('POST', `/workflows/${wf.id}/run`, { workflowData: wf, triggerToStartFrom: { name: 'Start' } });
    return await finished(started.executionId);
  };
  const finished = async (id) => {
    for (let i = 0; i < 600; i++) {
      const e = await session.api('GET', `/executions/${id}`);
      if (e && !['new', 'running', 'waiting'].includes(e.status)) return { ...e, data: typeof e.data === 'string' ? unflatten(e.data) : e.data };
      await sleep(250);
    }
    throw new Error(`execution ${id} did not finish in 150 s`);
  };
  const runData = (e, node) => e.data?.resultData?.runData?.[node]?.at(-1);

  // The retry.
  const failed = await runManually(retryWf);
  const counts1 = await sandboxGet(url, 'counts');
  const importsOf = (counts, l) => counts.leads[l.email]?.imports ?? 0;
  check(failed.status === 'error' && accepted.every((l) => importsOf(counts1, l) === 1), `the execution failed (status ${failed.status}) after importing the ${accepted.length} accepted leads once`, JSON.stringify(counts1.leads));
  const retried = await session.api('POST', `/executions/${failed.id}/retry`, { loadWorkflow: true });
  const counts2 = await sandboxGet(url, 'counts');
  const twice = accepted.filter((l) => importsOf(counts2, l) > 1).length;
  console.log(`# memory-editor retry (n8n ${process.env.N8N_VERSION ?? '?'}): retry answered ${JSON.stringify(retried).slice(0, 120)}; imports per accepted lead after the retry ${JSON.stringify(accepted.map((l) => importsOf(counts2, l)))}, refused lead ${importsOf(counts2, refused)}`);
  check(twice === 0, `after n8n's Retry (REST, loadWorkflow), the sandbox received no accepted lead twice (${twice} of ${accepted.length} twice)`);

  // The failing next node.
  // A table of its own (a run before this one on the same user folder may have left it).
  const tables = `/projects/${session.projectId}/data-tables`;
  const left = await session.api('GET', `${tables}?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`);
  for (const t of (left.data ?? left).filter((t) => t.name === TABLE)) await session.api('DELETE', `${tables}/${t.id}`);
  const table = await session.api('POST', tables, { ...leadsTableSpec(), name: TABLE });
  const [one, two] = [lead(`${tag}poll`, 0), lead(`${tag}poll`, 1)];
  const tokens = [(await importDirect(url, one)).token, (await importDirect(url, two)).token];
  const base = `/projects/${session.projectId}/data-tables/${table.id}`;
  await session.api('POST', `${base}/insert`, { data: [one, two].map((l, i) => ({ email: l.email, supplierLeadId: l.supplierleadid, token: tokens[i], status: 0, statusLabel: 'Nouveau', final: false })), returnType: 'id' });
  await sandboxSend(url, 'POST', `leads/${tokens[0]}/status`, { status: 11 });
  const column = (await session.api('GET', `${base}/columns`)).find((c) => c.name === 'statusLabel');
  await session.api('DELETE', `${base}/columns/${column.id}`);
  const poll1 = await runManually(pollingWorkflow(credential, table.id));
  const update1 = runData(poll1, "Update the lead's row");
  check(poll1.status === 'error' && update1?.error !== undefined, `poll 1: the Data Table update failed (status ${poll1.status}: ${update1?.error?.message ?? poll1.data?.resultData?.error?.message ?? ''})`);
  await session.api('POST', `${base}/columns`, { name: 'statusLabel', type: 'string' });
  const poll2 = await runManually(pollingWorkflow(credential, table.id));
  const changed = (runData(poll2, 'Get Status')?.data?.main?.[0] ?? []).map((item) => item.json);
  const rows = await session.api('GET', `${base}/rows?take=100&sortBy=id:asc`);
  const row = (rows.data ?? rows).find((r) => r.token === tokens[0]);
  console.log(`# memory-editor failing next node: poll 2 status ${poll2.status}, Get Status output ${JSON.stringify(changed.map((j) => ({ token: String(j.token).slice(0, 8), status: j.status })))}, row ${JSON.stringify({ status: row?.status, final: row?.final, statusLabel: row?.statusLabel })}`);
  check(poll2.status === 'success' && changed.length === 1 && changed[0].token === tokens[0] && changed[0].status === 11, 'poll 2, after the fix: Get Status outputs the change again (only that lead)', JSON.stringify(changed).slice(0, 300));
  check(row?.status === 11 && (row?.final === true || row?.final === 1), "poll 2: the lead's row is updated (status 11, final)", JSON.stringify(row));
} catch (error) {
  check(false, 'the suite ran', error.stack ?? String(error));
} finally {
  await n8n?.stop();
  stopSandbox();
}
process.exit(failures === 0 ? 0 : 1);
