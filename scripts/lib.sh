# Shared by scripts/start.sh and scripts/test.sh: checks Node and finds pnpm (no global install needed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?"yes":"no")' 2>/dev/null || echo no)
if [ "$node_ok" != yes ]; then
  echo "Coinview needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

PNPM_VERSION=10.34.9
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  PNPM=(pnpm)
else
  PNPM=(npx --yes "pnpm@$PNPM_VERSION")
fi
export NPM_CONFIG_UPDATE_NOTIFIER=false TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
