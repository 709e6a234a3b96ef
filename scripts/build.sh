#!/usr/bin/env bash
# Builds the web app into dist/ (trunk, release, size-tuned) and the server. Each page is its own
# bundle: index.html (the call page and the widget), host.html and telephony.html, each built by
# trunk with only its page's code and CSS (CSS and HTML minified by trunk, the JS glue by terser),
# then merged into dist/ with brotli and gzip copies.
# Usage: scripts/build.sh [debug|release]   (the profile of the server; the app is always release)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
cd "$ROOT"
trunk build index.html   # release: Trunk.toml
for page in host telephony; do
  # Trunk replaces its whole output folder, so the other pages are built aside and merged.
  trunk build --dist "target/pages/$page" "$page.html"
  cp "target/pages/$page/index.html" "dist/$page.html"
  find "target/pages/$page" -maxdepth 1 -type f ! -name index.html -exec cp {} dist/ \;
done
NODE_PATH="$TOOLS/node_modules" node scripts/minify_js.cjs dist
node scripts/precompress.cjs dist
if [[ "${1:-release}" == "release" ]]; then
  cargo build --release -p dialtone-server
else
  cargo build -p dialtone-server
fi
for page in index host telephony; do
  wasm="dist/$(grep -o 'dialtone-[0-9a-f]*_bg\.wasm' "dist/$page.html" | head -n 1)"
  printf '[build] %s.html: %s bytes wasm (%s brotli)\n' "$page" "$(wc -c <"$wasm")" "$(wc -c <"$wasm.br")"
done
