#!/usr/bin/env node
// Checks the results of a real n8n run (the JSON written by scripts/n8n/run-workflows.mjs).
//   node test/n8n/check.mjs results.json
// Every workflow gets the generic checks (it ran to the end in n8n, n8n knew every node type,
// the Batiweb Lead node ran). Workflows named in EXPECT get their own assertions too.
// Prints one line per check and closes with "N passed, N failed"; exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';

const BATIWEB_TYPE = 'n8n-nodes-batiweb.batiwebLead';

// ---- helpers for expectations ---------------------------------------------------------------
class CheckError extends Error {}
function assert(cond, message) {
  if (!cond) throw new CheckError(message);
}
const show = (v) => JSON.stringify(v)?.slice(0, 400);

/** The Batiweb Lead nodes of the workflow (by name), from the imported source file. */
function batiwebNodeNames(r) {
  const wf = JSON.parse(fs.readFileSync(r.file, 'utf8'));
  return wf.nodes.filter((n) => n.type === BATIWEB_TYPE).map((n) => n.name);
}
/** Items (json) of output `index` (0 = Success, 1 = Error) of a node's last run. */
export function items(r, nodeName, index) {
  const node = r.nodes?.[nodeName];
  assert(node, `node "${nodeName}" did not run (ran: ${Object.keys(r.nodes ?? {}).join(', ') || 'none'})`);
  return node.outputs[index] ?? [];
}
const success = (r, node = 'Batiweb Lead') => items(r, node, 0);
const errors = (r, node = 'Batiweb Lead') => items(r, node, 1);

// ---- per-workflow expectations: file basename -> list of [check name, fn(result)] -----------
export const EXPECT = {
  'check-sellable-ok.json': [
    ['one item on Success, none on Error', (r) => {
      assert(success(r).length === 1, `Success has ${success(r).length} items: ${show(success(r))}`);
      assert(errors(r).length === 0, `Error has items: ${show(errors(r))}`);
    }],
    ['Success item has code 0 and sellable true', (r) => {
      const [it] = success(r);
      assert(it.code === 0, `code is ${show(it.code)}: ${show(it)}`);
      assert(it.success === true, `success is ${show(it.success)}`);
      assert(it.sellable === true, `sellable is ${show(it.sellable)}`);
      assert(it.operation === 'checkSellable', `operation is ${show(it.operation)}`);
    }],
  ],
  // examples/manual/form-to-batiweb.json: four posted forms (one sold, one not bought, one
  // posted twice, one with a bad postcode), as docs/examples.md describes them.
  'form-to-batiweb.json': [
    ['one lead imported with a token; three refused, each for its own reason', (r) => {
      const sent = success(r, 'Import to Batiweb');
      const refused = errors(r, 'Import to Batiweb');
      assert(sent.length === 1 && /^[0-9a-f]{128}$/.test(sent[0].token), `Success: ${show(sent)}`);
      const kinds = refused.map((it) => it.kind).sort();
      assert(
        JSON.stringify(kinds) === JSON.stringify(['invalid-input', 'not-sellable', 'skipped-duplicate']),
        `Error kinds: ${show(kinds)}`,
      );
      const notSellable = refused.find((it) => it.kind === 'not-sellable');
      assert(notSellable.code === 4 && notSellable.stage === 'checkSellable', `not-sellable: ${show(notSellable)}`);
      const invalid = refused.find((it) => it.kind === 'invalid-input');
      assert(invalid.field === 'zipcode' && invalid.attempts === 0, `invalid-input: ${show(invalid)}`);
    }],
    ['every refusal reaches "Log refusal" with the form\'s email (pairing back to the trigger)', (r) => {
      const logged = items(r, 'Log refusal', 0);
      assert(logged.length === 3, `Log refusal has ${logged.length} items: ${show(logged)}`);
      assert(logged.every((it) => typeof it.email === 'string' && it.email.includes('@')), show(logged));
    }],
  ],
  // examples/manual/status-polling.json: imports two sample leads, then asks their status.
  'status-polling.json': [
    ['Get Status answers both leads (new leads: status 0, not final) and reports no error', (r) => {
      const statuses = success(r, 'Get Status');
      assert(statuses.length === 2, `Success: ${show(statuses)}`);
      assert(errors(r, 'Get Status').length === 0, `Error: ${show(errors(r, 'Get Status'))}`);
      assert(statuses.every((it) => it.status === 0 && it.final === false), show(statuses));
    }],
  ],
  'check-sellable-refused.json': [
    ['one item on Error, none on Success', (r) => {
      assert(errors(r).length === 1, `Error has ${errors(r).length} items: ${show(errors(r))}`);
      assert(success(r).length === 0, `Success has items: ${show(success(r))}`);
    }],
    ['Error item is code 4 not-sellable', (r) => {
      const [it] = errors(r);
      assert(it.code === 4, `code is ${show(it.code)}: ${show(it)}`);
      assert(it.kind === 'not-sellable', `kind is ${show(it.kind)}`);
      assert(it.success === false, `success is ${show(it.success)}`);
    }],
  ],
};

// ---- generic checks --------------------------------------------------------------------------
function genericChecks(r) {
  const checks = [
    ['ran in n8n', () => {
      assert(!r.timedOut, `timed out after ${r.durationMs} ms`);
      assert(r.run, `n8n printed no execution result (exit ${r.exitCode}): ${(r.error?.message ?? '').slice(0, 400)}`);
    }],
    ['n8n loaded every community package', () => {
      const errs = r.packageLoadErrors ?? [];
      assert(errs.length === 0, errs.map((e) => `Failed to load package "${e.package}": ${e.cause}`).join('; '));
    }],
    ['n8n knew every node type', () => {
      assert(r.missingNodeTypes.length === 0, `missing node types: ${r.missingNodeTypes.join(', ')} — was the package installed/loaded?`);
    }],
    ['execution finished without a workflow error', () => {
      assert(!r.error, `${r.error?.node ? `node "${r.error.node}": ` : ''}${r.error?.message}${r.error?.description ? ` (${r.error.description})` : ''}`);
    }],
  ];
  let names = [];
  try {
    names = batiwebNodeNames(r);
  } catch {}
  for (const name of names) {
    checks.push([`node "${name}" ran`, () => {
      assert(r.nodes?.[name], `did not run (last node executed: ${r.lastNodeExecuted})`);
      assert(!r.nodes[name].error, `node error: ${r.nodes[name].error?.message}`);
    }]);
  }
  return checks;
}

export function check(results, { log = console.log } = {}) {
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    const base = path.basename(r.file);
    const checks = [...genericChecks(r), ...(EXPECT[base] ?? [])];
    for (const [name, fn] of checks) {
      try {
        fn(r);
        passed++;
        log(`ok - ${base}: ${name}`);
      } catch (e) {
        failed++;
        log(`not ok - ${base}: ${name}: ${e instanceof CheckError ? e.message : e.stack}`);
      }
    }
  }
  for (const base of Object.keys(EXPECT)) {
    if (!results.some((r) => path.basename(r.file) === base)) {
      failed++;
      log(`not ok - ${base}: expected workflow was not run`);
    }
  }
  return { passed, failed };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: check.mjs results.json');
    process.exit(2);
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { passed, failed } = check(results);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
