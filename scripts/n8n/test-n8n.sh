#!/usr/bin/env bash
# npm run test:n8n — runs this package inside a real n8n, offline, at both ends of the supported
# range: n8n 1.123.81 (this machine's Node) then 2.41.1 (Node 24). N8N_VERSION=<v> runs one.
#  (a) install.sh (cached in ${N8N_BATIWEB_CACHE:-~/.cache/n8n-nodes-batiweb}/n8n-<version>)
#  (b) npm run build && npm pack
#  (c) starts the Batiweb sandbox (tsx sandbox/cli.ts) on a free loopback port
#  (d) installs the tarball in a fresh user folder like the Community Nodes screen does
#  (e) imports a credential pointing at the sandbox, every examples/**/*.json workflow that has a
#      Manual Trigger (n8n execute can only start there), and every test/n8n/workflows/*.json
#  (f) runs them (one `n8n execute-batch` process, or `n8n execute --id <id> --rawOutput` each with
#      N8N_TEST_EACH=1) and hands the results to test/n8n/check.mjs (checks: test/n8n/expect/*.mjs)
#  (g) runs each test/n8n/suites/*.mjs (checks that need more than one workflow run: another
#      server, a browser…) with the environment below, unless workflow files were given
#  (h) stops everything it started on exit.
# Env: N8N_EXEC_TIMEOUT (s per workflow, default 90), KEEP_N8N_TMP=1 keeps the temp folder (kept anyway
# on failure), SKIP_BUILD=1 packs the existing dist/, N8N_TEST_TARBALL=<tgz> uses that tarball (no build,
# no pack), N8N_TEST_EACH=1 runs each workflow in its own `n8n execute` process (slower; default is
# one `n8n execute-batch` process for all, where a failing workflow shows execute-batch's error only).
# N8N_TEST_SUITES="browser hostile" runs only those suites (names without .mjs).
# Args: optional workflow files to run instead of the default set (no suites then).
# A suite gets N8N_TEST_WORK (temp folder), N8N_TEST_USER_FOLDER (n8n user folder with the package
# and credential), N8N_TEST_TARBALL, N8N_TEST_CREDENTIALS (the imported credentials file) and
# SANDBOX_URL, and N8N_VERSION (a suite that needs n8n 2.x says so and skips on 1.x); it prints its own "ok - …" / "not ok - …" lines and exits non-zero on a failure.
set -euo pipefail
# Without N8N_VERSION: both ends of the supported range, the oldest first, one build for both.
if [[ -z "${N8N_VERSION:-}" ]]; then
  source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
  N8N_VERSION="$N8N_OLDEST_VERSION" bash "$0" "$@"
  N8N_VERSION="$N8N_NEWEST_VERSION" SKIP_BUILD=1 bash "$0" "$@"
  exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$N8N_SCRIPTS_DIR/sandbox.sh"

T0=$(date +%s)
phase_start=$T0
phase() { local now; now=$(date +%s); log "── $* (+$((now - phase_start))s, total $((now - T0))s)"; phase_start=$now; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/n8n-test.XXXXXX")"
RUN_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # run-workflows.mjs kills the n8n process groups it started when it gets SIGTERM.
  if [[ -n "$RUN_PID" ]] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
  fi
  stop_sandbox
  if [[ "${KEEP_N8N_TMP:-0}" == 1 || $rc != 0 ]]; then
    log "kept $WORK (user folder, results.json, sandbox.log)"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# (a)
phase "install n8n $N8N_VERSION (cached)"
bash "$N8N_SCRIPTS_DIR/install.sh"

# (b)
cd "$REPO_ROOT"
if [[ -n "${N8N_TEST_TARBALL:-}" ]]; then
  TARBALL="$(realpath "$N8N_TEST_TARBALL")"
else
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    phase "npm run build"
    npm run build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "npm run build failed"; }
  fi
  [[ -d dist ]] || die "no dist/ to pack (npm run build)"
  phase "npm pack"
  TARBALL="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -1)"
fi
[[ -f "$TARBALL" ]] || die "npm pack produced no tarball"

# (c)
phase "start the sandbox"
start_sandbox "$WORK/sandbox.log" 0 --config "$REPO_ROOT/test/n8n/sandbox.config.json" --quiet
log "sandbox at $SANDBOX_URL"

