#!/usr/bin/env bash
# Builds the web app into dist/ (trunk, release, size-tuned) and the server.
# Usage: scripts/build.sh [debug|release]   (the profile of the server; the app is always release)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
cd "$ROOT"
trunk build --release
if [[ "${1:-release}" == "release" ]]; then
  cargo build --release -p dialtone-server
else
  cargo build -p dialtone-server
fi
wasm="$(ls dist/*_bg.wasm)"
printf '[build] app bundle: %s bytes wasm (%s gzip), %s bytes JS glue\n' \
  "$(wc -c <"$wasm")" "$(gzip -9 -c "$wasm" | wc -c)" "$(cat dist/*.js | wc -c)"
