#!/usr/bin/env bash
# Usage: with-package.sh <tarball.tgz> <user-folder>
# Installs a packed community package into <user-folder>/.n8n/nodes/node_modules/<name>
# the way n8n 2.41's Community Nodes screen does (CommunityPackagesService.downloadPackage):
#   tar -xzf <tgz> --strip-components=1 into the package dir,
#   drop devDependencies / peerDependencies / optionalDependencies from its package.json,
#   npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
#               --ignore-scripts=true --package-lock=false   (Node 24's npm, in the package dir)
#   record it in <user-folder>/.n8n/nodes/package.json ({name:"installed-nodes",private:true,dependencies}).
# n8n then finds it at start-up by scanning .n8n/nodes/node_modules (no database row needed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# == 2 ]] || die "usage: $0 <tarball.tgz> <user-folder>"
TARBALL="$(realpath "$1")"
USER_FOLDER="$2"
[[ -f "$TARBALL" ]] || die "tarball not found: $1"
require_install
use_node24

mkdir -p "$USER_FOLDER"
USER_FOLDER="$(realpath "$USER_FOLDER")"
NODES_DIR="$USER_FOLDER/.n8n/nodes"

NAME="$(tar -xzOf "$TARBALL" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0,"utf8")).name')"
VERSION="$(tar -xzOf "$TARBALL" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0,"utf8")).version')"
[[ -n "$NAME" && -n "$VERSION" ]] || die "cannot read name/version from $TARBALL"
PKG_DIR="$NODES_DIR/node_modules/$NAME"

log "installing $NAME@$VERSION into $PKG_DIR"
rm -rf "$PKG_DIR"
mkdir -p "$PKG_DIR"
tar -xzf "$TARBALL" -C "$PKG_DIR" --strip-components=1

node -e '
  const fs = require("fs"); const p = process.argv[1];
  const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(p, "utf8"));
  fs.writeFileSync(p, JSON.stringify(pkg, null, 2), "utf8");
' "$PKG_DIR/package.json"

( cd "$PKG_DIR" && npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
    --ignore-scripts=true --package-lock=false --loglevel=error ) \
  || die "npm install of $NAME's dependencies failed in $PKG_DIR"

node -e '
  const fs = require("fs"); const [p, name, version] = process.argv.slice(1);
  let pkg = { name: "installed-nodes", private: true, dependencies: {} };
  try { pkg = JSON.parse(fs.readFileSync(p, "utf8")); } catch {}
  pkg.dependencies = { ...(pkg.dependencies || {}), [name]: version };
  fs.writeFileSync(p, JSON.stringify(pkg, null, 2), "utf8");
' "$NODES_DIR/package.json" "$NAME" "$VERSION"

# Sanity: every file listed under "n8n" in package.json must exist.
node -e '
  const path = require("path"); const dir = process.argv[1];
  const pkg = require(path.join(dir, "package.json"));
  const files = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])];
  if (!files.length) { console.error("package.json has no n8n.nodes / n8n.credentials"); process.exit(1); }
  const missing = files.filter((f) => !require("fs").existsSync(path.join(dir, f)));
  if (missing.length) { console.error("missing files listed in package.json n8n section: " + missing.join(", ")); process.exit(1); }
' "$PKG_DIR" || die "$NAME is incomplete (was it built before npm pack?)"
log "installed $NAME@$VERSION"
