#!/usr/bin/env bash
# The test command: formatting, lints, unit and integration tests, then the
# built site through real validators and a real browser.
#
#   bash scripts/test.sh            # everything
#   SKIP_SITE_CHECKS=1 bash scripts/test.sh   # Rust checks only
#
# On a fresh Debian machine it installs what the site checks need (Chromium,
# Java for the Nu HTML checker, and the npm packages in tests/browser/).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --quiet 2>&1 | tee /tmp/chronicle-cargo-test.log
grep -q "test result" /tmp/chronicle-cargo-test.log

if [ -n "${SKIP_SITE_CHECKS:-}" ]; then
  exit 0
fi

if [ -f scripts/site-checks.sh ]; then
  step "site checks"
  bash scripts/site-checks.sh
fi
