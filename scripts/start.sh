#!/usr/bin/env bash
# Installs, builds and runs the whole product: embedded Postgres, migrations, exchange-sim,
# worker and web on http://localhost:3000, with a demo account. Ctrl-C stops everything.
source "$(dirname "$0")/lib.sh"
"${PNPM[@]}" install --frozen-lockfile
"${PNPM[@]}" build
exec "${PNPM[@]}" start
