#!/usr/bin/env node
// Imports credentials + workflows into a real n8n (from the cache made by install.sh)
// and runs each workflow with `n8n execute --id <id> --rawOutput`, one process each,
// with a timeout. Prints a summary to stderr and writes all parsed results as JSON.
//
// Usage:
//   node scripts/n8n/run-workflows.mjs --user-folder DIR [--credentials creds.json]
//        [--timeout 120] [--out results.json] [--keep-credential-refs] [--batch] wf1.json [wf2.json ...]
//
// --batch runs all workflows in one `n8n execute-batch --snapshot` process instead (faster); a
// workflow that fails there is reported with execute-batch's error text only (no node outputs).
//
// Works with any Node (it only spawns Node 24 + n8n). Library use:
//   import { runWorkflows } from './run-workflows.mjs'
//
// Result per workflow (see docs/real-n8n.md):
//   { file, id, name, ok, status, exitCode, timedOut, durationMs,
//     error: {message, description, node} | null,
//     missingNodeTypes: [type...],        // node types n8n could not find (package not loaded)
//     packageLoadErrors: [{package, cause}], // n8n's 'Failed to load package "<name>"' and its cause
//     lastNodeExecuted, nodes: { [nodeName]: { outputs: [[json...], ...], error } },
//     run,                                // the full IRun object n8n printed
//     log: [lines that were not the result] }
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Reads the variables of common.sh (single source of truth for versions/paths). */
export function n8nPaths() {
  const out = spawnSync(
    'bash',
    ['-c', `source "${HERE}/common.sh" && printf '%s\\n' "$NODE24_BIN" "$N8N_BIN" "$N8N_STAMP" "$N8N_VERSION"`],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`cannot read common.sh: ${out.stderr}`);
  const [nodeBin, n8nBin, stamp, version] = out.stdout.trim().split('\n');
  return { nodeBin, node: path.join(nodeBin, 'node'), n8nBin, stamp, version };
}

/** Environment of common.sh's n8n_env for a user folder, plus JSON logs at info level. */
export function n8nEnv(userFolder, extra = {}) {
  const out = spawnSync('bash', ['-c', `source "${HERE}/common.sh" && use_node24 && n8n_env "$1" && env -0`, 'x', userFolder], {
    encoding: 'utf8',
    env: process.env,
  });
  if (out.status !== 0) throw new Error(`cannot build n8n env: ${out.stderr}`);
  const env = {};
  for (const kv of out.stdout.split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { ...env, N8N_LOG_FORMAT: 'json', N8N_LOG_OUTPUT: 'console', N8N_LOG_LEVEL: 'info', NO_COLOR: '1', ...extra };
}

const stableId = (s, prefix = '') => (prefix + createHash('sha1').update(s).digest('hex')).slice(0, 16);

// Process groups of the n8n processes running now: killed if this script is interrupted.
const activeGroups = new Set();
const tempDirs = new Set();
const removeTempDirs = () => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
};
let signalHandlersInstalled = false;
function installSignalHandlers() {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      for (const pgid of activeGroups) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {}
      }
      removeTempDirs();
      process.exit(code);
    });
  }
}

/** A free TCP port on 127.0.0.1 (for the task broker, which defaults to the fixed port 5679). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node n8n <args>` in its own process group (its task runner included), with its own
 * free task-broker port; resolves {code, signal, stdout, stderr, timedOut, ms}.
 */
