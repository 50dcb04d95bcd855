#!/usr/bin/env bash
# Playwright cannot download its own browser here: the end-to-end tests use Debian's Chromium headless shell
# (package chromium-headless-shell; CHROMIUM_PATH picks another Chromium).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/lib/chromium/chromium-headless-shell}" ]; then exit 0; fi
echo "[hongyan] Installing Debian's chromium-headless-shell for the end-to-end tests…"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium-headless-shell >/dev/null
