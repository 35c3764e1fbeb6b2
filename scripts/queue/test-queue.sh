#!/usr/bin/env bash
# npm run test:queue — runs this package in n8n 2.41.1's queue mode, on this machine, offline:
#  (1) Redis and PostgreSQL from Debian's packages (installed if missing), started on free loopback
#      ports in a temp dir owned by this run; a database "n8n".
#  (2) the real n8n 2.41.1 + Node 24 of scripts/n8n/install.sh (cached).
#  (3) npm run build && npm pack; the tarball installed ONCE in a shared user folder
#      (.n8n/nodes) with scripts/n8n/with-package.sh: main and both workers load the same version.
#  (4) the Batiweb sandbox, an n8n main (EXECUTIONS_MODE=queue) and two `n8n worker`s, all on
#      127.0.0.1, sharing Redis, Postgres and N8N_ENCRYPTION_KEY.
#  (5) imports a credential pointing at the sandbox, examples/form-to-batiweb.json (Webhook →
#      Import) and scripts/queue/workflows/*.json (Webhook → Get Status with Only Changes),
#      publishes them, and check-queue.mjs POSTs to their production webhooks: every execution
#      goes through Redis to a worker. It checks the answers, the sandbox's record, Postgres's
#      execution_entity and the workers' logs (which worker ran which execution).
#      Last, issue 17's crash case (check-queue.mjs crashCase): the worker stopped by the checks is
#      started again; scripts/queue/workflows/crash-import-webhook.json gets QUEUE_CRASH_LEADS (1,000)
#      leads by webhook (Skip Leads Already Sent, 16 in flight; the sandbox answers in 100-200 ms);
#      the worker running it is SIGKILLed (process group) at 40% of the imports; n8n fails the stalled
#      job (Bull lock 60 s + stalled check 30 s, n8n's defaults) and the execution is retried as the
#      editor's Retry does it (REST); what the Retry leaves unsent, a new webhook call with the same
#      leads sends on the other worker. Printed: received in run 1, in flight at the kill, received
#      in the retry and the new call, never received, received twice (the last two must be 0).
#      It adds about 135-160 s to test:queue (2 shared cores: the crash case 128 s and 160 s, the
#      whole checks phase 142 s, the run 206 s), most of it waiting for n8n to fail the stalled job.
#  (6) stops everything it started on exit; exits 1 if any check failed.
# Env: KEEP_QUEUE_TMP=1 keeps the temp dir (logs, user folder, database), SKIP_BUILD=1 packs the
# existing dist/, QUEUE_TEST_TARBALL=<tgz> uses that tarball.
set -euo pipefail
QUEUE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$QUEUE_DIR/../n8n/common.sh"
source "$N8N_SCRIPTS_DIR/sandbox.sh"