export async function runN8n(args, { env, timeoutMs = 120_000, cwd } = {}) {
  const { node, n8nBin } = n8nPaths();
  const brokerPort = await freePort();
  const started = Date.now();
  return await new Promise((resolve) => {
    const child = spawn(node, [n8nBin, ...args], {
      env: { ...env, N8N_RUNNERS_BROKER_PORT: String(env?.N8N_RUNNERS_BROKER_PORT ?? brokerPort) },
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    installSignalHandlers();
    activeGroups.add(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {}
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 5000).unref();
    }, timeoutMs);
    const onExit = () => kill('SIGKILL');
    process.once('exit', onExit);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', onExit);
      kill('SIGKILL'); // leftover task runners etc. in the group
      activeGroups.delete(child.pid);
      resolve({ code: code ?? 128 + (os.constants.signals[signal] ?? 0), signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** Splits n8n's JSON-format log output into messages (non-JSON lines are kept as plain text). */
export function parseLog(text) {
  const entries = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line);
      if (o && typeof o === 'object' && 'message' in o) {
        entries.push({ level: o.level, message: String(o.message), meta: o.metadata });
        continue;
      }
    } catch {}
    entries.push({ level: 'raw', message: line });
  }
  return entries;
}

/** Finds the IRun JSON n8n printed (`--rawOutput` prints it as one info message). */
export function extractRun(entries) {
  for (let i = entries.length - 1; i >= 0; i--) {
    const m = entries[i].message.trim();
    if (!m.startsWith('{')) continue;
    try {
      const o = JSON.parse(m);
      if (o && o.data && o.data.resultData) return { run: o, index: i };
    } catch {}
  }
  return { run: null, index: -1 };
}

const MISSING_RE = /Unrecognized node type: ([\w@/.-]+)|node type "?([\w@/.-]+)"? (?:is )?(?:not known|unknown)/gi;

export function summarizeRun(run) {
  const nodes = {};
  const runData = run?.data?.resultData?.runData ?? {};
  for (const [name, runs] of Object.entries(runData)) {
    const last = runs[runs.length - 1] ?? {};
    nodes[name] = {
      outputs: (last.data?.main ?? []).map((items) => (items ?? []).map((it) => it.json)),
      error: last.error ? { message: last.error.message, description: last.error.description ?? null } : null,
      executionStatus: last.executionStatus,
      runs: runs.length,
    };
  }
  const e = run?.data?.resultData?.error;
  return {
    status: run?.status ?? null,
    lastNodeExecuted: run?.data?.resultData?.lastNodeExecuted ?? null,
    error: e ? { message: e.message, description: e.description ?? null, node: e.node?.name ?? null } : null,
    nodes,
  };
}

function normalizeCredentials(file) {
  let creds = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(creds)) creds = [creds];
  return creds.map((c) => ({ ...c, id: c.id ?? stableId(`${c.type}:${c.name}`, 'c') }));
}

function prepareWorkflow(file, creds, keepRefs, batch) {
  const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!wf || !Array.isArray(wf.nodes) || typeof wf.connections !== 'object') {
    throw new Error(`${file}: not an n8n workflow (needs nodes[] and connections{})`);
  }
  wf.id = typeof wf.id === 'string' && wf.id.length > 0 && wf.id.length <= 21 ? wf.id : stableId(path.resolve(file), 'w');
  // execute-batch silently drops from --ids every id without a digit (it filters them with /\d+/).
  if (batch && !/\d/.test(wf.id)) wf.id = `${stableId(wf.id, 'b').slice(0, 15)}0`;
  wf.name = wf.name ?? path.basename(file, '.json');
  wf.active = false;
  if (!keepRefs) {
    // Point every credential reference at the imported credential of that type.
    for (const node of wf.nodes) {
      for (const type of Object.keys(node.credentials ?? {})) {
        const c = creds.find((x) => x.type === type);
        if (c) node.credentials[type] = { id: c.id, name: c.name };
      }
    }
  }
  return wf;
}

