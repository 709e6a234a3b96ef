#!/usr/bin/env bash
# Call set-up latency benchmark, Dialtone against a hand-written floor client (see
# call_setup.cjs). Builds what is missing (lib/prepare.sh), then runs in a loopback-only network
# namespace like the end-to-end tests. CALLS=N sets the calls per series; WARM=0 skips the warm series;
# UNREHEARSED=0 skips Dialtone without its first-call rehearsal (?rehearse=0);
# READ_MS=N waits N ms after the callee is listed before the click (a person reading the list; default 0);
# RING_MS=N lets the callee's phone ring N ms before it answers (a person reaching for Accept; default 0);
# TRACE=1 adds when each browser operation (getUserMedia, descriptions, offer/answer frames) starts and ends.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/prepare.sh"
unshare --net sh -c 'ip link set lo up && exec node bench/call_setup.cjs'
