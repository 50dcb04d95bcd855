#!/usr/bin/env bash
# `npm test`: type check, lint, unit and integration tests (Vitest, real PostgreSQL), then
# end-to-end tests (Playwright, Debian's Chromium) against a production build.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says how long the one before it took (CI's time budget is read from these lines).
last=""
step() {
  if [ -n "$last" ]; then printf '\033[2m(%s: %d s)\033[0m\n' "$last" "$((SECONDS - started))"; fi
  last="$1" started=$SECONDS
  if [ "$1" != done ]; then printf '\n\033[1m== %s\033[0m\n' "$1"; fi
}

step "Type check"
# The route types first (next-env.d.ts, .next/types), so tsc checks what `next build` would; the build below skips it.
npx next typegen >/dev/null
npx tsc --noEmit
export HONGYAN_TYPES_CHECKED=1

step "Lint"
npx eslint --max-warnings=0 .

step "Unit and integration tests"
npx vitest run

step "End-to-end tests"
bash scripts/e2e.sh
step done
