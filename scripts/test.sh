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

# Logs of this run, for the closing line: a folder of its own, so two runs
# at once (two checkouts on one machine) never read each other's.
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --quiet 2>&1 | tee "$logs/cargo-test.log"
grep -q "test result" "$logs/cargo-test.log"

# The fuzz targets ran a fixed number of cases above; here each one runs
# for a time budget with fresh random cases (see docs/robustness.md).
step "fuzz targets, ${CHRONICLE_FUZZ_SECS:=15} s each"
# A case that hangs is caught by the targets' own watchdog, which prints its
# input; the timeout is the last guard, so that the run always ends.
if ! CHRONICLE_FUZZ_SECS="$CHRONICLE_FUZZ_SECS" timeout --kill-after=30 900 \
  cargo test --quiet --test tests fuzz:: -- --nocapture 2>&1 \
  | tee "$logs/fuzz.log" | grep --line-buffered -oE "fuzz target .*|test result.*|.*panicked.*|minimal failing.*"; then
  echo "the fuzz targets failed, hung or ran out of time; the end of their output:" >&2
  tail -n 60 "$logs/fuzz.log" >&2
  exit 1
fi
grep -q "test result: ok" "$logs/fuzz.log"

# One closing line over every runner: cargo's and node's.
summary() {
  cat "$@" 2>/dev/null | awk '
    /test result: .* passed; .* failed;/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;?$/) p += $i; if ($(i+1) ~ /^failed;?$/) f += $i } }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    END { printf "\ntests: %d passed, %d failed\n", p, f }'
}

if [ -n "${SKIP_SITE_CHECKS:-}" ]; then
  summary "$logs/cargo-test.log"
  exit 0
fi

if [ -f scripts/site-checks.sh ]; then
  step "site checks"
  bash scripts/site-checks.sh 2>&1 | tee "$logs/site-checks.log"
fi
summary "$logs/cargo-test.log" "$logs/site-checks.log"
