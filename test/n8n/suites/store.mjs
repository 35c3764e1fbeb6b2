#!/usr/bin/env node
// The engine tests' store stand-in (harness/deduplicator.ts) against n8n's own de-duplication store,
// in the installed n8n (run by scripts/n8n/test-n8n.sh). The same operations, seeded, run on both:
// on n8n's DeduplicationHelper over its SQLite processed_data table (test/n8n/store/real-store.cjs,
// with n8n's Node, on a copy of the suite's user-folder database), and on the stand-in
// (test/n8n/store/stand-in-store.ts). Every answer and the stored hashes must be equal, on the
// cases where the two could differ: the call that creates the row, keys repeated within a call,
// maxEntries (the limit and which keys go first), removing (a key stored twice), clearing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { n8nPaths } from '../../../scripts/n8n/n8n-process.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..', '..');
const userFolder = process.env.N8N_TEST_USER_FOLDER;
const work = process.env.N8N_TEST_WORK;
if (!userFolder || !work) {
  console.error('run by scripts/n8n/test-n8n.sh: needs N8N_TEST_USER_FOLDER and N8N_TEST_WORK');
  process.exit(2);
}
let failures = 0;
const check = (ok, what, detail = '') => {
  console.log(`${ok ? 'ok' : 'not ok'} - store: ${what}${ok || !detail ? '' : ` (${detail})`}`);
  if (!ok) failures++;
};

/** Deterministic operations (a small LCG): the cases named above, then a random walk. */
function operations(seed = 17) {
  let state = seed;
  const next = (n) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
  const key = (n) => `PREP:0123456789abcdef|lead-${n}`;
  const ops = [
    { op: 'check', node: 'first', items: [key(1), key(2), key(1), key(3)], maxEntries: 3 }, // creates the row
    { op: 'check', node: 'first', items: [key(1), key(4), key(4), key(5)], maxEntries: 3 }, // repeated within a call
    { op: 'count', node: 'first' },
    { op: 'check', node: 'first', items: [key(5), key(1)], maxEntries: 3 }, // 1 went first
    { op: 'check', node: 'twice', items: [key(7)] },
    { op: 'check', node: 'twice', items: [key(8), key(8)] },
    { op: 'remove', node: 'twice', items: [key(8)] }, // the first copy only
    { op: 'check', node: 'twice', items: [key(8), key(9)] },
    { op: 'clear', node: 'twice' },
    { op: 'check', node: 'twice', items: [key(7), key(7)] }, // the row again
    { op: 'remove', node: 'absent', items: [key(1)] },
    { op: 'count', node: 'absent' },
  ];
  for (let i = 0; i < 300; i++) {
    const node = ['a', 'b'][next(2)];
    const items = Array.from({ length: next(12) }, () => key(next(60)));
    const kind = next(10);
    if (kind < 6) ops.push({ op: 'check', node, items, maxEntries: next(3) === 0 ? undefined : 20 + next(30) });
    else if (kind < 9) ops.push({ op: 'remove', node, items });
    else ops.push({ op: next(4) === 0 ? 'clear' : 'count', node });
  }
  return ops;
}

try {
  const tmp = fs.mkdtempSync(path.join(work, 'store-'));
  const ops = operations();
  const opsFile = path.join(tmp, 'ops.json');
  fs.writeFileSync(opsFile, JSON.stringify({ operations: ops }));
  // A copy of the user folder's database (its migrations ran when the workflows were imported).
  const database = path.join(tmp, 'database.sqlite');
  const source = path.join(userFolder, '.n8n', 'database.sqlite');
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(source + suffix)) fs.copyFileSync(source + suffix, database + suffix);
  const { node, n8nBin } = n8nPaths();
  const n8nDir = path.resolve(path.dirname(fs.realpathSync(n8nBin)), '..');
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${path.basename(args[0])} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    return JSON.parse(r.stdout);
  };
  const real = run(node, [path.join(REPO, 'test', 'n8n', 'store', 'real-store.cjs'), n8nDir, database, opsFile]);
  const standIn = run(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'test', 'n8n', 'store', 'stand-in-store.ts'), opsFile]);
  const differ = ops.map((op, i) => ({ i, op, real: JSON.stringify(real.results[i]), standIn: JSON.stringify(standIn.results[i]) })).filter((d) => d.real !== d.standIn);
  const first = differ[0];
  check(differ.length === 0, `${ops.length} operations: every answer of the stand-in equals n8n's store's`, first && `operation ${first.i} ${JSON.stringify(first.op)}: n8n ${first.real}, stand-in ${first.standIn}`);
  check(JSON.stringify(real.stored) === JSON.stringify(standIn.stored), 'the stored md5 hashes, per node and in order, are equal', `n8n ${JSON.stringify(real.stored).slice(0, 300)}; stand-in ${JSON.stringify(standIn.stored).slice(0, 300)}`);
  // The facts the node relies on, read from n8n's own answers (so a change in n8n shows here by name).
  const [created, repeated, count, evicted] = real.results;
  check(created.new.length === 4 && created.processed.length === 0, 'n8n: the call that creates the row reports every key new, a repeated one too', JSON.stringify(created));
  check(repeated.new.length === 3 && repeated.processed.length === 1, 'n8n: a key repeated within a call is new both times', JSON.stringify(repeated));
  check(count === 3 && JSON.stringify(evicted) === JSON.stringify({ new: [ops[3].items[1]], processed: [ops[3].items[0]] }), 'n8n: maxEntries 3 keeps 3 hashes and drops the oldest first', JSON.stringify({ count, evicted }));
  check(JSON.stringify(real.results[7]) === JSON.stringify({ new: [ops[7].items[1]], processed: [ops[7].items[0]] }), 'n8n: removing a key stored twice deletes one copy only', JSON.stringify(real.results[7]));
  check(Object.values(real.stored).flat().every((hash) => /^[A-Za-z0-9+/]{22}==$/.test(hash)), 'n8n stores md5 hashes (base64), not the keys');
} catch (error) {
  check(false, 'the suite ran', error.stack ?? String(error));
}
process.exit(failures === 0 ? 0 : 1);
