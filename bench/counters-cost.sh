#!/usr/bin/env bash
# shellcheck disable=SC2016 # PHP code in single quotes
# What the pool-wide counters cost, two ways, counters on (the default) and
# off (sealedcookie.counters=0):
# - instructions per request (callgrind, deterministic, so it holds on a busy
#   machine): php-cgi -T N serving bench/request/app.php with a valid session
#   cookie (open, change, seal every request), (I(N2) - I(N1)) / (N2 - N1);
# - time per session cycle: bench/cycle/run.sh with the handlers none,
#   sealedcookie and sealedcookie-nocounters interleaved in every repetition.
# Prints both ratios (on / off; 1.000: no cost). Numbers, not pass/fail.
# Builds the extension first (scripts/build-ext.sh).
#
# Usage: bench/counters-cost.sh
# Env:   BENCH_REPS (9) BENCH_CYCLES (1000) BENCH_SIZES ("100 1024 3072")
#        BENCH_PROFILE_N1 (20) BENCH_PROFILE_N2 (220)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh >&2
bash scripts/build-ext.sh >&2
out=$(mktemp /tmp/sealedcookie-counters-cost.XXXXXX)
work=$(mktemp -d /tmp/sealedcookie-counters-cost.XXXXXX)
trap 'rm -rf "$out" "$work"' EXIT
chmod 700 "$work"

# Instructions per request.
cgi=$(command -v "php-cgi$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')" || command -v php-cgi)
key=$(php -n -d extension="$PWD/out/ext/modules/sealedcookie.so" -r 'echo sealedcookie_generate_key("bench");')
{
  echo "extension=$PWD/out/ext/modules/sealedcookie.so"
  echo "session.save_handler=sealedcookie"
  echo "sealedcookie.keys=$key"
  echo "session.gc_probability=0"
  echo "output_buffering=4096"
} >"$work/php.ini"
chmod 600 "$work/php.ini"
unset key
n1=${BENCH_PROFILE_N1:-20}
n2=${BENCH_PROFILE_N2:-220}
# run COUNTERS N [wrapper...]: php-cgi -T N on app.php with the session cookie.
run() {
  local counters=$1 n=$2
  shift 2
  HTTP_COOKIE=$cookie REDIRECT_STATUS=200 BENCH_VARIANT=sealedcookie \
    "$@" "$cgi" -n -c "$work/php.ini" -d "sealedcookie.counters=$counters" -T "$n" bench/request/app.php
}
cookie="PHPSESSID=counterscost0123456789abcdef"
set_cookie=$(run 1 1 | tr -d '\r' | sed -n 's/^Set-Cookie: \(PHPSESSID_SC=[^;]*\).*/\1/p' | tail -n 1)
[ -n "$set_cookie" ] || { echo "counters-cost: no data cookie from app.php" >&2; exit 1; }
cookie="$cookie; $set_cookie"
declare -A instructions
for counters in 1 0; do
  for n in "$n1" "$n2"; do
    run "$counters" "$n" valgrind --tool=callgrind --callgrind-out-file="$work/cg.$counters.$n" \
      >/dev/null 2>"$work/valgrind.log"
  done
  instructions[$counters]=$(php -n -r '
    $total = function (string $file): int {
        foreach (file($file) as $line) if (preg_match("/^(?:summary|totals): (\\d+)/", $line, $m)) return (int) $m[1];
        return 0;
    };
    echo intdiv($total($argv[2]) - $total($argv[1]), $argv[4] - $argv[3]);' \
    "$work/cg.$counters.$n1" "$work/cg.$counters.$n2" "$n1" "$n2")
done
php -n -r 'printf("instructions per request (open, change, seal): counters on %d, off %d, on / off = %.4f\n",
  $argv[1], $argv[2], $argv[1] / $argv[2]);' "${instructions[1]}" "${instructions[0]}"
echo
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
