#!/usr/bin/env bash
# Core suite: the C++ core built three ways, each in its own directory under out/:
#   out/core   RelWithDebInfo build, GoogleTest through ctest
#   out/asan   the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   out/fuzz   clang libFuzzer targets, each run for $FUZZ_SECONDS seconds on a copy
#              of its committed seed corpus (tests/fuzz/corpus/ is never written)
# Counts: every ctest test is one result, every fuzzer one, a failed build one failure,
# and first the style checks (scripts/lint.sh): clang-format one, shellcheck one.
# Ends with exactly one line "core: N passed, M failed"; exits non-zero when M > 0.
# Environment: FUZZ_SECONDS (default 60), JOBS (default 2: the machine is shared).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
JOBS=${JOBS:-2}
passed=0
failed=0
lines=()

note() {
  lines+=("$1")
  echo "--- $1"
}

# build DIR [cmake args...]: configure and build; returns cmake's status.
build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" "$@" && cmake --build "$dir" -j"$JOBS"
}

# run_ctest DIR NAME: runs the tests and adds their counts.
run_ctest() {
  local dir=$1 name=$2 log
  log=$(mktemp)
  (cd "$dir" && ctest --output-on-failure -j"$JOBS") 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  # "97% tests passed, 2 tests failed out of 114"
  local summary
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
  rm -f "$log"
  if [ -z "$summary" ]; then
    failed=$((failed + 1))
    note "$name: ctest gave no summary (status $status): 1 failed"
    return
  fi
  local bad total
  bad=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$summary")
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  if [ "$total" -eq 0 ]; then
    failed=$((failed + 1))
    note "$name: no tests found: 1 failed"
    return
  fi
  if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  note "$name: $((total - bad)) passed, $bad failed"
}

# run_fuzzer DIR NAME CORPUS: one result per fuzzer.
run_fuzzer() {
  local dir=$1 name=$2 corpus=$3
  local work="$dir/corpus/$corpus" artifacts="$dir/artifacts"
  rm -rf "$work"
  mkdir -p "$work" "$artifacts"
  cp tests/fuzz/corpus/"$corpus"/* "$work"/
  echo "=== $name for ${FUZZ_SECONDS}s on a copy of tests/fuzz/corpus/$corpus"
  local log="$dir/$name.log"
  # The fuzz build's UBSan checks are recoverable: halt so a report is a failure.
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$dir/$name" -max_total_time="$FUZZ_SECONDS" -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$work" >"$log" 2>&1
  local status=$?
  tail -n 25 "$log"
  local runs
  runs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    note "$name: passed (${runs:-?} runs in ${FUZZ_SECONDS}s)"
  else
    failed=$((failed + 1))
    note "$name: FAILED (status $status; crash inputs in $artifacts/, log $log)"
  fi
}

# Style first: clang-format and shellcheck (scripts/lint.sh), one result per tool.
echo "=== core: lint (scripts/lint.sh)"
lint_log=$(mktemp)
bash scripts/lint.sh | tee "$lint_log"
lint_counts=$(sed -n 's/^lint: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$lint_log")
rm -f "$lint_log"
read -r lint_passed lint_failed <<<"${lint_counts:-0 1}"
passed=$((passed + lint_passed))
failed=$((failed + lint_failed))
note "lint: $lint_passed passed, $lint_failed failed"

echo "=== core: RelWithDebInfo build (out/core)"
if build out/core -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEALEDCOOKIE_TESTS=ON \
  -DSEALEDCOOKIE_BENCH=ON -DSEALEDCOOKIE_FUZZ=OFF -DSEALEDCOOKIE_SANITIZE=; then
  run_ctest out/core "tests"
else
  failed=$((failed + 1))
  note "tests: build failed: 1 failed"
fi

echo "=== core: ASan+UBSan build (out/asan)"
if build out/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEALEDCOOKIE_TESTS=ON \
  -DSEALEDCOOKIE_BENCH=OFF -DSEALEDCOOKIE_FUZZ=OFF -DSEALEDCOOKIE_SANITIZE=address,undefined; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  run_ctest out/asan "tests (asan,ubsan)"
else
  failed=$((failed + 1))
  note "tests (asan,ubsan): build failed: 1 failed"
fi

echo "=== core: libFuzzer build (out/fuzz)"
if CC=clang CXX=clang++ build out/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSEALEDCOOKIE_FUZZ=ON -DSEALEDCOOKIE_TESTS=OFF -DSEALEDCOOKIE_BENCH=OFF \
  -DSEALEDCOOKIE_SANITIZE=; then
  run_fuzzer out/fuzz open_fuzzer open
  run_fuzzer out/fuzz key_list_fuzzer key_list
  run_fuzzer out/fuzz header_fuzzer header
else
  failed=$((failed + 1))
  note "fuzzers: build failed: 1 failed"
fi

echo
echo "=== core results"
printf '%s\n' "${lines[@]}"
echo "core: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
