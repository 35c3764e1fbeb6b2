#!/usr/bin/env bash
# Makes sure the browser checks of `npm run test:n8n` have Debian's chromium (driven by
# playwright-core, which downloads no browser). Installs it with apt-get when it is missing; when
# that is not possible, fails with a message saying what to do. Never skips.
# Env: CHROMIUM_PATH (default /usr/bin/chromium).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
say() { echo "[chromium $(date +%H:%M:%S)] $*" >&2; }
fail() {
  echo "ERROR: the browser checks of npm run test:n8n need Chromium at $CHROMIUM. $*" >&2
  echo "       Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary, then run again." >&2
  exit 1
}
if [[ -x "$CHROMIUM" ]] && "$CHROMIUM" --version >/dev/null 2>&1; then exit 0; fi
[[ -n "${CHROMIUM_PATH:-}" ]] && fail "CHROMIUM_PATH is set but $CHROMIUM does not run."
command -v apt-get >/dev/null || fail "It is missing and apt-get is not available here."
SUDO=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null || fail "It is missing, and installing it needs root (sudo without a password is not available)."
  SUDO=(sudo -n)
fi
say "$CHROMIUM not found: apt-get install chromium"
t=$(date +%s)
{ "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium; } >&2 \
  || fail "apt-get install chromium failed (see above)."
[[ -x "$CHROMIUM" ]] && "$CHROMIUM" --version >/dev/null 2>&1 || fail "apt-get installed a chromium that does not run at $CHROMIUM (on Ubuntu the package is a snap wrapper: use Debian, or set CHROMIUM_PATH)."
say "installed $("$CHROMIUM" --version 2>/dev/null | head -1) in $(( $(date +%s) - t )) s"
