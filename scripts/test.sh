#!/usr/bin/env bash
# One command for the whole test suite on a fresh machine: installs what is missing (build tools,
# Chromium, chromium-driver, Playwright, Firefox ESR, PulseAudio, Puppeteer), runs the native tests,
# builds the app, and runs the end-to-end tests in real headless Chromium (and Firefox ESR for the
# core paths) inside a loopback-only network namespace. The Firefox tests start their own
# PulseAudio daemon (private runtime dir, null sink) and stop it when they end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DIALTONE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/dialtone}"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
cd "$ROOT"

t0=$SECONDS
"$ROOT/scripts/tools.sh" --test
t_setup=$((SECONDS - t0))

t1=$SECONDS
echo "== native tests: cargo test --workspace"
cargo test --workspace

echo "== build: app (trunk, release) and server"
"$ROOT/scripts/build.sh" debug

echo "== end-to-end: headless Chromium and Firefox ESR, real server, loopback-only network namespace"
rm -rf test-results/screenshots
export NODE_PATH="$TOOLS/node_modules"
e2e=(node --test --test-concurrency=1 --test-reporter=spec tests/e2e/)
if [[ "${DIALTONE_E2E_NO_NETNS:-0}" == "1" ]]; then
  echo "(DIALTONE_E2E_NO_NETNS=1: running without a private network namespace)"
  "${e2e[@]}"
else
  # Nothing can leave the machine from in here: the only interface is loopback.
  DIALTONE_E2E_NETNS=1 unshare --net sh -c 'ip link set lo up && exec "$@"' sh "${e2e[@]}"
fi
t_tests=$((SECONDS - t1))
echo "== done: set-up ${t_setup} s, build and tests ${t_tests} s; screenshots in test-results/screenshots/"