T0=$(date +%s)
phase_start=$T0
qlog() { echo "[queue $(date +%H:%M:%S)] $*" >&2; }
phase() { local now; now=$(date +%s); qlog "── $* (+$((now - phase_start))s, total $((now - T0))s)"; phase_start=$now; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/n8n-queue.XXXXXX")"
chmod 755 "$WORK"
PIDS=()          # process groups we started (setsid), stopped in reverse order
PG_BIN=""
PG_DATA="$WORK/pg"
PG_USER_RUN=()   # prefix to run Postgres commands as the postgres user when we are root

stop_group() { # $1 = pgid
  local g="$1" i
  kill -TERM -- "-$g" 2>/dev/null || return 0
  for i in $(seq 1 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- "-$g" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  local i
  # workers check-queue.mjs started again (a stopped one, for the crash case)
  if [[ -f "$WORK/extra-pgids" ]]; then while read -r g; do stop_group "$g"; done <"$WORK/extra-pgids"; fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_group "${PIDS[$i]}"; done
  stop_sandbox
  if [[ -n "$PG_BIN" && -f "$PG_DATA/postmaster.pid" ]]; then
    "${PG_USER_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
  fi
  if [[ "${KEEP_QUEUE_TMP:-0}" == 1 || $rc != 0 ]]; then
    qlog "kept $WORK (logs: main.log worker-a.log worker-b.log redis.log pg/server.log sandbox.log)"
  else
    rm -rf "$WORK"
  fi
  qlog "exit $rc after $(($(date +%s) - T0))s"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { # $1 = what, $2 = seconds, $3.. = command that succeeds when ready
  local what="$1" secs="$2" i; shift 2
  for ((i = 0; i < secs * 5; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$what not ready within ${secs}s"
}

# (1) Redis + PostgreSQL ---------------------------------------------------------------------
phase "Redis and PostgreSQL (Debian packages)"
if ! command -v redis-server >/dev/null || ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  [[ $(id -u) == 0 ]] || die "redis-server / postgresql missing: run as root, or apt-get install redis-server postgresql"
  qlog "installing redis-server postgresql with apt-get"
  apt-get update -qq >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >>"$WORK/apt.log" 2>&1 \
    || { cat "$WORK/apt.log" >&2; die "apt-get install failed"; }
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
REDIS_PORT=$(free_port)
PG_PORT=$(free_port)

( exec setsid redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$WORK" --daemonize no >"$WORK/redis.log" 2>&1 ) &
PIDS+=($!)
wait_for "redis" 20 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping

if [[ $(id -u) == 0 ]]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  id postgres >/dev/null 2>&1 || die "no postgres user (apt-get install postgresql creates it)"
  PG_USER_RUN=(runuser -u postgres --)
  mkdir -p "$PG_DATA" && chown postgres: "$PG_DATA"
fi
"${PG_USER_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
"${PG_USER_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off" start >/dev/null \
  || { cat "$PG_DATA/server.log" >&2; die "pg_ctl start failed"; }
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres n8n || die "createdb failed"
qlog "redis 127.0.0.1:$REDIS_PORT, postgres 127.0.0.1:$PG_PORT (data $PG_DATA)"

# (2) n8n + Node 24 ---------------------------------------------------------------------------
phase "n8n $N8N_VERSION + Node $NODE24_VERSION (scripts/n8n/install.sh, cached)"
bash "$N8N_SCRIPTS_DIR/install.sh"

# (3) build, pack, install in the shared user folder -----------------------------------------
cd "$REPO_ROOT"
if [[ -n "${QUEUE_TEST_TARBALL:-}" ]]; then
  TARBALL="$(realpath "$QUEUE_TEST_TARBALL")"
else
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    phase "npm run build"
    npm run build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "npm run build failed"; }
  fi
  phase "npm pack"
  TARBALL="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -1)"
fi
[[ -f "$TARBALL" ]] || die "no tarball"
USER_FOLDER="$WORK/user"
phase "install $(basename "$TARBALL") in the shared user folder (main and workers load it from there)"
bash "$N8N_SCRIPTS_DIR/with-package.sh" "$TARBALL" "$USER_FOLDER"

# (4) sandbox + environment -------------------------------------------------------------------
phase "start the sandbox"
start_sandbox "$WORK/sandbox.log" 0 --config "$QUEUE_DIR/sandbox.config.json" --quiet
qlog "sandbox at $SANDBOX_URL"

MAIN_PORT=$(free_port)
use_node24
n8n_env "$USER_FOLDER"
export N8N_ENCRYPTION_KEY="queue-test-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
export EXECUTIONS_MODE=queue
export QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$REDIS_PORT"
export DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$PG_PORT" DB_POSTGRESDB_DATABASE=n8n \
  DB_POSTGRESDB_USER=postgres DB_POSTGRESDB_PASSWORD=unused
export N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1 N8N_PORT="$MAIN_PORT" N8N_PROTOCOL=http
export WEBHOOK_URL="http://127.0.0.1:$MAIN_PORT/"
export N8N_WORKER_SERVER_ADDRESS=127.0.0.1 N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1
export N8N_LOG_LEVEL=info N8N_LOG_OUTPUT=console NO_COLOR=1
export EXECUTIONS_DATA_SAVE_ON_SUCCESS=all EXECUTIONS_DATA_SAVE_ON_ERROR=all
# Published workflows are activated by main at start-up (ActiveWorkflowManager). n8n 2.41's
# default publication service only activates what goes through its outbox (the editor/API), not
# what `n8n publish:workflow` wrote in the database.
export N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false
# Offline: the MCP server registry module fetches a list from n8n's servers.
export N8N_DISABLED_MODULES=mcp-registry
# n8n settings file (encryption key) lives in the user folder: write it with our key first.
mkdir -p "$USER_FOLDER/.n8n"
printf '{"encryptionKey":"%s"}\n' "$N8N_ENCRYPTION_KEY" >"$USER_FOLDER/.n8n/config"

n8n_cli() { node "$N8N_BIN" "$@"; }

# (5a) import + publish, before main starts (main registers the webhooks of published workflows)
phase "import the credential and workflows, publish them (first command runs the migrations)"
render_credentials "$REPO_ROOT/test/n8n/credentials.template.json" "$WORK/credentials.json"
n8n_cli import:credentials --input="$WORK/credentials.json" >"$WORK/import.log" 2>&1 \
  || { cat "$WORK/import.log" >&2; die "import:credentials failed"; }
mkdir -p "$WORK/workflows"
CRED_ID=$(node -p 'require(process.argv[1])[0].id' "$WORK/credentials.json")
CRED_NAME=$(node -p 'require(process.argv[1])[0].name' "$WORK/credentials.json")
WF_FILES=("$REPO_ROOT/examples/form-to-batiweb.json" "$QUEUE_DIR"/workflows/*.json)
for f in "${WF_FILES[@]}"; do
  [[ -f "$f" ]] || die "workflow not found: $f"
  node -e '
    const fs = require("fs"); const [src, dir, id, name] = process.argv.slice(1);
    const wf = JSON.parse(fs.readFileSync(src, "utf8"));
    for (const n of wf.nodes) if (n.credentials?.batiwebApi) n.credentials.batiwebApi = { id, name };
    wf.active = false;
    fs.writeFileSync(`${dir}/${wf.id}.json`, JSON.stringify(wf, null, 2));
    console.log(wf.id);
  ' "$f" "$WORK/workflows" "$CRED_ID" "$CRED_NAME" >>"$WORK/workflow-ids"
done
n8n_cli import:workflow --separate --input="$WORK/workflows" >>"$WORK/import.log" 2>&1 \
  || { cat "$WORK/import.log" >&2; die "import:workflow failed"; }
while read -r id; do
  n8n_cli publish:workflow --id="$id" >>"$WORK/import.log" 2>&1 \
    || { cat "$WORK/import.log" >&2; die "publish:workflow --id=$id failed"; }
done <"$WORK/workflow-ids"
qlog "published: $(tr '\n' ' ' <"$WORK/workflow-ids")"

# (4b) main + two workers -------------------------------------------------------------------
phase "start n8n main (queue mode) and two workers"
( exec setsid node "$N8N_BIN" start >"$WORK/main.log" 2>&1 ) &
PIDS+=($!)
declare -A WORKER_PGID WORKER_HEALTH
for w in a b; do
  hp=$(free_port); bp=$(free_port)
  ( export QUEUE_HEALTH_CHECK_ACTIVE=true QUEUE_HEALTH_CHECK_PORT="$hp" N8N_RUNNERS_BROKER_PORT="$bp"
    exec setsid node "$N8N_BIN" worker --concurrency=5 >"$WORK/worker-$w.log" 2>&1 ) &
  PIDS+=($!)
  WORKER_PGID[$w]=$!
  WORKER_HEALTH[$w]=$hp
done
wait_for "n8n main" 180 curl -sf "http://127.0.0.1:$MAIN_PORT/healthz/readiness"
for w in a b; do
  wait_for "worker $w" 120 curl -sf "http://127.0.0.1:${WORKER_HEALTH[$w]}/healthz/readiness"
done
qlog "main http://127.0.0.1:$MAIN_PORT, worker a health :${WORKER_HEALTH[a]}, worker b health :${WORKER_HEALTH[b]}"
# examples/form-to-batiweb.json saves each lead to the data table batiweb_leads: create it as the
# owner (set up through the REST API), as examples/batiweb-leads-table.json would.
node --input-type=module -e '
  import { createLeadsTable, ownerSession } from "'"$N8N_SCRIPTS_DIR"'/server.mjs";
  await createLeadsTable(await ownerSession(process.argv[1], { email: "owner@batiweb.test", password: "Batiweb-test-1" }));
' "http://127.0.0.1:$MAIN_PORT" || die "creating the data table batiweb_leads failed"

# (5b) executions through the queue + checks -------------------------------------------------
phase "executions through the queue"
set +e
MAIN_URL="http://127.0.0.1:$MAIN_PORT" SANDBOX_URL="$SANDBOX_URL" WORK="$WORK" \
  PSQL="$PG_BIN/psql -h 127.0.0.1 -p $PG_PORT -U postgres -d n8n" \
  WORKER_A_PGID="${WORKER_PGID[a]}" WORKER_B_PGID="${WORKER_PGID[b]}" N8N_BIN="$N8N_BIN" N8N_VERSION="$N8N_VERSION" \
  node "$QUEUE_DIR/check-queue.mjs"
check_rc=$?
set -e
phase "done"
[[ $check_rc == 0 ]] || exit 1
