#!/usr/bin/env node
// npm run bench:skip — the cost of Skip Leads Already Sent in the real n8n (N8N_VERSION, default
// 2.41.1), side by side in one `n8n execute-batch`: the same import of N new leads with Skip off, with
// Skip on and an empty memory, and with Skip on and 10,000 keys already in the node's row of n8n's
// de-duplication store (written by n8n's own DeduplicationHelper, test/n8n/store/real-store.cjs).
// Rounds interleave the three roads; each road's figure is the Batiweb Lead node's own executionTime
// (n8n's run data), median over the rounds. Not a test: it asserts nothing on time; it fails only if a
// lead does not reach Success. See docs/benchmark.md.
//   node bench/n8n/skip-memory.mjs [--n 200] [--rounds 5] [--keys 10000] [--latency 20] [--tarball x.tgz]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { executeBatch } from '../../scripts/n8n/n8n-execute-batch.mjs';
import { importInto } from '../../scripts/n8n/n8n-import.mjs';
import { n8nEnv, n8nPaths } from '../../scripts/n8n/n8n-process.mjs';
import { batiwebOutputs, importWorkflow, lead, startSandbox } from '../../test/n8n/memory/lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { n: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' }, keys: { type: 'string', default: '10000' }, latency: { type: 'string', default: '20' }, tarball: { type: 'string' } } });
const [N, ROUNDS, KEYS, LATENCY] = [values.n, values.rounds, values.keys, values.latency].map(Number);
const say = (m) => console.error(`[bench:skip] ${m}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-skip-'));
let sandbox = null;
try {
  const { node, n8nBin, version } = n8nPaths();
  execFileSync('bash', [path.join(REPO, 'scripts', 'n8n', 'install.sh')], { stdio: 'inherit' });
  let tarball = values.tarball && path.resolve(values.tarball);
  if (!tarball) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    tarball = path.join(work, execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').at(-1));
  }
  const userFolder = path.join(work, 'user');
  execFileSync('bash', [path.join(REPO, 'scripts', 'n8n', 'with-package.sh'), tarball, userFolder], { stdio: ['ignore', 'ignore', 'inherit'] });
  sandbox = await startSandbox(work, { latency: { ms: LATENCY } });
  const env = n8nEnv(fs.realpathSync(userFolder));
  const credential = { id: 'benchSkipSbx0001', name: 'Batiweb bench sandbox' };
  fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify([{ ...credential, type: 'batiwebApi', data: { login: 'demo', password: 'demo-password', environment: 'PREP', baseUrl: sandbox.url } }]));
  await importInto('import:credentials', path.join(work, 'credentials.json'), { env, timeoutMs: 240_000 });

  const ROADS = { off: { skipAlreadySent: false }, empty: { skipAlreadySent: true }, full: { skipAlreadySent: true } };
  const workflows = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const [road, options] of Object.entries(ROADS)) {
      const id = `benchSkip${road}${r}x`;
      workflows.push({ road, wf: importWorkflow({ id, credential, leads: Array.from({ length: N }, (_, i) => lead(`${id}`, i)), options }) });
    }
  }
  const wfDir = path.join(work, 'workflows');
  fs.mkdirSync(wfDir);
  for (const { wf } of workflows) fs.writeFileSync(path.join(wfDir, `${wf.id}.json`), JSON.stringify(wf));
  await importInto('import:workflow', wfDir, { env, timeoutMs: 240_000 });

  // KEYS keys of the node's own form (account prefix, email and worktype) in each "full" node's row.
  const database = path.join(userFolder, '.n8n', 'database.sqlite');
  const n8nDir = path.resolve(path.dirname(fs.realpathSync(n8nBin)), '..');
  for (const { wf } of workflows.filter((w) => w.road === 'full')) {
    const nodeId = wf.nodes.find((n) => n.name === 'Batiweb Lead').id;
    const items = Array.from({ length: KEYS }, (_, i) => `PREP:0123456789abcdef|old.${i}@example.fr|69`);
    const opsFile = path.join(work, `${wf.id}.ops.json`);
    fs.writeFileSync(opsFile, JSON.stringify({ workflowId: wf.id, operations: [{ op: 'check', node: nodeId, items, maxEntries: KEYS }, { op: 'count', node: nodeId }] }));
    const r = spawnSync(node, [path.join(REPO, 'test', 'n8n', 'store', 'real-store.cjs'), n8nDir, database, opsFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0 || JSON.parse(r.stdout).results[1] !== KEYS) throw new Error(`filling ${wf.id}'s row failed: ${r.stderr.slice(-1000)}`);
  }
  say(`n8n ${version}: ${workflows.length} executions (${ROUNDS} rounds × off/empty/full), ${N} leads each, sandbox latency ${LATENCY} ms, ${KEYS} keys in each "full" row`);

  const runs = await executeBatch(workflows.map(({ wf }) => ({ wf })), { env, tmp: work, timeoutSec: 300, log: say });
  const times = { off: [], empty: [], full: [] };
  for (const { road, wf } of workflows) {
    const { run } = runs.get(wf.id);
    const { success, failure } = batiwebOutputs(run);
    if (success.length !== N) throw new Error(`${wf.id}: ${success.length} of ${N} leads on Success (${JSON.stringify(failure[0] ?? {}).slice(0, 300)})`);
    times[road].push(run.data.resultData.runData['Batiweb Lead'][0].executionTime);
  }
  const m = Object.fromEntries(Object.entries(times).map(([road, xs]) => [road, median(xs)]));
  console.log(JSON.stringify({ n8n: version, leads: N, rounds: ROUNDS, keys: KEYS, latencyMs: LATENCY, nodeMs: times, medianMs: m, ratios: { emptyOverOff: +(m.empty / m.off).toFixed(2), fullOverOff: +(m.full / m.off).toFixed(2), fullOverEmpty: +(m.full / m.empty).toFixed(2) } }, null, 1));
} finally {
  sandbox?.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
