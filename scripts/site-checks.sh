#!/usr/bin/env bash
# Site checks: the shipped chronicle, built, through real validators and a
# real browser (called by scripts/test.sh after the Rust tests).
#
#   1. the W3C Nu HTML checker on every page: 0 errors;
#   2. axe-core in headless Chromium on a page of each kind, light and dark:
#      0 serious or critical violations;
#   3. feeds and sitemap well-formed and complete;
#   4. client-side search in headless Chromium;
# plus any other browser test in tests/browser/ (live preview, say).
# The tests are node's built-in test runner files: `node --test tests/browser/`.
#
# On a fresh Debian machine, as root, it installs what is missing: Chromium,
# a Java runtime (for the Nu checker), Node.js, and the npm packages pinned by
# tests/browser/package-lock.json. Everything runs on 127.0.0.1.
#
#   bash scripts/site-checks.sh
#   SITE_DIR=/path/to/built/site bash scripts/site-checks.sh   # check a built site
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
fail() { printf 'site-checks: FAILED: %s\n' "$*" >&2; exit 1; }

chromium_bin="${CHROMIUM:-/usr/bin/chromium}"

# 1. System packages, only those missing; `apt-get update` once.
missing=()
[ -x "$chromium_bin" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The fonts Urdu and Persian pages are read in (Noto Nastaliq Urdu, Noto
# Naskh Arabic): the right-to-left checks measure text drawn in them.
[ -f /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf ] || ! command -v apt-get >/dev/null 2>&1 \
  || missing+=(fonts-noto-core)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "missing ${missing[*]}: install them (on Debian, as root: apt-get install ${missing[*]})"
  fi
  say "installing ${missing[*]}"
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi
[ -x "$chromium_bin" ] || fail "no Chromium at $chromium_bin (set CHROMIUM=...)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old: the browser tests need Node.js 20 or newer"

# 2. npm packages (vnu-jar, axe-core, playwright-core), as locked.
lock=tests/browser/package-lock.json
installed=tests/browser/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ] || [ ! -d tests/browser/node_modules/playwright-core ]; then
  say "npm ci in tests/browser"
  # --ignore-scripts: vnu-jar's install script would download a Java runtime;
  # the system's is used instead.
  (cd tests/browser && timeout 300 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || fail "npm ci in tests/browser failed"
fi

# 3. The shipped chronicle, built into a temporary folder.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -z "${SITE_DIR:-}" ]; then
  say "building the shipped chronicle"
  cargo run --release --quiet -- build --out "$tmp/site" || fail "chronicle build failed"
  SITE_DIR="$tmp/site"
fi
bin="${CHRONICLE_BIN:-${CARGO_TARGET_DIR:-target}/release/chronicle}"

# 4. The checks.
say "browser and validator checks (node --test tests/browser/)"
export SITE_DIR CHROMIUM="$chromium_bin" CHRONICLE_BIN="$(realpath "$bin" 2>/dev/null || echo "$bin")"
if ! timeout 900 node --test tests/browser/; then
  fail "site checks failed (see the failing tests above)"
fi
say "site checks passed"
