#!/usr/bin/env bash
# Browser end-to-end tests of the Parley web apps (storefront widget, staff dashboard, Seller Center) in
# headless Chromium, against a running stack at PARLEY_URL (default http://localhost:8080; start one with
# deploy/local/run.sh). Screenshots land in deploy/e2e/screenshots/.
#
#   deploy/e2e/run.sh                  install what is missing, run every test
#   deploy/e2e/run.sh tests/seller.test.mjs
#
# Needs Node 20+ and Debian's chromium (installed with apt-get when running as root). Where neither can be
# had, it says so and exits 0 (skipped), so a machine without a browser does not fail the build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '\033[1m[e2e]\033[0m %s\n' "$*"; }
skip() { printf '\033[33m[e2e] SKIPPED: %s\033[0m\n' "$*"; exit 0; }

export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export PARLEY_URL="${PARLEY_URL:-http://localhost:8080}"

command -v node >/dev/null 2>&1 || skip "node is not installed (Node 20+ runs these tests)."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
(( node_major >= 20 )) || skip "Node $node_major is too old (these tests need Node 20+)."

if [[ ! -x "$CHROMIUM_PATH" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Debian's chromium (and a colour emoji font for the screenshots)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji fonts-noto-core >/dev/null \
      || skip "apt-get could not install chromium."
  fi
  [[ -x "$CHROMIUM_PATH" ]] || skip "no Chromium at $CHROMIUM_PATH and it cannot be installed here (not root, or no apt-get). Install Debian's chromium or set CHROMIUM_PATH."
fi
say "$("$CHROMIUM_PATH" --version 2>/dev/null | head -1)"

say "Installing playwright-core (npm ci)…"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

rm -rf screenshots
say "Running against $PARLEY_URL"
if (( $# )); then
  exec node --test --test-concurrency=1 "$@"
fi
node --test --test-concurrency=1 tests/
# the everyday flows again on a phone-sized screen: claim race, chat both ways, offline queue, edit and delete,
# languages side by side
say "The same flows at 375 px"
E2E_VIEWPORT=375x740 E2E_RUN_ID="phone$(date +%s)" exec node --test --test-concurrency=1 tests/support.test.mjs tests/language.test.mjs
