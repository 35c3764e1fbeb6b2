// A real `n8n start` for the browser checks and the queue test: its own process group on a free
// loopback port, waited for until its REST API answers, stopped with everything it spawned.
// Also the REST calls those checks make as the instance owner (n8n's editor API, cookie auth).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePort, n8nEnv, n8nPaths } from './n8n-process.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts n8n; resolves { url, stop(), log() } once /rest/settings answers. */
export async function startN8n(userFolder, { logFile, timeoutMs = 240_000 } = {}) {
  const { node, n8nBin } = n8nPaths();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env = n8nEnv(userFolder, {
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: 'localhost',
    N8N_PROTOCOL: 'http',
    N8N_EDITOR_BASE_URL: url,
    WEBHOOK_URL: `${url}/`,
    N8N_LOG_FORMAT: 'text',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
  });
  const out = fs.openSync(logFile, 'a');
  const child = spawn(node, [n8nBin, 'start'], { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 10_000);
    await gone;
    clearTimeout(timer);
    try {
      process.kill(-child.pid, 'SIGKILL'); // task runners left in the group
    } catch {}
  };
  // Whatever ends this script ends n8n too (a signal skips 'exit' handlers: exit explicitly).
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.once('exit', killGroup);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      killGroup();
      process.exit(code);
    });
  }
  const log = () => fs.readFileSync(logFile, 'utf8');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`n8n exited during start-up (${JSON.stringify(exited)}):\n${log().slice(-3000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`n8n did not answer on ${url} within ${timeoutMs / 1000} s:\n${log().slice(-3000)}`);
    }
    try {
      // /healthz answers before the REST API is mounted; /rest/settings answers JSON once it is.
      const res = await fetch(`${url}/rest/settings`);
      if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) break;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { url, port, stop, log };
}

/** The owner's session: sets the owner up on a new instance, else signs in. */
export async function ownerSession(url, { email, password, firstName = 'Test', lastName = 'Batiweb' }) {
  let cookie = '';
  const api = async (method, route, body) => {
    const res = await fetch(`${url}/rest${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), 'browser-id': 'batiweb-tests' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie?.() ?? [];
    const auth = set.find((c) => c.startsWith('n8n-auth='));
    if (auth) cookie = auth.split(';')[0];
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    if (!res.ok) throw new Error(`${method} /rest${route}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return json?.data ?? json;
  };
  const settings = await api('GET', '/settings');
  if (settings.userManagement?.showSetupOnFirstLoad) await api('POST', '/owner/setup', { email, firstName, lastName, password });
  else await api('POST', '/login', { emailOrLdapLoginId: email, password });
  const project = await api('GET', '/projects/personal');
  return { api, projectId: project.id, cookie: () => cookie };
}

/** The columns of the leads table, read from the example that creates it (one source). */
export function leadsTableSpec() {
  const wf = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'batiweb-leads-table.json'), 'utf8'));
  const create = wf.nodes.find((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'create');
  return { name: create.parameters.tableName, columns: create.parameters.columns.column.map(({ name, type }) => ({ name, type })) };
}

/** Creates the leads data table in the owner's project (as the example workflow would). */
export async function createLeadsTable(session) {
  return await session.api('POST', `/projects/${session.projectId}/data-tables`, leadsTableSpec());
}

/** Every row of a data table of the owner's project, by name, oldest first. */
export async function dataTableRows(session, name) {
  const tables = await session.api('GET', `/projects/${session.projectId}/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
  const table = (tables.data ?? tables).find((t) => t.name === name);
  if (!table) throw new Error(`no data table named ${name}`);
  const rows = await session.api('GET', `/projects/${session.projectId}/data-tables/${table.id}/rows?take=1000&sortBy=id:asc`);
  return rows.data ?? rows;
}
