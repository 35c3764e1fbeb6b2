#!/usr/bin/env bash
# npm run test:n8n — runs this package inside a real n8n 2.41.1 (Node 24), offline:
#  (a) install.sh (cached in ${N8N_BATIWEB_CACHE:-~/.cache/n8n-nodes-batiweb}/n8n-2.41.1)
#  (b) npm run build && npm pack
#  (c) starts the Batiweb sandbox (tsx sandbox/cli.ts) on a free loopback port
#  (d) installs the tarball in a fresh user folder like the Community Nodes screen does
#  (e) imports a credential pointing at the sandbox, every examples/*.json workflow that has a
#      Manual Trigger, and every test/n8n/workflows/*.json
#  (f) runs each with `n8n execute --id <id> --rawOutput` and hands the results to test/n8n/check.mjs
#  (g) stops everything it started on exit.
# Env: N8N_EXEC_TIMEOUT (s, default 90), KEEP_N8N_TMP=1 keeps the temp folder, SKIP_BUILD=1 packs the
# existing dist/, N8N_TEST_TARBALL=<tgz> uses that tarball (skips build and pack).
# Args: optional workflow files to run instead of the default set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$N8N_SCRIPTS_DIR/sandbox.sh"

T0=$(date +%s)
phase_start=$T0
phase() { local now; now=$(date +%s); log "── $* (+$((now - phase_start))s, total $((now - T0))s)"; phase_start=$now; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/n8n-test.XXXXXX")"
cleanup() {
  local rc=$?
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
phase "install n8n $N8N_VERSION + Node $NODE24_VERSION (cached)"
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
    const fs = require("fs"), path = require("path");
    const pick = (dir, needManual) => {
      if (!fs.existsSync(dir)) return [];
      return fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f)).filter((f) => {
        let wf; try { wf = JSON.parse(fs.readFileSync(f, "utf8")); } catch { return false; }
        if (!wf || !Array.isArray(wf.nodes) || !wf.connections) return false;
        return !needManual || wf.nodes.some((n) => n.type === "n8n-nodes-base.manualTrigger");
      });
    };
    console.log([...pick("examples", true), ...pick("test/n8n/workflows", false)].join("\n"));
  ')
fi
[[ ${#WORKFLOWS[@]} -gt 0 ]] || die "no workflow to run"
log "workflows: ${WORKFLOWS[*]}"

# (e)+(f)
phase "import and execute ${#WORKFLOWS[@]} workflow(s) in n8n"
set +e
node "$N8N_SCRIPTS_DIR/run-workflows.mjs" --user-folder "$USER_FOLDER" --credentials "$WORK/credentials.json" \
  --timeout "${N8N_EXEC_TIMEOUT:-90}" --out "$WORK/results.json" "${WORKFLOWS[@]}"
run_rc=$?
set -e
[[ -f "$WORK/results.json" ]] || die "run-workflows.mjs wrote no results (exit $run_rc)"

phase "check"
set +e
node "$REPO_ROOT/test/n8n/check.mjs" "$WORK/results.json"
check_rc=$?
set -e
phase "done"
[[ $check_rc == 0 && $run_rc == 0 ]] || exit 1
