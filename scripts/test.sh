#!/usr/bin/env bash
# `npm test`: type check, lint, unit and integration tests (Vitest, real PostgreSQL), then
# end-to-end tests (Playwright, Debian's Chromium) against a production build.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "Type check"
npx tsc --noEmit

step "Lint"
npx eslint --max-warnings=0 .

step "Unit and integration tests"
npx vitest run

step "End-to-end tests"
bash scripts/e2e.sh
