#!/usr/bin/env bash
# npm run dev — a local n8n editor with this package, talking to the local Batiweb sandbox.
#  - installs n8n 2.41.1 + Node 24 in the cache if needed (install.sh)
#  - npm run build, npm pack, installs the tarball in the dev user folder (as the Community Nodes screen does)
#  - starts the sandbox on 127.0.0.1:${SANDBOX_PORT:-4010}
#  - imports a "Batiweb sandbox" credential pointing at it (+ examples/*.json and test/n8n/workflows/*.json)
#  - starts n8n on http://localhost:${N8N_PORT:-5678}, creates a local owner account on first run
# Ctrl+C stops n8n and the sandbox. Re-run after changing the node: it rebuilds and reinstalls.
# Env: N8N_DEV_USER_FOLDER (default <repo>/.cache/n8n-dev, kept between runs), N8N_PORT, SANDBOX_PORT,
#      SKIP_BUILD=1 (reuse dist/), N8N_DEV_TARBALL=<tgz> (install that instead of building),
#      N8N_DEV_EMAIL / N8N_DEV_PASSWORD (owner account).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$N8N_SCRIPTS_DIR/sandbox.sh"

N8N_PORT="${N8N_PORT:-5678}"
SANDBOX_PORT="${SANDBOX_PORT:-4010}"
DEV_FOLDER="${N8N_DEV_USER_FOLDER:-$REPO_ROOT/.cache/n8n-dev}"
DEV_EMAIL="${N8N_DEV_EMAIL:-dev@batiweb.local}"
DEV_PASSWORD="${N8N_DEV_PASSWORD:-Batiweb-dev-1}"
mkdir -p "$DEV_FOLDER"
DEV_FOLDER="$(realpath "$DEV_FOLDER")"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/n8n-dev.XXXXXX")"

N8N_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$N8N_PID" ]]; then
    kill -TERM -- "-$N8N_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$N8N_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$N8N_PID" 2>/dev/null || true
  fi
  stop_sandbox
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$N8N_PORT" "$SANDBOX_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use (another npm run dev?)"; fi
done

bash "$N8N_SCRIPTS_DIR/install.sh"

cd "$REPO_ROOT"
if [[ -n "${N8N_DEV_TARBALL:-}" ]]; then
  TARBALL="$(realpath "$N8N_DEV_TARBALL")"
else
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "npm run build"
    npm run build >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log" >&2; die "npm run build failed"; }
  fi
  TARBALL="$TMP/$(npm pack --silent --pack-destination "$TMP" | tail -1)"
fi
bash "$N8N_SCRIPTS_DIR/with-package.sh" "$TARBALL" "$DEV_FOLDER"

log "starting the sandbox on 127.0.0.1:$SANDBOX_PORT (log: $DEV_FOLDER/sandbox.log)"
start_sandbox "$DEV_FOLDER/sandbox.log" "$SANDBOX_PORT"

render_credentials "$REPO_ROOT/test/n8n/credentials.template.json" "$TMP/credentials.json"
mapfile -t WORKFLOWS < <(find examples test/n8n/workflows -name '*.json' 2>/dev/null | sort)
node --input-type=module -e '
  import { runN8n, n8nEnv } from "'"$N8N_SCRIPTS_DIR"'/run-workflows.mjs";
  import fs from "node:fs"; import path from "node:path"; import crypto from "node:crypto";
  const [folder, creds, tmp, ...wfs] = process.argv.slice(1);
  const env = n8nEnv(folder);
  const must = async (args) => {
    const r = await runN8n(args, { env, timeoutMs: 300000 });
    if (r.code !== 0) { console.error(r.stdout + r.stderr); process.exit(1); }
  };
  await must(["import:credentials", `--input=${creds}`]);
  if (wfs.length) {
    const dir = path.join(tmp, "wf"); fs.mkdirSync(dir);
    for (const [i, f] of wfs.entries()) {
      const wf = JSON.parse(fs.readFileSync(f, "utf8"));
      if (!Array.isArray(wf.nodes)) continue;
      for (const n of wf.nodes) if (n.credentials?.batiwebApi) n.credentials.batiwebApi = { id: "batiweb-sandbox", name: "Batiweb sandbox" };
      wf.active = false;
      // A stable id, so that each npm run dev updates the same workflows instead of adding copies.
      if (!wf.id) wf.id = "dev" + crypto.createHash("sha1").update(f).digest("hex").slice(0, 13);
      fs.writeFileSync(path.join(dir, `${i}-${path.basename(f)}`), JSON.stringify(wf));
    }
    await must(["import:workflow", "--separate", `--input=${dir}`]);
  }
' "$DEV_FOLDER" "$TMP/credentials.json" "$TMP" "${WORKFLOWS[@]}" || die "importing the credential/workflows failed"
log "imported credential \"Batiweb sandbox\" ($SANDBOX_URL) and ${#WORKFLOWS[@]} workflow(s)"

use_node24
n8n_env "$DEV_FOLDER"
export N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=localhost N8N_PROTOCOL=http
export N8N_EDITOR_BASE_URL="http://localhost:$N8N_PORT" N8N_WEBHOOK_URL="http://localhost:$N8N_PORT/"
export N8N_LOG_LEVEL="${N8N_LOG_LEVEL:-info}"
# The task broker defaults to port 5679: take a free one so a test run can go on beside.
N8N_RUNNERS_BROKER_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export N8N_RUNNERS_BROKER_PORT
log "starting n8n $N8N_VERSION (log: $DEV_FOLDER/n8n.log)"
setsid node "$N8N_BIN" start >"$DEV_FOLDER/n8n.log" 2>&1 &
N8N_PID=$!
for i in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$N8N_PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$N8N_PID" 2>/dev/null || { tail -50 "$DEV_FOLDER/n8n.log" >&2; die "n8n exited during start-up"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$N8N_PORT/healthz" >/dev/null || { tail -50 "$DEV_FOLDER/n8n.log" >&2; die "n8n did not answer on port $N8N_PORT"; }
# Wait for the REST API (healthz answers a bit earlier), then create the owner on the first run.
for i in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$N8N_PORT/rest/settings" -o "$TMP/settings.json" 2>/dev/null && break
  sleep 0.5
done
if grep -q '"showSetupOnFirstLoad":true' "$TMP/settings.json" 2>/dev/null; then
  curl -fsS -X POST "http://127.0.0.1:$N8N_PORT/rest/owner/setup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$DEV_EMAIL\",\"firstName\":\"Dev\",\"lastName\":\"Batiweb\",\"password\":\"$DEV_PASSWORD\"}" >/dev/null \
    && log "created the owner account $DEV_EMAIL" || log "could not create the owner account: the editor will ask for one"
fi

cat <<MSG

  n8n $N8N_VERSION editor:  http://localhost:$N8N_PORT
      sign in:            $DEV_EMAIL / $DEV_PASSWORD   (local dev account, user folder $DEV_FOLDER)
  Batiweb sandbox:        $SANDBOX_URL   (control: $SANDBOX_URL/_sandbox/health)
  credential:             "Batiweb sandbox" (login demo, PREP, Base URL $SANDBOX_URL)
  node:                   search "Batiweb Lead" in the nodes panel
  logs:                   $DEV_FOLDER/n8n.log, $DEV_FOLDER/sandbox.log

  Ctrl+C stops n8n and the sandbox. After changing the node, run npm run dev again.

MSG
wait "$N8N_PID"
