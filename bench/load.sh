#!/usr/bin/env bash
# First-load benchmark (see load.cjs): cold loads of the call page and the widget, on loopback
# and under slow-mobile emulation. Builds what is missing (lib/prepare.sh), then runs in a
# loopback-only network namespace like the end-to-end tests. LOADS=N sets the loads per page per condition.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/prepare.sh"
unshare --net sh -c 'ip link set lo up && exec node bench/load.cjs'
