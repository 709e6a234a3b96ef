#!/usr/bin/env bash
# Server load benchmark, Dialtone (one node, and two nodes on Redis) vs the npm `peer` (PeerJS)
# server (see server_load.cjs).
# Installs `peer` and `ws` from npm into the tools folder when missing, builds the release server,
# and runs everything in a loopback-only network namespace (PeerJS listens on all interfaces).
# HOLD=N idle connections are held at once (default 20,000, or what the open-file limit allows).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
cd "$ROOT"
mkdir -p "$TOOLS"
[[ -f "$TOOLS/package.json" ]] || echo '{"name":"dialtone-tools","private":true}' >"$TOOLS/package.json"
[[ -x "$TOOLS/node_modules/.bin/peerjs" && -d "$TOOLS/node_modules/ws" ]] || \
  (cd "$TOOLS" && npm install --no-audit --no-fund peer@1.0.2 ws@8 >/dev/null)
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
cargo build --release -q -p dialtone-server
# Every socket is a descriptor on both sides: lift the soft open-file limit to the hard one for
# node, PeerJS and the client processes (Dialtone's server lifts its own, keeping 128 spare).
ulimit -n "$(ulimit -Hn)"
limit="$(ulimit -n)"
if [[ "$limit" != unlimited ]] && (( limit - 200 < ${HOLD:-20000} )); then
  echo "open-file limit $limit (hard): holding $((limit - 200)) connections instead of ${HOLD:-20000}" >&2
  HOLD=$((limit - 200))
fi
export HOLD="${HOLD:-20000}"
export NODE_PATH="$TOOLS/node_modules" DIALTONE_TOOLS="$TOOLS"
unshare --net sh -c 'ip link set lo up && exec node bench/server_load.cjs'
