#!/usr/bin/env bash
# shellcheck disable=SC2016 # PHP code in single quotes
# What the pool-wide counters cost: the per-cycle benchmark (bench/cycle/run.sh)
# with the handlers none, sealedcookie (counters on, the default) and
# sealedcookie-nocounters (sealedcookie.counters=0), their php-cgi processes
# interleaved in every repetition. Prints the cycle table and, per session
# size, the ratio of the cycle with counters to the cycle without (1.000: no
# cost). Numbers, not pass/fail. Builds the extension first (scripts/build-ext.sh).
#
# Usage: bench/counters-cost.sh
# Env:   BENCH_REPS (9) BENCH_CYCLES (1000) BENCH_SIZES ("100 1024 3072")
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh >&2
bash scripts/build-ext.sh >&2
out=$(mktemp /tmp/sealedcookie-counters-cost.XXXXXX)
trap 'rm -f "$out"' EXIT
BENCH_EXTENSION=$PWD/out/ext/modules/sealedcookie.so \
  BENCH_HANDLERS="none sealedcookie sealedcookie-nocounters" \
  BENCH_REPS=${BENCH_REPS:-9} BENCH_OUT=$out bench/cycle/run.sh
echo
php -n bench/cycle/summarize.php "$out"
echo
php -n -r '
  require "bench/request/stats.php";
  $runs = [];
  foreach (tsvRows($argv[1]) as [$rep, $size, $handler, $median]) $runs[$size][$handler][] = (int) $median;
  ksort($runs);
  foreach ($runs as $size => $by) {
      $on = median($by["sealedcookie"] ?? [0]);
      $off = median($by["sealedcookie-nocounters"] ?? [0]);
      $none = median($by["none"] ?? [0]);
      printf("%d B: counters on / off = %.3f (%.2f us a cycle on, %.2f us off, %.2f us the no-session floor)\n",
          $size, $off > 0 ? $on / $off : 0, $on / 1000, $off / 1000, $none / 1000);
  }' "$out"
