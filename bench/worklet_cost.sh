#!/usr/bin/env bash
# AudioWorklet cost benchmark (see worklet_cost.cjs): the level meter and the live stream's PCM16
# converter in headless Chromium. Needs only Chromium and playwright-core (no app build); runs in
# a loopback-only network namespace like the end-to-end tests. SECONDS=N, REPS=N tune it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
cd "$ROOT"
[[ -d "$TOOLS/node_modules/playwright-core" && -x /usr/bin/chromium ]] || ./scripts/tools.sh --test
export NODE_PATH="$TOOLS/node_modules"
unshare --net sh -c 'ip link set lo up && exec node bench/worklet_cost.cjs'
