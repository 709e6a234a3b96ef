#!/usr/bin/env bash
# Call set-up latency benchmark, Dialtone against a hand-written floor client (see
# call_setup.cjs). Builds what is missing, then runs in a loopback-only network namespace like
# the end-to-end tests. CALLS=N sets the number of calls per series; WARM=0 skips the warm series.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
cd "$ROOT"
[[ -x target/debug/dialtone-server && -n "$(ls dist/*_bg.wasm 2>/dev/null)" ]] || { ./scripts/tools.sh --test && ./scripts/build.sh debug; }
export NODE_PATH="$TOOLS/node_modules"
unshare --net sh -c 'ip link set lo up && exec node bench/call_setup.cjs'
