#!/usr/bin/env bash
# One command to try Dialtone on a fresh machine: installs the tools when missing, builds the app
# and the server, and serves both on http://127.0.0.1:8081 (override with DIALTONE_LISTEN).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/tools.sh"
"$ROOT/scripts/build.sh" release
# A restart (Ctrl-C, then this again) gives clients their ids back: the server keeps who was
# connected in a per-user state file between runs (DIALTONE_STATE_FILE overrides it).
STATE_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/dialtone"
mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
export DIALTONE_STATE_FILE="${DIALTONE_STATE_FILE:-$STATE_DIR/server-state.json}"
exec "$ROOT/target/release/dialtone-server" \
  --listen "${DIALTONE_LISTEN:-127.0.0.1:8081}" --dist "$ROOT/dist" "$@"