export async function runWorkflows({ userFolder, credentialsFile, workflowFiles, timeoutSec = 120, keepCredentialRefs = false, batch = false, log = (m) => process.stderr.write(m + '\n') }) {
  const paths = n8nPaths();
  if (!fs.existsSync(paths.stamp)) throw new Error(`n8n is not installed (no ${paths.stamp}); run bash scripts/n8n/install.sh`);
  fs.mkdirSync(userFolder, { recursive: true });
  userFolder = fs.realpathSync(userFolder);
  const env = n8nEnv(userFolder);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-run-'));
  tempDirs.add(tmp);
  try {
    return await runIn(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    tempDirs.delete(tmp);
  }

  async function runIn(tmp) {
    const importTimeout = Math.max(timeoutSec, 180) * 1000; // first command also runs the DB migrations

    let creds = [];
    if (credentialsFile) {
      creds = normalizeCredentials(credentialsFile);
      const cf = path.join(tmp, 'credentials.json');
      fs.writeFileSync(cf, JSON.stringify(creds, null, 2));
      const r = await runN8n(['import:credentials', `--input=${cf}`], { env, timeoutMs: importTimeout });
      const msgs = parseLog(r.stdout + '\n' + r.stderr).map((e) => e.message);
      if (r.code !== 0 || !msgs.some((m) => /Successfully imported/.test(m))) {
        throw new Error(`n8n import:credentials failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${msgs.join('\n')}`);
      }
      log(`imported ${creds.length} credential(s) in ${r.ms} ms`);
    }

    const wfDir = path.join(tmp, 'workflows');
    fs.mkdirSync(wfDir);
    const prepared = workflowFiles.map((file) => ({ file, wf: prepareWorkflow(file, creds, keepCredentialRefs, batch) }));
    const ids = new Set();
    for (const p of prepared) {
      if (ids.has(p.wf.id)) throw new Error(`duplicate workflow id ${p.wf.id} (${p.file})`);
      ids.add(p.wf.id);
      fs.writeFileSync(path.join(wfDir, `${p.wf.id}.json`), JSON.stringify(p.wf, null, 2));
    }
    if (prepared.length) {
      const r = await runN8n(['import:workflow', '--separate', `--input=${wfDir}`], { env, timeoutMs: importTimeout });
      const msgs = parseLog(r.stdout + '\n' + r.stderr).map((e) => e.message);
      if (r.code !== 0 || !msgs.some((m) => /Successfully imported/.test(m))) {
        throw new Error(`n8n import:workflow failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${msgs.join('\n')}`);
      }
      log(`imported ${prepared.length} workflow(s) in ${r.ms} ms`);
    }

    const results = [];
    // --batch: one `n8n execute-batch` process runs them all (saves n8n's ~10 s start-up per
    // workflow). A workflow that ends cleanly leaves a snapshot (its full IRun); one that does not
    // is reported with the error execute-batch gives, without node outputs (not re-run: a re-run
    // would send its requests twice). Use the default mode for the details of a failure.
    const batchRuns = new Map();
    if (batch && prepared.length > 0) {
      const snapDir = path.join(tmp, 'snapshots');
      fs.mkdirSync(snapDir);
      const outFile = path.join(tmp, 'batch.json');
      const r = await runN8n(['execute-batch', `--ids=${prepared.map((p) => p.wf.id).join(',')}`, `--snapshot=${snapDir}`, `--output=${outFile}`], {
        env,
        timeoutMs: (timeoutSec * prepared.length + 60) * 1000,
      });
      let summary = null;
      try {
        summary = JSON.parse(fs.readFileSync(outFile, 'utf8'));
      } catch {}
      const executions = [...(summary?.executions ?? []), ...(summary?.summary?.errors ?? []), ...(summary?.summary?.warnings ?? [])];
      for (const { wf } of prepared) {
        const f = path.join(snapDir, `${wf.id}-snapshot.json`);
        const e = executions.find((x) => x.workflowId === wf.id);
        batchRuns.set(wf.id, {
          run: fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null,
          error: e?.error ?? null,
          batch: r,
        });
      }
      const clean = [...batchRuns.values()].filter((b) => b.run).length;
      log(`execute-batch ran ${prepared.length} workflow(s) in ${r.ms} ms (exit ${r.code}${r.timedOut ? ', timed out' : ''}); ${clean} finished cleanly`);
    }
    for (const { file, wf } of prepared) {
      const b = batchRuns.get(wf.id);
      const r = b
        ? { ...b.batch, stdout: b.run ? '' : b.batch.stdout, stderr: b.run ? '' : b.batch.stderr, code: b.run ? 0 : b.batch.code || 1, signal: null }
        : await runN8n(['execute', `--id=${wf.id}`, '--rawOutput'], { env, timeoutMs: timeoutSec * 1000 });
      if (b && !b.run && b.error) r.stderr = `${r.stderr}\n${JSON.stringify({ level: 'error', message: b.error })}`;
      const entries = parseLog(r.stdout + '\n' + r.stderr);
      let { run, index } = extractRun(entries);
      if (b) run = b.run;
      const logLines = entries.filter((_, i) => i !== index).map((e) => (e.level === 'raw' ? e.message : `${e.level}: ${e.message}`));
      const missing = new Set();
      for (const m of logLines) for (const x of m.matchAll(MISSING_RE)) missing.add(x[1] ?? x[2]);
      // n8n logs 'Failed to load package "<name>"' then the cause (e.g. a module not found).
      const packageLoadErrors = [];
      entries.forEach((e, i) => {
        const m = /^Failed to load package "([^"]+)"/.exec(e.message);
        if (m) packageLoadErrors.push({ package: m[1], cause: (entries[i + 1]?.message ?? '').split('\n')[0] });
      });
      const s = summarizeRun(run);
      if (s.error?.message) for (const x of s.error.message.matchAll(MISSING_RE)) missing.add(x[1] ?? x[2]);
      if (!s.error && !run) {
        // No IRun at all: n8n failed before running (e.g. crash, timeout, workflow without Manual Trigger).
        // n8n logs "Error executing workflow...", then the error message, its stack, and the message again.
        const errs = entries.filter((e) => e.level === 'error' || e.level === 'raw').map((e) => e.message.trim());
        const main = [...errs].reverse().find((m) => m && !m.includes('\n    at ') && !/^Error executing workflow|^Execution error/.test(m));
        s.error = {
          message: r.timedOut ? `timed out after ${timeoutSec}s` : main ?? `n8n exited ${r.code} without printing a result`,
          description: errs.join('\n') || null,
          node: null,
        };
      }
      const result = {
        file,
        id: wf.id,
        name: wf.name,
        // Judged on what n8n printed: n8n 2.41 on Node 24 sometimes segfaults while exiting,
        // after printing the result (see crashedAfterResult).
        ok: !!run && !s.error && !r.timedOut,
        exitCode: r.code,
        signal: r.signal ?? null,
        crashedAfterResult: !!run && !!r.signal && !r.timedOut,
        timedOut: r.timedOut,
        via: b ? 'execute-batch' : 'execute',
        durationMs: r.ms,
        missingNodeTypes: [...missing],
        packageLoadErrors,
        ...s,
        run,
        log: logLines,
      };
      results.push(result);
      const why = result.error ? `: ${result.error.message.split('\n')[0]}` : '';
      log(`${result.ok ? 'ran   ' : 'FAILED'} ${path.basename(file)} (${b ? 'in the batch' : `${r.ms} ms`})${why}${result.crashedAfterResult ? ` [n8n then died by ${r.signal} while exiting]` : ''}`);
    }
    return results;
  }
}

