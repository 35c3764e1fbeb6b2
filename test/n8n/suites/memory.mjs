#!/usr/bin/env node
// The node's memory in the real n8n (issue 17), one user folder kept across runs (the suite's, from
// scripts/n8n/test-n8n.sh), against a sandbox of its own that answers in 100–200 ms and answers
// is_sellable with code 5 for a lead it has stored. Skip Leads Already Sent is on.
// - The crash case: 1,500 leads, 16 in flight; `n8n execute` killed with SIGKILL (its whole process
//   group) once the sandbox has received 600 imports; the workflow run again. Printed: received in
//   run 1, in flight at the kill, received in run 2, never received, received twice (the last two 0).
// - The lost answers: lead A's answer lost after the sandbox stored it ({kind:'reset'}), lead B's
//   before ({kind:'reset', processed:false}); after a second run A was not sent again, B once.
// Both second runs share one `n8n execute-batch`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { executeBatch } from '../../../scripts/n8n/n8n-execute-batch.mjs';
import { importInto } from '../../../scripts/n8n/n8n-import.mjs';
import { freePort, n8nEnv, n8nPaths } from '../../../scripts/n8n/n8n-process.mjs';
import { batiwebOutputs, importWorkflow, lead, sandboxGet, sandboxSend, startSandbox, tally } from '../memory/lib.mjs';

