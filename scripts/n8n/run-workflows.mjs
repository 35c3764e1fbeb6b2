#!/usr/bin/env node
// Imports credentials + workflows into a real n8n (from the cache made by install.sh) and runs
// each workflow with `n8n execute --id <id> --rawOutput`, one process each, with a timeout.
// Prints a summary to stderr and writes all parsed results as JSON (fields: docs/real-n8n.md).
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
// The pieces: n8n-process.mjs (spawning n8n), n8n-import.mjs, n8n-execute-batch.mjs,
// n8n-output.mjs (reading what n8n printed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchProcess, executeBatch } from './n8n-execute-batch.mjs';
import { importInto, prepareWorkflow, readCredentials, writeWorkflows } from './n8n-import.mjs';
import { describeResult, workflowResult } from './n8n-output.mjs';
import { n8nEnv, n8nPaths, runN8n, withTempDir } from './n8n-process.mjs';

export { extractRun, parseLog, summarizeRun } from './n8n-output.mjs';
export { freePort, n8nEnv, n8nPaths, runN8n } from './n8n-process.mjs';

export async function runWorkflows({
  userFolder,
  credentialsFile,
  workflowFiles,
  timeoutSec = 120,
  keepCredentialRefs = false,
  batch = false,
  log = (m) => process.stderr.write(m + '\n'),
}) {
  const paths = n8nPaths();
  if (!fs.existsSync(paths.stamp)) throw new Error(`n8n is not installed (no ${paths.stamp}); run bash scripts/n8n/install.sh`);
  fs.mkdirSync(userFolder, { recursive: true });
  const env = n8nEnv(fs.realpathSync(userFolder));
  // The first command also runs the DB migrations.
  const importOpts = { env, timeoutMs: Math.max(timeoutSec, 180) * 1000 };

  return await withTempDir('n8n-run-', async (tmp) => {
    let creds = [];
    if (credentialsFile) {
      creds = readCredentials(credentialsFile);
      const cf = path.join(tmp, 'credentials.json');
      fs.writeFileSync(cf, JSON.stringify(creds, null, 2));
      const r = await importInto('import:credentials', cf, importOpts);
      log(`imported ${creds.length} credential(s) in ${r.ms} ms`);
    }

    const prepared = workflowFiles.map((file) => ({ file, wf: prepareWorkflow(file, creds, keepCredentialRefs, batch) }));
    const wfDir = path.join(tmp, 'workflows');
    writeWorkflows(prepared, wfDir);
    if (prepared.length) {
      const r = await importInto('import:workflow', wfDir, importOpts);
      log(`imported ${prepared.length} workflow(s) in ${r.ms} ms`);
    }

    const batchRuns = batch && prepared.length > 0 ? await executeBatch(prepared, { env, tmp, timeoutSec, log }) : new Map();
    const results = [];
    for (const { file, wf } of prepared) {
      const b = batchRuns.get(wf.id);
      const proc = b ? batchProcess(b) : await runN8n(['execute', `--id=${wf.id}`, '--rawOutput'], { env, timeoutMs: timeoutSec * 1000 });
      const result = workflowResult({ file, wf, proc, via: b ? 'execute-batch' : 'execute', timeoutSec, run: b?.run });
      results.push(result);
      log(describeResult(result, !!b));
    }
    return results;
  });
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
