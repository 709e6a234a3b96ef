#!/bin/sh
# Each page's stylesheets joined into one file, target/style/<page>.css, which the page's HTML
# links (trunk runs this before every build: Trunk.toml's pre_build hook). One stylesheet is one
# request: on a phone's link (562 ms RTT) the call page's six made the browser's six connections
# busy for a round trip while its JS and wasm waited in line for one (bench/load.sh). The order
# is the cascade's: later files override earlier ones.
set -eu
cd "$(dirname "$0")/.."
mkdir -p target/style
join() {
  out="target/style/$1.css"
  shift
  cat "$@" > "$out.tmp" && mv "$out.tmp" "$out"
}
join call style/main.css style/menu.css style/stage.css style/quality.css style/i18n.css style/precall.css
join telephony style/main.css style/i18n.css
join host style/host.css style/i18n.css
