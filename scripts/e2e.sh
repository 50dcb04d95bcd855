#!/usr/bin/env bash
# `npm run test:e2e` (and the last step of `npm test`): Playwright against a production build, with Debian's
# Chromium. The build is made first, outside Playwright's web-server timeout, and reused when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx tsx scripts/build-if-needed.ts
printf '\033[2m(chromium check and build: %d s)\033[0m\n' "$SECONDS"
npx playwright test "$@"
