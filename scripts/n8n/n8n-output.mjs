// Reading what an n8n CLI process printed: its JSON log lines, the execution (IRun) among them,
// and the per-workflow result written to results.json (fields: docs/real-n8n.md).
import path from 'node:path';

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

/** n8n logs 'Failed to load package "<name>"', then the cause (e.g. a module not found). */
function packageLoadErrors(entries) {
  const errors = [];
  entries.forEach((e, i) => {
    const m = /^Failed to load package "([^"]+)"/.exec(e.message);
    if (m) errors.push({ package: m[1], cause: (entries[i + 1]?.message ?? '').split('\n')[0] });
  });
  return errors;
}

/** No IRun at all: n8n failed before running (crash, timeout, workflow without Manual Trigger). */
function errorWithoutRun(entries, proc, timeoutSec) {
  // n8n logs "Error executing workflow...", then the error message, its stack, and the message again.
  const errs = entries.filter((e) => e.level === 'error' || e.level === 'raw').map((e) => e.message.trim());
  const main = [...errs].reverse().find((m) => m && !m.includes('\n    at ') && !/^Error executing workflow|^Execution error/.test(m));
  return {
    message: proc.timedOut ? `timed out after ${timeoutSec}s` : main ?? `n8n exited ${proc.code} without printing a result`,
    description: errs.join('\n') || null,
    node: null,
  };
}

/**
 * The result of one workflow from its n8n process `proc` ({code, signal, stdout, stderr,
 * timedOut, ms}); `run` is the IRun when it came from elsewhere (an execute-batch snapshot).
 */
export function workflowResult({ file, wf, proc, via, timeoutSec, run: given }) {
  const entries = parseLog(proc.stdout + '\n' + proc.stderr);
  const found = extractRun(entries);
  const run = via === 'execute' ? found.run : given ?? null;
  const logLines = entries.filter((_, i) => i !== found.index).map((e) => (e.level === 'raw' ? e.message : `${e.level}: ${e.message}`));
  const missing = new Set();
  for (const m of logLines) for (const x of m.matchAll(MISSING_RE)) missing.add(x[1] ?? x[2]);
  const s = summarizeRun(run);
  if (s.error?.message) for (const x of s.error.message.matchAll(MISSING_RE)) missing.add(x[1] ?? x[2]);
  if (!s.error && !run) s.error = errorWithoutRun(entries, proc, timeoutSec);
  return {
    file,
    id: wf.id,
    name: wf.name,
    // Judged on what n8n printed: n8n 2.41 on Node 24 sometimes segfaults while exiting,
    // after printing the result (see crashedAfterResult).
    ok: !!run && !s.error && !proc.timedOut,
    exitCode: proc.code,
    signal: proc.signal ?? null,
    crashedAfterResult: !!run && !!proc.signal && !proc.timedOut,
    timedOut: proc.timedOut,
    via,
    durationMs: proc.ms,
    missingNodeTypes: [...missing],
    packageLoadErrors: packageLoadErrors(entries),
    ...s,
    run,
    log: logLines,
  };
}

/** One summary line for the progress log. */
export function describeResult(result, inBatch) {
  const why = result.error ? `: ${result.error.message.split('\n')[0]}` : '';
  const crash = result.crashedAfterResult ? ` [n8n then died by ${result.signal} while exiting]` : '';
  return `${result.ok ? 'ran   ' : 'FAILED'} ${path.basename(result.file)} (${inBatch ? 'in the batch' : `${result.durationMs} ms`})${why}${crash}`;
}
