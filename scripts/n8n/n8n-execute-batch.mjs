// One `n8n execute-batch` process runs every workflow, so n8n's start-up (~10 s) is paid once.
// A workflow that ends cleanly leaves a snapshot (its full IRun); one that does not is reported
// with the error execute-batch gives, without node outputs. It is not re-run: a re-run would
// send its requests twice. The default (one `n8n execute` each) shows a failure's details.
import fs from 'node:fs';
import path from 'node:path';
import { runN8n } from './n8n-process.mjs';

/** Map workflow id -> {run (IRun or null), error (text or null), batch (the process result)}. */
export async function executeBatch(prepared, { env, tmp, timeoutSec, log }) {
  const snapDir = path.join(tmp, 'snapshots');
  fs.mkdirSync(snapDir);
  const outFile = path.join(tmp, 'batch.json');
  const ids = prepared.map((p) => p.wf.id).join(',');
  const r = await runN8n(['execute-batch', `--ids=${ids}`, `--snapshot=${snapDir}`, `--output=${outFile}`], {
    env,
    timeoutMs: (timeoutSec * prepared.length + 60) * 1000,
  });
  let summary = null;
  try {
    summary = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  } catch {}
  const executions = [...(summary?.executions ?? []), ...(summary?.summary?.errors ?? []), ...(summary?.summary?.warnings ?? [])];
  const runs = new Map();
  for (const { wf } of prepared) {
    const f = path.join(snapDir, `${wf.id}-snapshot.json`);
    const e = executions.find((x) => x.workflowId === wf.id);
    runs.set(wf.id, { run: fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null, error: e?.error ?? null, batch: r });
  }
  const clean = [...runs.values()].filter((b) => b.run).length;
  log(`execute-batch ran ${prepared.length} workflow(s) in ${r.ms} ms (exit ${r.code}${r.timedOut ? ', timed out' : ''}); ${clean} finished cleanly`);
  return runs;
}

/** The process result to read for one workflow of the batch: the batch's output only if it failed. */
export function batchProcess(b) {
  const p = { ...b.batch, stdout: b.run ? '' : b.batch.stdout, stderr: b.run ? '' : b.batch.stderr, code: b.run ? 0 : b.batch.code || 1, signal: null };
  if (!b.run && b.error) p.stderr = `${p.stderr}\n${JSON.stringify({ level: 'error', message: b.error })}`;
  return p;
}
