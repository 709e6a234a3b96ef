#!/usr/bin/env bash
# Prints the sizes that matter to people loading Dialtone: the embed loader a host site adds to
# every page, and the app bundle (the page and the embedded widget are one bundle; the mode is
# chosen at run time from the URL). One JSON line, then a human summary.
# Usage: bench/sizes.sh   (after scripts/build.sh, or it builds the app first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -n "$(ls dist/*_bg.wasm 2>/dev/null)" ]] || ./scripts/build.sh debug >/dev/null
gz() { gzip -9 -c "$1" | wc -c; }
br() { if command -v brotli >/dev/null; then brotli -c -q 11 "$1" | wc -c; else echo null; fi; }
wasm="$(ls dist/*_bg.wasm)"; js="$(ls dist/dialtone-*.js)"; css="$(ls dist/*.css)"; embed="public/embed.js"
printf '{"bench":"sizes","embed_js_bytes":%d,"embed_js_gzip":%d,"wasm_bytes":%d,"wasm_gzip":%d,"wasm_brotli":%s,"js_glue_gzip":%d,"css_gzip":%d,"app_total_gzip":%d}\n' \
  "$(wc -c <"$embed")" "$(gz "$embed")" "$(wc -c <"$wasm")" "$(gz "$wasm")" "$(br "$wasm")" "$(gz "$js")" "$(gz "$css")" \
  "$(( $(gz "$wasm") + $(gz "$js") + $(gz "$css") ))"
echo "embed.js: $(wc -c <"$embed") B raw, $(gz "$embed") B gzip (what a host site loads on every page view)"
echo "app/widget bundle: wasm $(gz "$wasm") B gzip + JS glue $(gz "$js") B gzip + CSS $(gz "$css") B gzip (loaded inside the iframe)"
