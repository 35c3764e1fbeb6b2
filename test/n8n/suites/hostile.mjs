#!/usr/bin/env node
// The hostile-server checks of `npm run test:n8n`, in the real n8n with the packed package (run by
// scripts/n8n/test-n8n.sh, same user folder). The server is test/hostile/server.ts (jest runs it
// through the engine too: test/hostile/hostile.test.ts). One credential per scenario (its Base
// URL's path picks the behaviour), one workflow each: Manual Trigger → Set → Split Out → Batiweb
// Lead (v2, Map Automatically), all run by one `n8n execute-batch` with n8n's debug log. Checks:
// - redirects 301/302/307/308: the second listener gets no connection; each item on Error naming it;
// - echo pages (5 formats × HTTP 500/200, the password at 48 offsets around the cut): no 5-character
//   piece of the password in the run data, the execute-batch output or n8n's log;
// - code 9 to imports: exactly one import request per lead;
// - a TLS certificate nobody trusts: nothing received, items "not sent";
// - a Base URL where nothing listens (connection refused): items "not sent". n8n 1.x's wrapping
//   keeps only the error's text, so this proves the node still reads the code on both lines.
// - answers inside PHP's output (issue 18's table): each lead to Success with its own token, one
//   import request per lead; the crafted page (HTTP 500, `password=` + 200,000 backslashes) to Error.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { executeBatch } from '../../../scripts/n8n/n8n-execute-batch.mjs';
import { importInto, prepareWorkflow, writeWorkflows } from '../../../scripts/n8n/n8n-import.mjs';
import { n8nEnv } from '../../../scripts/n8n/n8n-process.mjs';
import { importWorkflow } from '../memory/lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const userFolder = process.env.N8N_TEST_USER_FOLDER;
const work = process.env.N8N_TEST_WORK;
if (!userFolder || !work) {
  console.error('run by scripts/n8n/test-n8n.sh: needs N8N_TEST_USER_FOLDER and N8N_TEST_WORK');
  process.exit(2);
}

const PASSWORD = 'Zx9#Qw4!Lk7$M"q\\r/s<t>&u\'é€😀-end';
const LEADS = 48;
let failures = 0;
const check = (ok, what, detail = '') => {
  console.log(`${ok ? 'ok' : 'not ok'} - hostile: ${what}${ok || !detail ? '' : ` (${detail})`}`);
  if (!ok) failures++;
};

/** Every 5-character piece of the password, as written or escaped (JSON, PHP, HTML). */
function pieces(password) {
  const chars = [...password];
  const list = Array.from({ length: chars.length - 4 }, (_, i) => chars.slice(i, i + 5).join(''));
  const php = (t) => JSON.stringify(t).slice(1, -1).replace(/\//g, '\\/').replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const html = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
  return list.flatMap((p) => [...new Set([p, JSON.stringify(p).slice(1, -1), php(p), html(p)])].map((form) => ({ piece: p, form })));
}
const leaks = (text) => [...new Set(pieces(PASSWORD).filter(({ form }) => text.includes(form)).map(({ piece }) => piece))];

function startServer() {
  const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join(REPO, 'test', 'hostile', 'cli.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve({ child, ...JSON.parse(line) });
    });
    child.on('exit', (code) => reject(new Error(`the hostile server exited (${code})`)));
  });
}

const lead = (i) => ({
  email: `hostile${i}.${Date.now()}@example.fr`, firstname: 'Emma', lastname: 'Bernard', civility: 'Madame', isowner: '1',
  cellphone: '0612345678', city: 'Lyon', zipcode: '69003', worktype: '69', workdescription: 'Repaint a hallway',
});

function workflow(id, credentialId, operation, count, options) {
  const leads = Array.from({ length: count }, (_, i) => (operation === 'import' ? lead(i) : { zipcode: '69003', worktype: '69' }));
  return importWorkflow({ id, name: `hostile ${id}`, credential: { id: credentialId, name: credentialId }, leads, options, operation });
}

