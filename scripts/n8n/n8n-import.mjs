// Getting credentials and workflows into an n8n user folder (`n8n import:credentials`,
// `n8n import:workflow --separate`), with ids that the CLI commands accept.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseLog } from './n8n-output.mjs';
import { runN8n } from './n8n-process.mjs';

const stableId = (s, prefix = '') => (prefix + createHash('sha1').update(s).digest('hex')).slice(0, 16);

export function readCredentials(file) {
  let creds = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(creds)) creds = [creds];
  return creds.map((c) => ({ ...c, id: c.id ?? stableId(`${c.type}:${c.name}`, 'c') }));
}

export function prepareWorkflow(file, creds, keepRefs, batch) {
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

/** Runs an `n8n import:*` command; throws with n8n's messages unless it reports success. */
export async function importInto(command, input, { env, timeoutMs }) {
  const r = await runN8n([command, ...(command === 'import:workflow' ? ['--separate'] : []), `--input=${input}`], { env, timeoutMs });
  const msgs = parseLog(r.stdout + '\n' + r.stderr).map((e) => e.message);
  if (r.code !== 0 || !msgs.some((m) => /Successfully imported/.test(m))) {
    throw new Error(`n8n ${command} failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${msgs.join('\n')}`);
  }
  return r;
}

/** Writes the prepared workflows one file each into dir (import:workflow --separate reads a folder). */
export function writeWorkflows(prepared, dir) {
  fs.mkdirSync(dir);
  const ids = new Set();
  for (const p of prepared) {
    if (ids.has(p.wf.id)) throw new Error(`duplicate workflow id ${p.wf.id} (${p.file})`);
    ids.add(p.wf.id);
    fs.writeFileSync(path.join(dir, `${p.wf.id}.json`), JSON.stringify(p.wf, null, 2));
  }
}