# (d)
phase "install $(basename "$TARBALL") in a fresh user folder"
USER_FOLDER="$WORK/user"
bash "$N8N_SCRIPTS_DIR/with-package.sh" "$TARBALL" "$USER_FOLDER"

# (e)
render_credentials "$REPO_ROOT/test/n8n/credentials.template.json" "$WORK/credentials.json"
if [[ $# -gt 0 ]]; then
  WORKFLOWS=("$@")
else
  mapfile -t WORKFLOWS < <(node -e '
    // examples/**/*.json that n8n execute can start (they have a Manual Trigger), then test/n8n/workflows/*.json
    const fs = require("fs"), path = require("path");
    const walk = (dir) => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".json") ? [path.join(dir, e.name)] : []);
    const isWf = (f, needManual) => {
      let wf; try { wf = JSON.parse(fs.readFileSync(f, "utf8")); } catch { return false; }
      if (!wf || !Array.isArray(wf.nodes) || typeof wf.connections !== "object") return false;
      // n8n execute does not load n8n'\''s data-table module: those run in the browser suite (n8n start).
      if (wf.nodes.some((n) => n.type === "n8n-nodes-base.dataTable")) return false;
      return !needManual || wf.nodes.some((n) => n.type === "n8n-nodes-base.manualTrigger");
    };
    const list = [...walk("examples").filter((f) => isWf(f, true)), ...walk("test/n8n/workflows").filter((f) => isWf(f, false))];
    console.log(list.join("\n"));
  ')
fi
[[ ${#WORKFLOWS[@]} -gt 0 ]] || die "no workflow to run"
log "workflows: ${WORKFLOWS[*]}"

# (e)+(f)
phase "import and execute ${#WORKFLOWS[@]} workflow(s) in n8n"
set +e
RUN_OPTS=()
# Default: one `n8n execute-batch` process runs every workflow (n8n's start-up, ~8-10 s, paid once).
# N8N_TEST_EACH=1: one `n8n execute --id X --rawOutput` process per workflow, slower, but a failing
# workflow then shows its node outputs and n8n's full error.
[[ "${N8N_TEST_EACH:-0}" == 1 ]] || RUN_OPTS+=(--batch)
# In the background + wait, so that a signal reaches the trap at once (bash defers traps while a
# foreground child runs).
node "$N8N_SCRIPTS_DIR/run-workflows.mjs" --user-folder "$USER_FOLDER" --credentials "$WORK/credentials.json" \
  --timeout "${N8N_EXEC_TIMEOUT:-90}" --out "$WORK/results.json" "${RUN_OPTS[@]}" "${WORKFLOWS[@]}" &
RUN_PID=$!
wait "$RUN_PID"
run_rc=$?
RUN_PID=""
set -e
[[ -f "$WORK/results.json" ]] || die "run-workflows.mjs wrote no results (exit $run_rc)"

phase "check"
set +e
node "$REPO_ROOT/test/n8n/check.mjs" "$WORK/results.json"
check_rc=$?
set -e

# (g)
suites_rc=0
if [[ $# -eq 0 ]]; then
  export N8N_VERSION N8N_TEST_WORK="$WORK" N8N_TEST_USER_FOLDER="$USER_FOLDER" N8N_TEST_TARBALL="$TARBALL" \
    N8N_TEST_CREDENTIALS="$WORK/credentials.json" SANDBOX_URL
  for suite in "$REPO_ROOT"/test/n8n/suites/*.mjs; do
    [[ -e "$suite" ]] || continue
    [[ -z "${N8N_TEST_SUITES:-}" || " $N8N_TEST_SUITES " == *" $(basename "$suite" .mjs) "* ]] || continue
    phase "suite $(basename "$suite")"
    # In the background + wait, as above, so that a signal reaches the trap at once.
    node "$suite" &
    RUN_PID=$!
    wait "$RUN_PID" || { suites_rc=1; log "suite $(basename "$suite") failed"; }
    RUN_PID=""
  done
fi
phase "done"
[[ $check_rc == 0 && $run_rc == 0 && $suites_rc == 0 ]] || exit 1
