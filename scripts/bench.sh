#!/usr/bin/env bash
# Runs the benchmarks of sealedcookie against the other session stores and
# writes the results (markdown) to bench/results.md (or $RESULTS) and stdout:
#   1. request level: nginx + php-fpm + wrk, interleaved rounds (bench/request/run.sh)
#   2. per cycle: session_start/change/session_write_close under php-cgi (bench/cycle/run.sh)
#   3. profile: callgrind instructions per request and where they go (bench/request/profile.sh)
# It first installs what is missing (scripts/deps.sh) and builds and installs the
# extension (scripts/build-ext.sh --install). Everything it starts listens on
# 127.0.0.1 only and is killed by PID on exit. About 5 minutes with the defaults.
#
# Usage: scripts/bench.sh
# Env:   ROUNDS           rounds of the request benchmark (12)
#        VARIANT_SECONDS  seconds per variant per round (2)
#        REPS             repetitions of the per-cycle benchmark (5)
#        CYCLES           cycles per repetition (1000)
#        PROFILE          0 to skip the callgrind profile (1)
#        RESULTS          where to write the results (bench/results.md)
# A quick check that every step runs (about 2 minutes):
#   ROUNDS=1 VARIANT_SECONDS=1 REPS=1 CYCLES=100 PROFILE=0 RESULTS=/tmp/r.md scripts/bench.sh
# Numbers are measurements, not pass/fail: the script fails only when a step
# cannot run. On a shared machine req/s move a lot; the ratios within a round
# (each variant against the floors of the same round) are the figures to read.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-12}
reps=${REPS:-5}
cycles=${CYCLES:-1000}
duration=${VARIANT_SECONDS:-2}
profile=${PROFILE:-1}
results=${RESULTS:-bench/results.md}
command="ROUNDS=$rounds VARIANT_SECONDS=$duration REPS=$reps CYCLES=$cycles scripts/bench.sh"

phase_started=$SECONDS
phase_times=()
# phase NAME: records how long the previous phase took.
phase() {
  phase_times+=("$1 $((SECONDS - phase_started)) s")
  phase_started=$SECONDS
}

bash scripts/deps.sh >&2
build_note=""
if ! bash scripts/build-ext.sh --install >&2; then
  build_note="The extension did not build; sealedcookie rows are missing."
  echo "bench: $build_note" >&2
fi

tmp=$(mktemp -d /tmp/sealedcookie-results.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

phase "deps and build"

started=$(date -u '+%Y-%m-%d %H:%M UTC')
BENCH_ROUNDS=$rounds BENCH_SECONDS=$duration BENCH_OUT="$tmp/request.tsv" bench/request/run.sh
phase requests
BENCH_REPS=$reps BENCH_CYCLES=$cycles BENCH_OUT="$tmp/cycle.tsv" bench/cycle/run.sh
phase cycles
if [ "$profile" = 1 ]; then
  BENCH_OUT="$tmp/profile.md" bench/request/profile.sh
  phase profile
fi

printf -v took '%s, ' "${phase_times[@]}"
took=${took%, }
{
  echo "# sealedcookie benchmark results"
  echo
  echo "Run $started with \`$command\` (commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include config.m4 || echo ', with uncommitted changes'))."
  echo
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
  echo "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr); $(php -v | sed -n '1s/ *(.*//p') (NTS, opcache on, JIT off);"
  echo "$(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | awk 'NR == 1 {print "wrk " $2}'), memcached $(memcached -V | awk '{print $2}'), redis $(redis-server -v | sed -E 's/.* v=([^ ]*).*/\1/')."
  echo "Load average when it ended: $(cut -d' ' -f1-3 /proc/loadavg). Took: $took."
  [ -z "$build_note" ] || { echo; echo "**$build_note**"; }
  echo
  echo "## Targets, from this run"
  echo
  php -n bench/request/targets.php "$tmp/request.tsv" "$tmp/cycle.tsv"
  echo
  echo "## Requests: nginx + php-fpm + wrk"
  echo
  echo "$rounds rounds × ${duration} s per variant, interleaved (order rotated each round), after a 1 s warm-up of each;"
  echo "4 wrk connections (one per thread, each with its own cookie jar), php-fpm pm=static with 2 children per variant,"
  echo "everything on this machine over 127.0.0.1. The page starts the session, reads a counter and ~1 KiB of data,"
  echo "changes both, calls session_write_close() and prints the counter. Ratios are per round (variant ÷ floor of"
  echo "the same round), median over rounds. \"sessions lost\": responses whose counter did not advance by one."
  echo "Three floors: none (no session), cookie (no session, the sealed cookie's bytes both ways) and sessionfloor"
  echo "(the cookie floor plus PHP's session machinery on bench/nullhandler, a save handler doing no work; its"
  echo "handler shares one session per process, so its counter is not checked)."
  echo "CPU µs/req: user + system time per request of the variant's php-fpm workers and of nginx (/proc/<pid>/stat), and of wrk."
  echo
  php -n bench/request/summarize.php "$tmp/request.tsv"
  echo
  sed 's/^/- /' "$tmp/request.tsv.sanity"
  echo
  echo "## Per cycle: session_start / change / session_write_close"
  echo
  echo "One cycle per request under \`php-cgi -T $cycles\`, the cookie fed back between cycles; only the cycle is"
  echo "timed (hrtime), up to and including sending the headers (where sealedcookie adds its Set-Cookie)."
  echo "Median over $reps repetitions of each run's median cycle (first tenth is warm-up)."
  echo "files writes to a temp dir on this machine's disk (ext4 on virtio): its syscalls cost 10-30 µs each here."
  echo
  php -n bench/cycle/summarize.php "$tmp/cycle.tsv"
  if [ -s "$tmp/profile.md" ]; then
    echo
    echo "## Profile: PHP's side of one request (php-cgi: callgrind, elapsed time, perf)"
    echo
    echo "\`php-cgi -T\` serving the same page with a valid session cookie; instructions per request ="
    echo "(run of 220 requests − run of 20) ÷ 200. Deterministic, so it does not suffer from the machine's noise;"
    echo "but it counts only user-space instructions of PHP (no kernel, nginx or wrk)."
    echo
    cat "$tmp/profile.md"
  fi
} >"$tmp/results.md"
cp "$tmp/results.md" "$results"
# The chart the README shows, drawn from these results (bench/chart.php).
[ "$results" = bench/results.md ] && php -n bench/chart.php "$results" bench/results.svg
cat "$results"
