#!/usr/bin/env bash
# The php suite: builds the extension (scripts/build-ext.sh) against the PHP on
# PATH (phpize, php-config), then runs the phpt files in php-tests/ with
# `make test` once per transport (SC_TRANSPORT=cgi, fpm, server: the default
# transport of the tests' client; tests that name a transport, such as the
# apache ones, keep theirs), then again under valgrind (run-tests -m traces
# children, so the php-cgi, php -S, php-fpm and apache processes the tests
# spawn run under valgrind too).
#
# Environment:
#   SC_TRANSPORTS   transports of the plain passes (default "cgi fpm server")
#   SC_VALGRIND     transports of the valgrind passes: unset = cgi, 1 = cgi,
#                   0 = none, or a list ("cgi fpm")
#   SC_SKIP_ALLOW   a file of allowed skips, one "TEST REASON" a line (TEST a
#                   phpt name without .phpt, or a shell glob); without it every
#                   skipped test counts as failed (deps.sh installs what the
#                   tests need). Used by the version matrix's rows.
#   SC_RESULTS      append machine-readable results to this file:
#                   "pass TRANSPORT VALGRIND(0|1) PASSED FAILED SKIPPED",
#                   "test TRANSPORT VALGRIND TEST PASS|FAIL|SKIP|LEAK|BORK|WARN" and
#                   "skip TRANSPORT VALGRIND TEST allowed|unallowed REASON"
# Ends with exactly one line "php: N passed, M failed"; exits non-zero on failure.
set -uo pipefail
# give_up [WHY]: the suite cannot run; still ends with its summary line.
give_up() {
  [ -z "${1:-}" ] || echo "php: $1"
  echo "php: 0 passed, 1 failed"
  exit 1
}
cd "$(dirname "$0")/.." || give_up "no tree at $(dirname "$0")/.."
root=$PWD

transports=${SC_TRANSPORTS:-cgi fpm server}
valgrind_transports=${SC_VALGRIND-cgi}
case $valgrind_transports in
  0 | "") valgrind_transports="" ;;
  1) valgrind_transports=cgi ;;
esac
allow_file=${SC_SKIP_ALLOW:-}
results=${SC_RESULTS:-/dev/null}
if [ -n "$allow_file" ] && [ ! -r "$allow_file" ]; then
  give_up "SC_SKIP_ALLOW=$allow_file is not readable"
fi

# Hold the out/ext lock for the build and every run: another build there
# (the pool suite calls build-ext.sh too) would swap the module under make test.
mkdir -p out
exec 9>out/ext.lock
flock -w 1800 9 || give_up "out/ext has been locked by another build for 30 minutes"
SC_EXT_LOCKED=1 bash scripts/build-ext.sh || give_up
cd out/ext || give_up "no out/ext after the build"
echo "php: PHP $(php-config --version) ($(php -r 'echo PHP_ZTS ? "ZTS" : "NTS";')), $(command -v php)"

passed=0
failed=0

# allowed TEST: prints the reason the allow-list gives for skipping TEST.
allowed() {
  local name pattern reason
  name=$1
  [ -n "$allow_file" ] || return 1
  while read -r pattern reason; do
    case $pattern in "" | "#"*) continue ;; esac
    # shellcheck disable=SC2254 # the pattern is a glob on purpose
    case $name in $pattern) echo "$reason"; return 0 ;; esac
  done <"$allow_file"
  return 1
}

# count LOG TRANSPORT VALGRIND: adds the run-tests summary of LOG to the totals.
count() {
  local log=$1 transport=$2 vg=$3 label p f l b s=0 ok_skips=0 line test reason why
  label="phpt $transport"
  [ "$vg" = 0 ] || label="$label under valgrind"
  p=$(grep -E '^Tests passed +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  f=$(grep -E '^Tests failed +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  l=$(grep -E '^Tests leaked +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  b=$(grep -cE '^BORK' "$log")
  if [ -z "$p" ]; then
    echo "$label: run-tests printed no summary"
    tail -n 40 "$log"
    failed=$((failed + 1))
    echo "pass $transport $vg 0 1 0" >>"$results"
    return
  fi
  f=$((${f:-0} + ${l:-0} + b))
  # Result lines without colours and without the progress line run-tests
  # writes before them (ended by a carriage return).
  sed -i 's/\x1b\[[0-9;]*m//g; s/.*\r//' "$log"
  # One line per test result, for the matrix's per-SAPI table.
  sed -nE 's/^(PASS|FAIL|SKIP|LEAK|LEAK&FAIL|BORK|WARN) .*\[([^]]*\/)?([^]/]*)\.phpt\].*/test '"$transport $vg"' \3 \1/p' "$log" >>"$results"
  # Skips: "SKIP <title> [php-tests/<name>.phpt] reason: <why>".
  while IFS= read -r line; do
    test=$(sed -nE 's/.*\[([^]]*)\.phpt\].*/\1/p' <<<"$line")
    test=${test##*/}
    reason=$(sed -nE 's/.* reason: (.*)$/\1/p' <<<"$line")
    s=$((s + 1))
    if why=$(allowed "$test"); then
      ok_skips=$((ok_skips + 1))
      echo "skip $transport $vg $test allowed ${reason:-?} ($why)" >>"$results"
      echo "$label: skipped $test: ${reason:-?} (allowed: $why)"
    else
      echo "skip $transport $vg $test unallowed ${reason:-?}" >>"$results"
      echo "$label: skipped $test: ${reason:-?} (not in the allow-list: counted as failed)"
    fi
  done < <(grep -E '^SKIP ' "$log")
  # Every test must run or be an allowed skip: a test that was skipped without
  # leave, warned or not run at all counts as failed.
  local expected missing
  expected=$(find php-tests -maxdepth 1 -name '*.phpt' | wc -l)
  missing=$((expected - p - f - ok_skips))
  if [ "$missing" -gt 0 ]; then
    echo "$label: $missing of $expected tests did not run or did not pass cleanly:"
    grep -E '^(SKIP|WARN)' "$log" | head -n 20
    f=$((f + missing))
  fi
  echo "$label: $p passed, $f failed, $ok_skips skipped (leaked: ${l:-0})"
  echo "pass $transport $vg $p $f $ok_skips" >>"$results"
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
for t in $transports; do
  # 9>&-: the servers the tests start must not inherit the lock (a stray one
  # would hold it after this script ends).
  SC_TRANSPORT=$t NO_INTERACTION=1 make test TESTS="-q -j2 --show-diff php-tests" >"$log" 2>&1 9>&-
  count "$log" "$t" 0
done

# pcre.jit=0: valgrind cannot follow PCRE's JIT code (false "uninitialised" reports).
if [ -n "$valgrind_transports" ]; then
  if command -v valgrind >/dev/null; then
    for t in $valgrind_transports; do
      # --vgdb=no: apache2 drops root and could not remove valgrind's gdb pipes.
      SC_TRANSPORT=$t VALGRIND_OPTS="--vgdb=no --suppressions=$root/php-tests/helpers/valgrind.supp" \
        USE_ZEND_ALLOC=0 NO_INTERACTION=1 \
        make test TESTS="-q -j2 -m -d pcre.jit=0 --show-diff php-tests" >"$log" 2>&1 9>&-
      count "$log" "$t" 1
    done
  else
    echo "valgrind not installed"
    failed=$((failed + 1))
  fi
fi
rm -f "$log"

echo "php: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
