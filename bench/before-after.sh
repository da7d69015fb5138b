#!/usr/bin/env bash
# shellcheck disable=SC2016 # PHP code in single quotes
# Two builds of the extension measured in one run: this checkout's and REV's.
# Builds REV in a temporary git worktree and this checkout here (each with
# scripts/build-ext.sh), then runs the per-cycle benchmark (bench/cycle/run.sh)
# with the handlers none, sealedcookie (this build) and sealedcookie-baseline
# (REV), their php-cgi processes interleaved in every repetition, so both
# builds see the same machine load. Prints the cycle table and, per session
# size, the ratio of this build's median cycle to REV's (below 1: faster now).
# Numbers, not pass/fail: the script fails only when a step cannot run.
#
# Usage: bench/before-after.sh REV
# Env:   BENCH_REPS (7) BENCH_CYCLES (1000) BENCH_SIZES ("100 1024 3072")
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/before-after.sh REV}
commit=$(git rev-parse --verify "$rev^{commit}")

bash scripts/deps.sh >&2
tree=$(mktemp -d /tmp/sealedcookie-baseline.XXXXXX)
out=$(mktemp /tmp/sealedcookie-before-after.XXXXXX)
cleanup() {
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  rm -f "$out"
}
trap cleanup EXIT
rmdir "$tree"
git worktree add -q --detach "$tree" "$commit"
echo "before-after: building $rev ($(git rev-parse --short "$commit"))" >&2
bash "$tree/scripts/build-ext.sh" >&2
echo "before-after: building this checkout ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with changes'))" >&2
bash scripts/build-ext.sh >&2

BENCH_EXTENSION=$PWD/out/ext/modules/sealedcookie.so \
  BENCH_BASELINE_EXTENSION=$tree/out/ext/modules/sealedcookie.so \
  BENCH_HANDLERS="none sealedcookie sealedcookie-baseline" \
  BENCH_REPS=${BENCH_REPS:-7} BENCH_OUT=$out bench/cycle/run.sh
echo
echo "Per cycle, this checkout (sealedcookie) and $rev (sealedcookie-baseline), one run:"
echo
php -n bench/cycle/summarize.php "$out"
echo
php -n -r '
  require "bench/request/stats.php";
  $runs = [];
  foreach (tsvRows($argv[1]) as [$rep, $size, $handler, $median]) $runs[$size][$handler][] = (int) $median;
  ksort($runs);
  foreach ($runs as $size => $by) {
      $now = median($by["sealedcookie"] ?? [0]);
      $before = median($by["sealedcookie-baseline"] ?? [0]);
      $none = median($by["none"] ?? [0]);
      printf("%d B: this build / %s = %.3f; over the no-session floor: %.1f us now, %.1f us before\n",
          $size, $argv[2], $before > 0 ? $now / $before : 0, ($now - $none) / 1000, ($before - $none) / 1000);
  }' "$out" "$rev"
