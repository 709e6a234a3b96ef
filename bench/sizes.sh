#!/usr/bin/env bash
# Prints what each mode's page makes a browser download: the wasm, JS and CSS that the mode's
# HTML page in dist/ loads (and the JS those files import), raw, gzip -9 and brotli (quality 11),
# against issue #15's gzip targets; and the embed loader a host site adds to every page view.
# One JSON line per mode, then a table. Usage: bench/sizes.sh (after scripts/build.sh, or it
# builds the app first). DIALTONE_DIST=dir measures another build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# mode, its page in dist/ (index.html stands in while a mode has no page of its own), gzip target
# in bytes (1 KB = 1000 B). The widget is the call page in compact form, in an iframe.
MODES='
call       index.html      200000
widget     index.html      200000
host       host.html       150000
telephony  telephony.html  200000
'
LOADER=public/embed.js   # what a host site loads on every page view, besides the widget's iframe

DIST="${DIALTONE_DIST:-dist}"
[[ -n "$(ls "$DIST"/*_bg.wasm 2>/dev/null)" ]] || ./scripts/build.sh debug >/dev/null
# Nothing here needs the network: run like the other benchmarks, in a loopback-only namespace.
exec unshare --net node bench/lib/bundle_sizes.cjs "$DIST" "$LOADER" "$MODES"
