#!/usr/bin/env bash
# Installs what Dialtone needs to build (and, with `--test`, to test), only when missing or of the
# wrong version. Everything goes per user, outside the checkout (cargo's bin, ~/.cache/dialtone), so
# a fresh clone on the same machine reuses it. Nothing here downloads a binary on its own: every
# tool comes from a package registry (crates.io, npm, Debian).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
PLAYWRIGHT_VERSION="1.65.1"
WS_VERSION="8.23.1"
PUPPETEER_VERSION="24.43.1"   # 25.x needs Node >= 22.12; 24.x runs on Node 20
AXE_VERSION="4.14.1"
TERSER_VERSION="5.51.4"
WANT_TEST=0
[[ "${1:-}" == "--test" ]] && WANT_TEST=1

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must match the library version Cargo.lock pins.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (takes ~9 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WB_VERSION="$(wasm_bindgen_version)"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WB_VERSION (takes ~2 minutes, once)"
  # --locked fails for this crate: a locked dependency is missing from the index.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

mkdir -p "$TOOLS"
npm_need=()
if [[ "$("$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)" != *"version ${BINARYEN_VERSION%%.*}"* ]]; then
  npm_need+=("binaryen@$BINARYEN_VERSION")
fi
# The build minifies the wasm-bindgen JS glue with terser (trunk's own JS minifier cannot parse it).
have_terser="$(node -p "require('$TOOLS/node_modules/terser/package.json').version" 2>/dev/null || true)"
[[ "$have_terser" == "$TERSER_VERSION" ]] || npm_need+=("terser@$TERSER_VERSION")
if (( WANT_TEST )); then
  have_pw="$(node -p "require('$TOOLS/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
  [[ "$have_pw" == "$PLAYWRIGHT_VERSION" ]] || npm_need+=("playwright-core@$PLAYWRIGHT_VERSION")
  # The e2e tests' base signaling server (tests/e2e/base_server.cjs) is written on `ws`.
  have_ws="$(node -p "require('$TOOLS/node_modules/ws/package.json').version" 2>/dev/null || true)"
  [[ "$have_ws" == "$WS_VERSION" ]] || npm_need+=("ws@$WS_VERSION")
  # Firefox is driven over WebDriver BiDi by puppeteer-core (Playwright needs a patched Firefox).
  have_pptr="$(node -p "require('$TOOLS/node_modules/puppeteer-core/package.json').version" 2>/dev/null || true)"
  [[ "$have_pptr" == "$PUPPETEER_VERSION" ]] || npm_need+=("puppeteer-core@$PUPPETEER_VERSION")
  # The e2e accessibility checks (tests/e2e/a11y.test.cjs) inject axe-core into the pages.
  have_axe="$(node -p "require('$TOOLS/node_modules/axe-core/package.json').version" 2>/dev/null || true)"
  [[ "$have_axe" == "$AXE_VERSION" ]] || npm_need+=("axe-core@$AXE_VERSION")
fi
if (( ${#npm_need[@]} )); then
  say "installing ${npm_need[*]} from npm into $TOOLS"
  [[ -f "$TOOLS/package.json" ]] || echo '{"name":"dialtone-tools","private":true}' >"$TOOLS/package.json"
  # Saved in the cache's package.json, so a later install does not prune the other package.
  # Neither Playwright nor Puppeteer may fetch a browser: Debian's chromium and firefox-esr are used.
  (cd "$TOOLS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund "${npm_need[@]}" >/dev/null)
fi

if (( WANT_TEST )); then
  apt_need=()
  command -v chromium >/dev/null || apt_need+=(chromium)
  command -v chromedriver >/dev/null || apt_need+=(chromium-driver)
  command -v unshare >/dev/null || apt_need+=(util-linux)
  command -v ip >/dev/null || apt_need+=(iproute2)
  command -v nft >/dev/null || apt_need+=(nftables)
  command -v turnserver >/dev/null || apt_need+=(coturn)
  command -v redis-server >/dev/null || apt_need+=(redis-server)
  command -v firefox-esr >/dev/null || apt_need+=(firefox-esr)
  # Firefox's audio only starts with a sound server: its e2e tests run PulseAudio with a null sink.
  command -v pulseaudio >/dev/null || apt_need+=(pulseaudio)
  if (( ${#apt_need[@]} )); then
    say "installing ${apt_need[*]} from Debian"
    SUDO=""; (( EUID == 0 )) || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_need[@]}" >/dev/null
  fi
fi

# Trunk builds with --offline: fetch the crates first (a no-op once they are cached).
(cd "$ROOT" && cargo fetch --quiet)
say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $("$TOOLS/node_modules/.bin/wasm-opt" --version | awk '{print $3}')"
