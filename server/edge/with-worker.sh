#!/usr/bin/env bash
# with-worker.sh CMD [ARGS...]: runs CMD while the edge worker (server/edge/build, made by
# `make edge`) is served locally by wrangler's bundled workerd, offline and with telemetry off,
# on a free loopback port; always stops it afterwards, whatever CMD does.
#
# CMD sees:
#   OPENVALUE_EDGE_URL       http://127.0.0.1:PORT of the worker
#   OPENVALUE_SIGNING_KEY    the worker's receipt signing key (a throwaway one, made here,
#                            unless the caller sets it), so CMD can build the native twin
#
# The key reaches the worker through a .dev.vars-style file in a private temporary folder
# (wrangler --env-file), never through the repository or the command line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wrangler=$here/node_modules/.bin/wrangler
[ -x "$wrangler" ] || { echo "with-worker.sh: $wrangler missing (run make edge-deps)" >&2; exit 1; }
[ -f "$here/build/app.wasm" ] || { echo "with-worker.sh: build/app.wasm missing (run make edge)" >&2; exit 1; }

export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
tmp=$(mktemp -d)
chmod 700 "$tmp"
export WRANGLER_LOG_PATH=$tmp/logs
export XDG_CONFIG_HOME=$tmp/config # wrangler's metrics/account files stay out of $HOME

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
inspector=$(free_port)

if [ -z "${OPENVALUE_SIGNING_KEY:-}" ]; then
  # An Ed25519 seed: 32 random bytes, unpadded base64url (the receipt package's key format).
  OPENVALUE_SIGNING_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
fi
export OPENVALUE_SIGNING_KEY
umask 077
printf 'OPENVALUE_SIGNING_KEY=%s\n' "$OPENVALUE_SIGNING_KEY" > "$tmp/dev.vars"

# wrangler runs workerd as its children; setsid puts them all in one process group that
# the trap can end together (workerd outlives a killed wrangler otherwise).
log=$tmp/wrangler.log
setsid "$wrangler" dev --cwd "$here" --ip 127.0.0.1 --port "$port" --inspector-port "$inspector" \
  --env-file "$tmp/dev.vars" --persist-to "$tmp/state" --show-interactive-dev-session=false \
  --log-level "${EDGE_LOG_LEVEL:-warn}" </dev/null >"$log" 2>&1 &
pgid=$!

stop() {
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$pgid" 2>/dev/null || break
    sleep 0.3
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
  wait "$pgid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

url=http://127.0.0.1:$port
ready=
for _ in $(seq 1 300); do # up to 90 s on a busy machine
  if ! kill -0 "$pgid" 2>/dev/null; then break; fi
  if curl -fsS -o /dev/null --max-time 5 "$url/api/v1/keys" 2>/dev/null; then ready=1; break; fi
  sleep 0.3
done
if [ -z "$ready" ]; then
  echo "with-worker.sh: the worker did not answer on $url; wrangler log:" >&2
  cat "$log" >&2
  exit 1
fi
export OPENVALUE_EDGE_URL=$url
echo "with-worker.sh: worker ready on $url" >&2
status=0
"$@" || status=$?
if [ "$status" -ne 0 ] && [ -s "$log" ]; then
  echo "with-worker.sh: wrangler log:" >&2
  tail -n 50 "$log" >&2
fi
exit "$status"