function parseArgs(argv) {
  const o = { workflowFiles: [], timeoutSec: 120, keepCredentialRefs: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      return argv[++i];
    };
    if (a.startsWith('--user-folder')) o.userFolder = val();
    else if (a.startsWith('--credentials')) o.credentialsFile = val();
    else if (a.startsWith('--timeout')) o.timeoutSec = Number(val());
    else if (a.startsWith('--out')) o.out = val();
    else if (a === '--keep-credential-refs') o.keepCredentialRefs = true;
    else if (a === '--batch') o.batch = true;
    else if (a === '-h' || a === '--help') o.help = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.workflowFiles.push(a);
  }
  return o;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = parseArgs(process.argv.slice(2));
  if (o.help || !o.userFolder || !o.workflowFiles.length) {
    process.stderr.write('usage: run-workflows.mjs --user-folder DIR [--credentials FILE] [--timeout SEC] [--out FILE] [--keep-credential-refs] [--batch] WORKFLOW.json...\n');
    process.exit(o.help ? 0 : 2);
  }
  runWorkflows(o).then(
    (results) => {
      const json = JSON.stringify(results, null, 2);
      if (o.out) fs.writeFileSync(o.out, json);
      else process.stdout.write(json + '\n');
      const bad = results.filter((r) => r.timedOut || !r.run).length;
      process.exit(bad ? 1 : 0); // workflows that ran but errored are judged by the checker
    },
    (e) => {
      process.stderr.write(`ERROR: ${e.message}\n`);
      process.exit(1);
    },
  );
}
