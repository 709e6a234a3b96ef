# Sourced by bench/call_setup.sh and bench/load.sh: builds the app when dist/ has none, and the
# server in release (what a deployment runs; a debug server compresses the wasm on the fly about
# five times slower, which would count against the app), unless DIALTONE_SERVER_BIN names one.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
cd "$ROOT"
[[ -n "$(ls dist/*_bg.wasm 2>/dev/null)" ]] || { ./scripts/tools.sh --test && ./scripts/build.sh release; }
if [[ -z "${DIALTONE_SERVER_BIN:-}" ]]; then
  cargo build --release --quiet -p dialtone-server
  export DIALTONE_SERVER_BIN="$ROOT/target/release/dialtone-server"
fi
export NODE_PATH="$TOOLS/node_modules"
