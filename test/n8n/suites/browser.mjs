#!/usr/bin/env node
// The browser checks of `npm run test:n8n`, in a real `n8n start` with the packed package and the
// sandbox, run by scripts/n8n/test-n8n.sh after the CLI checks, in the same user folder (its
// N8N_TEST_* and SANDBOX_URL variables). Screenshots go to docs/images/ (N8N_TEST_SHOTS to change).
// Chromium: Debian's, installed by scripts/n8n/ensure-chromium.sh when missing (never skipped).
// 1. imports the data-table examples, starts n8n, sets the owner up and publishes the two forms
//    (REST); a user runs batiweb-leads-table.json from the editor, which creates the table;
// 2. consumers fill the form page in chromium (consumer.mjs), a site posts to the webhook;
// 3. the sandbox's record, the data table, and two polls run from the editor;
// 4. the editor as a user sees it (panel.mjs), with the screenshots of docs/images/.
// Prints ok / not ok lines and a summary (what each consumer saw, the table after each poll).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runN8n, n8nEnv } from '../../../scripts/n8n/run-workflows.mjs';
import { dataTableRows, ownerSession, startN8n } from '../../../scripts/n8n/server.mjs';
import { checkList, freshContext, show } from '../browser/chromium.mjs';
import { consumerSubmissions, sandboxControl, SUBMISSIONS, WEBHOOK_LEAD } from '../browser/consumer.mjs';
import { executeInEditor, signIn } from '../browser/editor.mjs';
import { editorChecks } from '../browser/panel.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const userFolder = process.env.N8N_TEST_USER_FOLDER;
const sandboxUrl = process.env.SANDBOX_URL;
const work = process.env.N8N_TEST_WORK;
const shotsDir = path.resolve(process.env.N8N_TEST_SHOTS ?? path.join(REPO, 'docs', 'images'));
if (!userFolder || !sandboxUrl || !work) {
  console.error('run by scripts/n8n/test-n8n.sh: needs N8N_TEST_USER_FOLDER, N8N_TEST_WORK and SANDBOX_URL');
  process.exit(2);
}
// Written for the newest supported n8n (Data Tables, Form Trigger 2.5, the 2.x editor): on the
// oldest, test-n8n.sh's CLI checks run, and this suite says it is not run there.
const versions = spawnSync('bash', ['-c', `source "${path.join(REPO, 'scripts', 'n8n', 'common.sh')}" && echo "$N8N_VERSION $N8N_NEWEST_VERSION"`], { encoding: 'utf8' });
const [version, newest] = versions.stdout.trim().split(' ');
if (version !== newest) {
  console.log(`# browser suite: not run on n8n ${version}; it drives n8n ${newest}'s form pages and editor`);
  process.exit(0);
}
const ensured = spawnSync('bash', [path.join(REPO, 'scripts', 'n8n', 'ensure-chromium.sh')], { stdio: 'inherit' });
if (ensured.status !== 0) process.exit(1);
fs.mkdirSync(shotsDir, { recursive: true });

const OWNER = { email: 'owner@batiweb.test', password: 'Batiweb-test-1' };
const example = (file) => JSON.parse(fs.readFileSync(path.join(REPO, 'examples', file), 'utf8'));
const EXAMPLES = ['batiweb-leads-table.json', 'form-trigger-to-batiweb.json', 'form-to-batiweb.json', 'status-polling.json', 'ai-agent-tool.json', 'manual/french-sheet-to-batiweb.json'];
const IDS = {
  frenchSheet: example('manual/french-sheet-to-batiweb.json').id,
  table: example('batiweb-leads-table.json').id,
  form: example('form-trigger-to-batiweb.json').id,
  webhook: example('form-to-batiweb.json').id,
  polling: example('status-polling.json').id,
};
const { check, counts } = checkList();
const summary = { submissions: [], polls: [] };
const T0 = Date.now();
const step = (what) => console.error(`[browser +${Math.round((Date.now() - T0) / 1000)}s] ${what}`);

