// Starting the cached n8n (installed by install.sh): its paths and offline environment from
// common.sh, and `node n8n <args>` in its own process group with a timeout.
import { spawn, spawnSync } from 'node:child_process';
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

// Process groups of the n8n processes running now, and temp folders: cleaned up if this
// process is interrupted.
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

/** Runs fn(dir) with a fresh temp folder, removed afterwards (or on SIGINT/SIGTERM/SIGHUP). */
export async function withTempDir(prefix, fn) {
  installSignalHandlers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
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