const userFolder = process.env.N8N_TEST_USER_FOLDER;
const work = process.env.N8N_TEST_WORK;
if (!userFolder || !work) {
  console.error('run by scripts/n8n/test-n8n.sh: needs N8N_TEST_USER_FOLDER and N8N_TEST_WORK');
  process.exit(2);
}
const LEADS = Number(process.env.MEMORY_CRASH_LEADS ?? 1500);
const KILL_AT = Math.round(LEADS * 0.4);
let failures = 0;
const check = (ok, what, detail = '') => {
  console.log(`${ok ? 'ok' : 'not ok'} - memory: ${what}${ok || !detail ? '' : ` (${detail})`}`);
  if (!ok) failures++;
};
const say = (m) => console.error(`[memory] ${m}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `n8n execute --id` in its own process group, SIGKILLed (the group) once `until()` holds. */
async function executeAndKill(env, id, until) {
  const { node, n8nBin } = n8nPaths();
  const child = spawn(node, [n8nBin, 'execute', `--id=${id}`, '--rawOutput'], {
    env: { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let ended = null;
  void exited.then((e) => (ended = e));
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.once('exit', killGroup);
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (ended) return { killed: false, ended, output, atKill: null };
    const state = await until();
    if (state) {
      killGroup();
      const atKill = await state.after();
      return { killed: true, ended: await exited, output, atKill };
    }
    if (Date.now() > deadline) {
      killGroup();
      throw new Error(`the run did not reach the kill point in 300 s:\n${output.slice(-2000)}`);
    }
    await sleep(25);
  }
}

const { stop: stopSandbox, url } = await startSandbox(work, { latency: { ms: 100, jitterMs: 100 } });
try {
  const tmp = fs.mkdtempSync(path.join(work, 'memory-'));
  const env = n8nEnv(fs.realpathSync(userFolder));
  const credential = { id: 'memorySandbox01', name: 'Batiweb memory sandbox' };
  fs.writeFileSync(path.join(tmp, 'credentials.json'), JSON.stringify([{ ...credential, type: 'batiwebApi', data: { login: 'demo', password: 'demo-password', environment: 'PREP', baseUrl: url } }]));
  await importInto('import:credentials', path.join(tmp, 'credentials.json'), { env, timeoutMs: 180_000 });

  const tag = `m${Date.now().toString(36)}`;
  const crashLeads = Array.from({ length: LEADS }, (_, i) => lead(`${tag}crash`, i));
  const [leadA, leadB] = [lead(`${tag}lost-after`, 0), lead(`${tag}lost-before`, 0)];
  const workflows = [
    importWorkflow({ id: 'memCrash0001', name: 'memory: crash', credential, leads: crashLeads, options: { skipAlreadySent: true, maxConcurrent: 16 } }),
    importWorkflow({ id: 'memLost0001', name: 'memory: lost answers', credential, leads: [leadA, leadB], options: { skipAlreadySent: true, maxConcurrent: 1 } }),
  ];
  const wfDir = path.join(tmp, 'workflows');
  fs.mkdirSync(wfDir);
  for (const wf of workflows) fs.writeFileSync(path.join(wfDir, `${wf.id}.json`), JSON.stringify(wf));
  await importInto('import:workflow', wfDir, { env, timeoutMs: 180_000 });
  const prepared = (ids) => ids.map((id) => ({ wf: workflows.find((w) => w.id === id) }));

  // Lost answers, run 1: A stored then its answer lost, B lost before it was stored.
  await sandboxSend(url, 'POST', 'faults', [{ kind: 'reset', endpoint: 'import', count: 1 }, { kind: 'reset', endpoint: 'import', count: 1, processed: false }]);
  const lost1 = (await executeBatch(prepared(['memLost0001']), { env, tmp: fs.mkdtempSync(path.join(tmp, 'lost1-')), timeoutSec: 180, log: say })).get('memLost0001');
  const lostOut1 = batiwebOutputs(lost1.run);
  say(`lost answers, run 1: ${lostOut1.success.length} success, Error kinds ${JSON.stringify(lostOut1.kinds)}; faults left ${(await sandboxGet(url, 'faults')).length}`);

  // The crash, run 1.
  const crashEmails = crashLeads.map((l) => l.email);
  const run1 = await executeAndKill(env, 'memCrash0001', async () => {
    const counts = await sandboxGet(url, 'counts');
    if (tally(counts, crashEmails).imports < KILL_AT) return null;
    return { after: async () => (await sandboxGet(url, 'counts')).inFlight };
  });
  // The sandbox still answers the dead sockets: wait until nothing is in flight.
  for (let i = 0; i < 200 && (await sandboxGet(url, 'counts')).inFlight > 0; i++) await sleep(50);
  const after1 = tally(await sandboxGet(url, 'counts'), crashEmails);
  check(run1.killed && run1.ended.signal === 'SIGKILL', `n8n was killed with SIGKILL mid-run (${after1.received} of ${LEADS} leads received)`, JSON.stringify(run1.ended) + run1.output.slice(-1500));
  check(after1.received > 0 && after1.received < LEADS, 'the kill came mid-run: some leads received, some not', JSON.stringify(after1));

  // Second runs: both workflows in one execute-batch.
  const runs2 = await executeBatch(prepared(['memCrash0001', 'memLost0001']), { env, tmp: fs.mkdtempSync(path.join(tmp, 'run2-')), timeoutSec: 300, log: say });
  const counts2 = await sandboxGet(url, 'counts');
  const after2 = tally(counts2, crashEmails);
  const crashOut2 = batiwebOutputs(runs2.get('memCrash0001').run);
  const figures = {
    leads: LEADS,
    receivedInRun1: after1.received,
    inFlightAtKill: run1.atKill,
    receivedInRun2: after2.imports - after1.imports,
    neverReceived: after2.neverStored,
    receivedTwice: after2.receivedTwice,
    isSellableChecksInRun2: after2.sellableChecks - after1.sellableChecks,
    run2Success: crashOut2.success.length,
    run2ErrorKinds: crashOut2.kinds,
  };
  console.log(`# memory crash (n8n ${process.env.N8N_VERSION ?? '?'}): ${JSON.stringify(figures)}`);
  check(runs2.get('memCrash0001').run !== null, 'the crash workflow ran again to its end', runs2.get('memCrash0001').error ?? '');
  check(figures.neverReceived === 0, `after the second run, no lead was never received (${figures.neverReceived} of ${LEADS})`);
  check(figures.receivedTwice === 0 && after2.storedTwice === 0, `no lead was received twice (${figures.receivedTwice} imports twice, ${after2.storedTwice} stored twice)`);

  const of = (email) => counts2.leads[email] ?? { imports: 0, stored: 0, sellableChecks: 0 };
  const lostOut2 = batiwebOutputs(runs2.get('memLost0001').run);
  console.log(`# memory lost answers: after ${JSON.stringify(of(leadA.email))}, before ${JSON.stringify(of(leadB.email))}; run 2: ${lostOut2.success.length} success, Error kinds ${JSON.stringify(lostOut2.kinds)}`);
  check(of(leadA.email).imports === 1 && of(leadA.email).stored === 1, 'answer lost after Batiweb stored the lead: the second run did not send it again', JSON.stringify(of(leadA.email)));
  check(of(leadB.email).stored === 1 && of(leadB.email).imports === 2, 'answer lost before Batiweb stored the lead: the second run sent it, once', JSON.stringify(of(leadB.email)));
} catch (error) {
  check(false, 'the suite ran', error.stack ?? String(error));
} finally {
  stopSandbox();
}
process.exit(failures === 0 ? 0 : 1);
