#!/usr/bin/env node
// Checks the results of a real n8n run (the JSON written by scripts/n8n/run-workflows.mjs).
//   node test/n8n/check.mjs results.json
// Every workflow gets the generic checks (it ran to the end in n8n, n8n knew every node type,
// the Batiweb Lead node ran). Each file of expect/ adds checks for the workflows it names.
// Prints one line per check and closes with "N passed, N failed"; exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assert, batiwebNodeNames, CheckError } from './assert.mjs';

const EXPECT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'expect');

/** Workflow file basename -> [check name, fn(result)][], merged from every expect/*.mjs. */
export async function loadExpectations(dir = EXPECT_DIR) {
  const expect = {};
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
    const { default: checks } = await import(pathToFileURL(path.join(dir, f)).href);
    for (const [workflow, list] of Object.entries(checks)) {
      if (expect[workflow]) throw new Error(`${f}: ${workflow} already has checks in another expect/ file`);
      expect[workflow] = list;
    }
  }
  return expect;
}

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

export function check(results, expect, { log = console.log } = {}) {
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    const base = path.basename(r.file);
    const checks = [...genericChecks(r), ...(expect[base] ?? [])];
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
  for (const base of Object.keys(expect)) {
    if (!results.some((r) => path.basename(r.file) === base)) {
      failed++;
      log(`not ok - ${base}: expected workflow was not run`);
    }
  }
  return { passed, failed };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: check.mjs results.json');
    process.exit(2);
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { passed, failed } = check(results, await loadExpectations());
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
