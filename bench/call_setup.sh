#!/usr/bin/env bash
# Call set-up latency benchmark, Dialtone against a hand-written floor client (see
# call_setup.cjs). Builds what is missing (lib/prepare.sh), then runs in a loopback-only network
# namespace like the end-to-end tests. CALLS=N sets the calls per series; WARM=0 skips the warm series.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/prepare.sh"
unshare --net sh -c 'ip link set lo up && exec node bench/call_setup.cjs'
