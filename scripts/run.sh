#!/usr/bin/env bash
# One command to try Dialtone on a fresh machine: installs the tools when missing, builds the app
# and the server, and serves both on http://127.0.0.1:8081 (override with DIALTONE_LISTEN).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/tools.sh"
"$ROOT/scripts/build.sh" release
exec "$ROOT/target/release/dialtone-server" \
  --listen "${DIALTONE_LISTEN:-127.0.0.1:8081}" --dist "$ROOT/dist" "$@"