async function importExamples() {
  const env = n8nEnv(userFolder);
  const dir = fs.mkdtempSync(path.join(work, 'browser-wf-'));
  for (const file of EXAMPLES) {
    fs.writeFileSync(path.join(dir, path.basename(file)), JSON.stringify({ ...example(file), active: false }));
  }
  // The credential is the CLI checks' (same user folder, id batiweb-sandbox, as the examples name it).
  const r = await runN8n(['import:workflow', '--separate', `--input=${dir}`], { env, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`n8n import:workflow failed:\n${r.stdout}\n${r.stderr}`);
}

async function publish(session, id) {
  const wf = await session.api('GET', `/workflows/${id}`);
  await session.api('POST', `/workflows/${id}/activate`, { versionId: wf.versionId });
}

const rowsNow = async (session) =>
  (await dataTableRows(session, 'batiweb_leads')).map(({ email, supplierLeadId, token, status, statusLabel, final, updatedAt }) => ({
    email, supplierLeadId, token, status, statusLabel, final, updatedAt,
  }));

async function main() {
  step('import the examples');
  await importExamples();
  step('start n8n');
  const n8n = await startN8n(userFolder, { logFile: path.join(work, 'n8n-start.log') });
  const context = await freshContext();
  try {
    const session = await ownerSession(n8n.url, OWNER);
    await publish(session, IDS.form);
    await publish(session, IDS.webhook);
    await sandboxControl(sandboxUrl, 'POST', '/reset');
    const page = await context.newPage();
    await signIn(page, n8n.url, OWNER);

    step('create the data table with its example, from the editor');
    const created = await executeInEditor(page, session, n8n.url, IDS.table);
    check('batiweb-leads-table.json, run from the editor, creates the data table', created.status === 'success' && (await rowsNow(session)).length === 0, show(created));

    step('consumers submit the form');
    summary.submissions = await consumerSubmissions({ n8nUrl: n8n.url, sandboxUrl, check, shotsDir });

    const requests = await sandboxControl(sandboxUrl, 'GET', '/requests');
    const imports = requests.filter((r) => r.endpoint === 'import');
    const expected = [SUBMISSIONS[0].answers.email, WEBHOOK_LEAD.email];
    const heleneSent = imports.find((r) => r.body.request.email === SUBMISSIONS[0].answers.email)?.body.request;
    check(
      'the form\'s "Description de votre projet" reached Batiweb as comment (line break kept); workdescription is the trade\'s label (Peinture)',
      // An HTML form sends a textarea's line breaks as CRLF (the HTML standard); the node keeps them.
      heleneSent?.comment === SUBMISSIONS[0].answers.comment.replace(/\n/g, '\r\n') && heleneSent?.workdescription === 'Peinture',
      show(heleneSent && { comment: heleneSent.comment, workdescription: heleneSent.workdescription }),
    );
    check('the sandbox recorded exactly the expected imports (Hélène once, the webhook lead)', show(imports.map((r) => r.body.request.email)) === show(expected) && imports.every((r) => r.answer.code === 0), show(imports.map((r) => [r.body.request.email, r.answer.code])));
    const leads = await sandboxControl(sandboxUrl, 'GET', '/leads');
    let rows = await rowsNow(session);
    check('the data table holds a row per imported lead, with its token', show(rows.map((r) => [r.email, r.token, r.status, r.final])) === show(leads.map((l) => [l.email, l.token, 0, false])), show(rows));
    check('the rows carry the supplier lead ids (the form\'s own, the site\'s)', /^form-\d+$/.test(rows[0]?.supplierLeadId ?? '') && rows[1]?.supplierLeadId === WEBHOOK_LEAD.supplierleadid, show(rows));
    summary.polls.push({ after: 'the submissions', rows });

    step('two polls from the editor');
    const [helene, marc] = leads;
    await sandboxControl(sandboxUrl, 'POST', `/leads/${helene.token}/status`, { status: 2 });
    const statusCalls = () => sandboxControl(sandboxUrl, 'GET', '/requests').then((all) => all.filter((r) => r.endpoint === 'status').length);
    const first = await executeInEditor(page, session, n8n.url, IDS.polling);
    const afterFirst = await rowsNow(session);
    check('poll 1 succeeds and asks both leads', first.status === 'success' && (await statusCalls()) === 2, show(first));
    // Only Changes compares with the row's own status (Previous Status): Marc's is still 0, so his row is not rewritten.
    check('poll 1: only the changed row is updated (Hélène: 2 Injoignable); Marc\'s row, still status 0, untouched', show(afterFirst.map((r) => [r.status, r.statusLabel, r.final])) === show([[2, 'Injoignable', false], [0, rows[1].statusLabel, false]]) && afterFirst[1].updatedAt === rows[1].updatedAt, show(afterFirst));
    summary.polls.push({ after: 'poll 1 (Hélène set to 2 in the sandbox)', rows: afterFirst });

    await sandboxControl(sandboxUrl, 'POST', `/leads/${marc.token}/status`, { status: 11 });
    const second = await executeInEditor(page, session, n8n.url, IDS.polling);
    const afterSecond = await rowsNow(session);
    check('poll 2 succeeds and asks both leads again (neither was final)', second.status === 'success' && (await statusCalls()) === 4, show(second));
    check('poll 2: only the changed row is updated (Marc: 11 Faux numéro, final); Hélène\'s row untouched', show(afterSecond[1] && [afterSecond[1].status, afterSecond[1].statusLabel, afterSecond[1].final]) === show([11, 'Faux numéro', true]) && show(afterSecond[0]) === show(afterFirst[0]) && afterSecond[1].updatedAt !== afterFirst[1].updatedAt, show(afterSecond));
    summary.polls.push({ after: 'poll 2 (Marc set to 11 in the sandbox)', rows: afterSecond });

    step('a French sheet, Map Automatically, from the editor');
    const sheet = await executeInEditor(page, session, n8n.url, IDS.frenchSheet);
    await page.screenshot({ path: path.join(shotsDir, 'french-sheet-run.png') });
    const sheetImports = (await sandboxControl(sandboxUrl, 'GET', '/requests')).filter((r) => r.endpoint === 'import' && /^(elodie|jerome)\./.test(r.body.request.email));
    check(
      'manual/french-sheet-to-batiweb.json (headers Civilité, Prénom, Code postal, Type de travaux, Propriétaire…), run from the editor: both rows imported, code 0, as the sheet means them',
      sheet.status === 'success' && show(sheetImports.map((r) => [r.answer.code, r.body.request.zipcode, r.body.request.worktype, r.body.request.workdescription, r.body.request.isowner])) === show([[0, '69003', '69', 'Peinture', '1'], [0, '33000', '26', 'Étanchéité de Toiture', '2']]),
      show({ status: sheet.status, imports: sheetImports.map((r) => [r.answer.code, r.body.request]) }),
    );

    step('the editor, as a user sees it');
    await editorChecks({ page, n8nUrl: n8n.url, session, examples: Object.fromEntries(EXAMPLES.map((f) => [f, example(f)])), check, shotsDir });
  } finally {
    await context.close();
    await n8n.stop();
  }
}

try {
  await main();
} catch (error) {
  check('browser checks ran to the end', false, error.stack);
}
fs.writeFileSync(path.join(work, 'browser-summary.json'), JSON.stringify(summary, null, 2));
console.log('\nWhat each consumer saw:');
for (const s of summary.submissions) console.log(`  - ${s.who}: ${s.saw}`);
for (const p of summary.polls) {
  console.log(`Data table after ${p.after}:`);
  for (const r of p.rows) console.log(`  ${r.email} ${r.supplierLeadId} ${r.token.slice(0, 8)}… status ${r.status} "${r.statusLabel}" final ${r.final} updated ${r.updatedAt}`);
}
console.log(`${counts.passed} passed, ${counts.failed} failed (browser checks, ${Math.round((Date.now() - T0) / 1000)} s)`);
process.exit(counts.failed ? 1 : 0);
