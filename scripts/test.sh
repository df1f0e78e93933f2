#!/usr/bin/env bash
# The one test command (README, CI): lint + format check, package boundaries, typecheck and
# every test tier of every package through Nx, then the totals as one plain line
# "N passed, N failed" from vitest's JSON reports, so a run that executed no test shows.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

status=0
step() { echo "==> $*"; "$@" || status=1; }

find . -path ./node_modules -prune -o -type d -name reports -print | xargs rm -rf
step npx biome check .
step npx depcruise --config .dependency-cruiser.cjs --no-progress schemas libs services
step npx tsc -p tsconfig.json
step npx nx run-many -t typecheck test --outputStyle=stream "$@"
node scripts/test-totals.ts || status=1
exit $status
