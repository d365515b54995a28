#!/usr/bin/env bash
# Screenshots of the built chronicle in headless Chromium: home, an entry, an
# actor, the relations map, the relations index and a relation, the sources
# page (and a topic and search), at
# 390 px and 1280 px wide, in light and dark mode.
#
#   bash scripts/screenshots.sh [OUT_DIR]     # default tests/browser/screenshots
#   SITE_DIR=/tmp/out bash scripts/screenshots.sh   # shoot another built site
#   SHOT_FULL=0 ...                          # the first screen only
#
# Needs Chromium (/usr/bin/chromium or $CHROMIUM) and the npm packages of
# tests/browser (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-tests/browser/screenshots}"
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund)
fi
if [ -z "${SITE_DIR:-}" ]; then
  SITE_DIR="$(mktemp -d)"
  trap 'rm -rf "$SITE_DIR"' EXIT
  cargo run --release --quiet -- build --out "$SITE_DIR"
fi
SITE_DIR="$SITE_DIR" node tests/browser/screenshots.mjs "$out"
