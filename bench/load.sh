#!/usr/bin/env bash
# First-load benchmark (see load.cjs): cold loads of the call page and the widget, on loopback
# and under slow-mobile emulation. Builds what is missing, then runs in a loopback-only network
# namespace like the end-to-end tests. LOADS=N sets the loads per page per condition.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
cd "$ROOT"
[[ -x target/debug/dialtone-server && -n "$(ls dist/*_bg.wasm 2>/dev/null)" ]] || { ./scripts/tools.sh --test && ./scripts/build.sh debug; }
export NODE_PATH="$TOOLS/node_modules"
unshare --net sh -c 'ip link set lo up && exec node bench/load.cjs'
