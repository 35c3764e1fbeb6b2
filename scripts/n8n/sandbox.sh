# shellcheck shell=bash
# start_sandbox <logfile> <port> [extra cli args...]
#   Starts `tsx sandbox/cli.ts` in its own process group, waits for its banner and sets
#   SANDBOX_URL and SANDBOX_PGID. Port 0 = a free loopback port (read back from the banner).
# stop_sandbox: kills that process group.
start_sandbox() {
  local logfile="$1" port="$2"; shift 2
  [[ -f "$REPO_ROOT/sandbox/cli.ts" ]] || die "sandbox/cli.ts not found: cannot start the Batiweb sandbox"
  local tsx="$REPO_ROOT/node_modules/.bin/tsx"
  [[ -x "$tsx" ]] || die "tsx not installed in $REPO_ROOT/node_modules (run npm ci)"
  : > "$logfile"
  # setsid: own process group, so cleanup can kill tsx and its node child together.
  ( cd "$REPO_ROOT" && exec setsid "$tsx" sandbox/cli.ts --host 127.0.0.1 --port "$port" "$@" >>"$logfile" 2>&1 ) &
  SANDBOX_PGID=$!
  local i
  for i in $(seq 1 300); do
    SANDBOX_URL="$(sed -n 's/^Batiweb sandbox listening on \(http[^ ]*\).*/\1/p' "$logfile" | head -1)"
    [[ -n "$SANDBOX_URL" ]] && break
    if ! kill -0 "$SANDBOX_PGID" 2>/dev/null; then cat "$logfile" >&2; die "the sandbox exited before listening"; fi
    sleep 0.1
  done
  [[ -n "$SANDBOX_URL" ]] || { cat "$logfile" >&2; die "the sandbox did not print its URL within 30 s"; }
  export SANDBOX_URL SANDBOX_PGID
}
stop_sandbox() {
  if [[ -n "${SANDBOX_PGID:-}" ]]; then
    kill -TERM -- "-$SANDBOX_PGID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$SANDBOX_PGID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$SANDBOX_PGID" 2>/dev/null || true
    SANDBOX_PGID=""
  fi
}
# render_credentials <template> <out>: substitutes ${SANDBOX_URL}.
render_credentials() {
  SANDBOX_URL="$SANDBOX_URL" node -e '
    const fs = require("fs"); const [src, dst] = process.argv.slice(1);
    fs.writeFileSync(dst, fs.readFileSync(src, "utf8").split("${SANDBOX_URL}").join(process.env.SANDBOX_URL));
  ' "$1" "$2"
}
