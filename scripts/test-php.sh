#!/usr/bin/env bash
# The php suite: builds the extension (scripts/build-ext.sh), runs the phpt
# files in php-tests/ with `make test`, then runs them again under valgrind
# (run-tests -m traces children, so the php-cgi, php -S and php-fpm processes
# the tests spawn run under valgrind too).
# Ends with exactly one line "php: N passed, M failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."

# Hold the out/ext lock for the build and both runs: another build there
# (the pool suite calls build-ext.sh too) would swap the module under make test.
mkdir -p out
exec 9>out/ext.lock
if ! flock -w 1800 9; then
  echo "php: out/ext has been locked by another build for 30 minutes"
  echo "php: 0 passed, 1 failed"
  exit 1
fi
if ! SC_EXT_LOCKED=1 bash scripts/build-ext.sh; then
  echo "php: 0 passed, 1 failed"
  exit 1
fi
cd out/ext

passed=0
failed=0

# count LOG LABEL: adds the run-tests summary of LOG to the totals.
count() {
  local log=$1 label=$2 p f l b
  p=$(grep -E '^Tests passed +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  f=$(grep -E '^Tests failed +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  l=$(grep -E '^Tests leaked +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  b=$(grep -cE '^BORK' "$log")
  if [ -z "$p" ]; then
    echo "$label: run-tests printed no summary"
    tail -n 40 "$log"
    failed=$((failed + 1))
    return
  fi
  f=$(( ${f:-0} + ${l:-0} + b ))
  # Every test must run here (deps.sh installs what they need): a test that
  # was skipped, warned or not run at all counts as failed.
  local expected missing
  expected=$(find php-tests -maxdepth 1 -name '*.phpt' | wc -l)
  missing=$(( expected - p - f ))
  if [ "$missing" -gt 0 ]; then
    echo "$label: $missing of $expected tests did not run or did not pass cleanly (skipped/warned):"
    grep -E '^(SKIP|WARN)|\[[0-9;]*m(SKIP|WARN)' "$log" | head -n 20
    f=$((f + missing))
  fi
  echo "$label: $p passed, $f failed (leaked: ${l:-0})"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -gt 0 ]; then
    sed -n '/^FAILED TEST SUMMARY/,/^===*$/p' "$log"
    grep -E '^(FAIL|LEAK|BORK)' "$log"
    # the diffs (--show-diff) of the failing tests
    sed -n '/^========DIFF========/,/^========DONE========/p' "$log"
  fi
}

log=$(mktemp)
# 9>&-: the servers the tests start must not inherit the lock (a stray one
# would hold it after this script ends).
NO_INTERACTION=1 make test TESTS="-q -j2 --show-diff php-tests" >"$log" 2>&1 9>&-
count "$log" "phpt"

# pcre.jit=0: valgrind cannot follow PCRE's JIT code (false "uninitialised" reports).
if command -v valgrind >/dev/null; then
  # --vgdb=no: apache2 drops root and could not remove valgrind's gdb pipes.
  VALGRIND_OPTS="--vgdb=no --suppressions=$PWD/php-tests/helpers/valgrind.supp" \
    USE_ZEND_ALLOC=0 NO_INTERACTION=1 \
    make test TESTS="-q -j2 -m -d pcre.jit=0 --show-diff php-tests" >"$log" 2>&1 9>&-
  count "$log" "phpt under valgrind"
else
  echo "valgrind not installed"
  failed=$((failed + 1))
fi
rm -f "$log"

echo "php: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
