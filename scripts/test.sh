#!/usr/bin/env bash
# Installs what a fresh machine lacks and runs every check: lint, types, unit + integration tests
# (real Postgres), and Playwright end-to-end tests in Debian's Chromium against the whole stack.
source "$(dirname "$0")/lib.sh"

chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium_path" ]; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  SUDO=(); [ "$(id -u)" -ne 0 ] && SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export CHROMIUM_PATH="$chromium_path"

"${PNPM[@]}" install --frozen-lockfile
rm -rf apps/*/.test-results packages/*/.test-results tooling/*/.test-results e2e/.test-results
"${PNPM[@]}" format:check
"${PNPM[@]}" lint
"${PNPM[@]}" typecheck
"${PNPM[@]}" test -- --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
"${PNPM[@]}" test:e2e
node scripts/test-summary.mjs