const server = await startServer();
const host = new URL(server.elsewhereUrl).host;
/** A loopback port that was free a moment ago: nothing listens there. */
const closedPort = await new Promise((resolve, reject) => {
  const probe = net.createServer().once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

const SCENARIOS = [
  ...[301, 302, 307, 308].flatMap((status) => [
    { name: `redirect${status}import`, baseUrl: `${server.url}/redirect/${status}`, operation: 'import', count: 3, options: { maxAttempts: 3 } },
    { name: `redirect${status}check`, baseUrl: `${server.url}/redirect/${status}`, operation: 'checkSellable', count: 3, options: { maxAttempts: 3 } },
  ]),
  ...['html', 'json-message', 'json-object', 'php-escaped', 'print-r'].flatMap((format) =>
    [500, 200].map((status) => ({ name: `echo${format}${status}`.replace(/-/g, ''), baseUrl: `${server.url}/echo/${format}/${status}`, operation: 'import', count: LEADS, options: { maxConcurrent: 1, maxAttempts: 1, verifyUncertainImports: false } })),
  ),
  // The error that fails the execution carries the messages: it must be redacted too.
  { name: 'echofail0', baseUrl: `${server.url}/echo/json-message/200`, operation: 'import', count: 8, options: { maxConcurrent: 1, failOnRefusal: true, verifyUncertainImports: false } },
  { name: 'code9', baseUrl: `${server.url}/code9`, operation: 'import', count: 5, options: { maxAttempts: 5, maxConcurrent: 2 } },
  { name: 'tls0', baseUrl: server.tlsUrl, operation: 'import', count: 3, options: { maxAttempts: 3 } },
  { name: 'refused0', baseUrl: `http://127.0.0.1:${closedPort}`, operation: 'import', count: 3, options: { maxAttempts: 2 } },
  // The wrappings' names are test/hostile/server.ts's WRAPPINGS.
  ...['none', 'bom', 'text-html', 'strings', 'html-notice', 'text-deprecated', 'comment-after'].map((wrapping) => ({ name: `wrap${wrapping.replace(/-/g, '')}`, wrapping, baseUrl: `${server.url}/wrap/${wrapping}`, operation: 'import', count: 3, options: {} })),
  { name: 'crafted0', baseUrl: `${server.url}/crafted`, operation: 'import', count: 2, options: { verifyUncertainImports: false } },
];

try {
  const tmp = fs.mkdtempSync(path.join(work, 'hostile-'));
  const env = n8nEnv(fs.realpathSync(userFolder), { N8N_LOG_LEVEL: 'debug' });
  const credentials = SCENARIOS.map((s) => ({ id: `hostile${s.name}`.slice(0, 16) + String(SCENARIOS.indexOf(s)).padStart(2, '0'), name: `hostile ${s.name}`, type: 'batiwebApi', data: { login: 'hostile-login', password: PASSWORD, environment: 'PREP', baseUrl: s.baseUrl } }));
  fs.writeFileSync(path.join(tmp, 'credentials.json'), JSON.stringify(credentials));
  await importInto('import:credentials', path.join(tmp, 'credentials.json'), { env, timeoutMs: 180_000 });
  const prepared = SCENARIOS.map((s, i) => {
    const file = path.join(tmp, `${s.name}.json`);
    fs.writeFileSync(file, JSON.stringify(workflow(`hostile${i}0${s.name}`.slice(0, 20), credentials[i].id, s.operation, s.count, s.options)));
    return { file, wf: prepareWorkflow(file, credentials, true, true), scenario: s };
  });
  writeWorkflows(prepared, path.join(tmp, 'workflows'));
  await importInto('import:workflow', path.join(tmp, 'workflows'), { env, timeoutMs: 180_000 });
  const runs = await executeBatch(prepared, { env, tmp, timeoutSec: 120, log: (m) => console.error(`[hostile] ${m}`) });
  const record = await (await fetch(`${server.controlUrl}/`)).json();

  const outputsOf = (wfId) => {
    const run = runs.get(wfId)?.run;
    const task = run?.data?.resultData?.runData?.['Batiweb Lead']?.[0];
    const [success = [], failure = []] = (task?.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
    return { run, success, failure, error: runs.get(wfId)?.error };
  };
  const mainRequests = (s) => record.received.filter((r) => r.listener === 'main' && r.path.startsWith(new URL(s.baseUrl).pathname));

  // Redirects.
  check(record.connections.elsewhere === 0 && record.received.every((r) => r.listener !== 'elsewhere'), 'redirects: the other host got no connection and no request', `${record.connections.elsewhere} connections`);
  for (const p of prepared.filter((x) => x.scenario.name.startsWith('redirect'))) {
    const { failure, success } = outputsOf(p.wf.id);
    const requests = mainRequests(p.scenario).filter((r) => r.path.endsWith(p.scenario.operation === 'import' ? '/import' : '/is_sellable'));
    check(
      success.length === 0 && failure.length === p.scenario.count && failure.every((j) => j.kind === 'transport' && j.retryable === false && String(j.message).includes(`a redirect to ${host}`)) && requests.length === p.scenario.count,
      `${p.scenario.name}: each item on Error naming ${host}, sent once`,
      `${failure.length} errors, ${requests.length} requests, first: ${JSON.stringify(failure[0] ?? {}).slice(0, 200)}`,
    );
  }
  // Refusals cannot go unnoticed: n8n keeps the node's execution hint with the run.
  const redirectRun = outputsOf(prepared[0].wf.id).run;
  const hints = redirectRun?.data?.resultData?.runData?.['Batiweb Lead']?.[0]?.hints ?? [];
  check(
    hints.some((h) => /^3 of 3 items went to the Error output: 3 transport\. Nothing is connected after this node/.test(h.message)),
    'an execution hint counts the Error items and says nothing handles them',
    JSON.stringify(hints).slice(0, 300),
  );
  // Echo pages: the run data and n8n's whole output (debug level).
  const batchOutput = (() => {
    const any = [...runs.values()][0]?.batch;
    return `${any?.stdout ?? ''}\n${any?.stderr ?? ''}`;
  })();
  for (const p of prepared.filter((x) => x.scenario.name.startsWith('echo'))) {
    const { run, failure, error } = outputsOf(p.wf.id);
    const text = JSON.stringify(run ?? null) + JSON.stringify(error ?? null);
    const found = leaks(text);
    const expectItems = p.scenario.options.failOnRefusal ? true : failure.length === p.scenario.count;
    check(found.length === 0 && expectItems, `${p.scenario.name}: no piece of the password in the run data or error`, `leaked ${JSON.stringify(found)}; ${failure.length} errors`);
  }
  const logLeaks = leaks(batchOutput);
  check(logLeaks.length === 0 && batchOutput.length > 0, `n8n's log and execute-batch output (${batchOutput.length} characters, debug level): no piece of the password`, `leaked ${JSON.stringify(logLeaks)}`);
  // Code 9.
  const code9 = prepared.find((x) => x.scenario.name === 'code9');
  const imports = mainRequests(code9.scenario).filter((r) => r.path.endsWith('/import'));
  const emails = new Set(imports.map((r) => JSON.parse(r.bodyText).request.email));
  const c9 = outputsOf(code9.wf.id);
  check(imports.length === 5 && emails.size === 5 && c9.failure.every((j) => j.kind === 'uncertain' && j.code === 9), 'code 9 to imports: exactly one import request per lead, each uncertain', `${imports.length} imports for ${emails.size} leads`);
  // TLS.
  const tls = outputsOf(prepared.find((x) => x.scenario.name === 'tls0').wf.id);
  check(
    record.received.every((r) => r.listener !== 'tls') && tls.failure.length === 3 && tls.failure.every((j) => j.kind === 'transport' && /nothing was sent/.test(String(j.message))),
    'a TLS certificate nobody trusts: nothing received, each item "not sent"',
    JSON.stringify(tls.failure[0] ?? tls.error ?? {}).slice(0, 300),
  );
  // Connection refused.
  const refused = outputsOf(prepared.find((x) => x.scenario.name === 'refused0').wf.id);
  check(
    refused.failure.length === 3 && refused.failure.every((j) => j.kind === 'transport' && /the connection was refused/.test(String(j.message))),
    'a Base URL where nothing listens: each item "not sent" (kind transport, not uncertain: connection refused)',
    JSON.stringify(refused.failure[0] ?? refused.error ?? {}).slice(0, 300),
  );
  // Answers inside PHP's output: read with their own token (the SHA-512 of the request body).
  for (const p of prepared.filter((x) => x.scenario.wrapping)) {
    const { success, failure, error } = outputsOf(p.wf.id);
    const imports = mainRequests(p.scenario).filter((r) => r.path.endsWith('/import'));
    const tokens = imports.map((r) => createHash('sha512').update(r.bodyText).digest('hex')).sort();
    const got = success.map((j) => j.token).sort();
    check(
      imports.length === p.scenario.count && failure.length === 0 && JSON.stringify(got) === JSON.stringify(tokens),
      `answer wrapped in ${p.scenario.wrapping}: each lead to Success with its own token, one import request per lead`,
      `${imports.length} imports, ${success.length} successes, first error: ${JSON.stringify(failure[0] ?? error ?? {}).slice(0, 300)}`,
    );
  }
  const crafted = outputsOf(prepared.find((x) => x.scenario.name === 'crafted0').wf.id);
  check(
    crafted.success.length === 0 && crafted.failure.length === 2 && crafted.failure.every((j) => j.httpStatus === 500),
    'the crafted page (HTTP 500, password= and 200,000 backslashes): each lead to Error',
    JSON.stringify(crafted.failure[0] ?? crafted.error ?? {}).slice(0, 300),
  );
  console.error(`[hostile] requests: main ${record.received.filter((r) => r.listener === 'main').length}, elsewhere ${record.connections.elsewhere} connections, tls ${record.connections.tls} connections / ${record.received.filter((r) => r.listener === 'tls').length} requests`);
} catch (error) {
  check(false, 'the suite ran', error.stack ?? String(error));
} finally {
  server.child.kill('SIGTERM');
}
process.exit(failures === 0 ? 0 : 1);
