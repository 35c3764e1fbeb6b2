// Pieces shared by the real-n8n suites (test/n8n/suites/memory.mjs, memory-editor.mjs, hostile.mjs):
// a sandbox of their own, the leads, the Batiweb import workflow, and the sandbox's counts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * `tsx sandbox/cli.ts` on a free loopback port, in its own process group: resolves {url, stop()}.
 * `config` is a sandbox config (latency, rules…), written next to its log in `dir`.
 */
export function startSandbox(dir, config = {}) {
  const configFile = path.join(dir, 'memory-sandbox.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ host: '127.0.0.1', quiet: true, seed: 1, ...config }));
  const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join(REPO, 'sandbox', 'cli.ts'), '--port', '0', '--config', configFile], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const url = /Batiweb sandbox listening on (http\S+)/.exec(buffer)?.[1];
      if (url) resolve({ url, stop });
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${buffer.slice(-500)}`)));
  });
}

export async function sandboxGet(url, route) {
  return await (await fetch(`${url}/_sandbox/${route}`)).json();
}
export async function sandboxSend(url, method, route, body) {
  const res = await fetch(`${url}/_sandbox/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} /_sandbox/${route}: HTTP ${res.status} ${await res.text()}`);
  return await res.json();
}

/** A sellable lead (worktype 69 in Lyon), one email per (tag, i). */
export const lead = (tag, i) => ({
  email: `${tag}.${i}@example.fr`, firstname: 'Emma', lastname: 'Bernard', civility: 'Madame', isowner: '1',
  cellphone: '0612345678', city: 'Lyon', zipcode: '69003', worktype: '69', workdescription: 'Repaint a hallway',
  supplierleadid: `${tag}-${i}`,
});

/** Manual Trigger → Set (the leads) → Split Out → Batiweb Lead v2 (Map Automatically), Import by default. */
export function importWorkflow({ id, name = id, credential, leads, options, operation = 'import' }) {
  const node = (nodeName, type, typeVersion, parameters, x) => ({ id: `${id}-${nodeName}`.replace(/\W/g, '-'), name: nodeName, type, typeVersion, position: [x, 0], parameters });
  const batiweb = node('Batiweb Lead', 'n8n-nodes-batiweb.batiwebLead', 2, {
    operation,
    lead: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
    options,
  }, 660);
  batiweb.credentials = { batiwebApi: credential };
  return {
    id,
    name,
    nodes: [
      node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
      node('Leads', 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ leads }), options: {} }, 220),
      node('One per lead', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'leads', options: {} }, 440),
      batiweb,
    ],
    connections: {
      Start: { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
      Leads: { main: [[{ node: 'One per lead', type: 'main', index: 0 }]] },
      'One per lead': { main: [[{ node: 'Batiweb Lead', type: 'main', index: 0 }]] },
    },
    settings: {},
    active: false,
  };
}

/** The Batiweb Lead node's Success and Error items (json) of an IRun, and the kinds on Error. */
export function batiwebOutputs(run) {
  const task = run?.data?.resultData?.runData?.['Batiweb Lead']?.at(-1);
  const [success = [], failure = []] = (task?.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
  const kinds = {};
  for (const item of failure) kinds[item.kind ?? item.outcome ?? '?'] = (kinds[item.kind ?? item.outcome ?? '?'] ?? 0) + 1;
  return { success, failure, kinds };
}

/** Per email of `emails`, from the sandbox's counts: how many were received once, twice, never. */
export function tally(counts, emails) {
  const of = (email) => counts.leads[email] ?? { imports: 0, stored: 0, sellableChecks: 0 };
  return {
    received: emails.filter((e) => of(e).imports > 0).length,
    stored: emails.filter((e) => of(e).stored > 0).length,
    neverStored: emails.filter((e) => of(e).stored === 0).length,
    receivedTwice: emails.filter((e) => of(e).imports > 1).length,
    storedTwice: emails.filter((e) => of(e).stored > 1).length,
    imports: emails.reduce((n, e) => n + of(e).imports, 0),
    sellableChecks: emails.reduce((n, e) => n + of(e).sellableChecks, 0),
  };
}
