#!/usr/bin/env bash
# One command from a clone to a running platform on a machine whose NATS (JetStream), Postgres
# and Redis listen on their standard local ports: Node 24 if missing, dependencies, a health check
# that names any fix, migrations, then every service in one process (Ctrl-C stops it cleanly).
set -euo pipefail
cd "$(dirname "$0")/../.."

major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0)
if [ "${major:-0}" -lt 24 ]; then
  echo "==> installing Node 24 from the npm registry (found $(node --version 2>/dev/null || echo none))"
  npm i -g --prefix /usr/local node@24 >/dev/null
  hash -r
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
konstruct() { node services/cli/src/bin.ts "$@"; }
# migrate first (the doctor checks the migrated database); on failure the doctor names the fix
konstruct migrate || { konstruct doctor || true; exit 1; }
konstruct doctor
exec node services/cli/src/bin.ts start "$@"
