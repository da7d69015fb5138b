#!/usr/bin/env bash
# The README's test command: installs what is missing, builds both builds
# (CMake core + phpize extension) and runs every suite:
#   core  GoogleTest (plain and ASan/UBSan builds) and the libFuzzer targets
#   php   the phpt suite through php-cgi, then again under valgrind
#   pool  nginx + three php-fpm servers: a server killed, a key rotation
#   apps  phpMyAdmin (own MariaDB) and a Symfony app on the same kind of pool
# Each suite ends with "<suite>: N passed, M failed"; the last line adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh || { echo "deps failed"; echo "0 passed, 1 failed"; exit 1; }

total_passed=0
total_failed=0
summary=()
for suite in core php pool apps; do
  script="scripts/test-$suite.sh"
  echo
  echo "=== $suite ($script)"
  log=$(mktemp)
  bash "$script" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  line=$(grep -E "^$suite: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -n 1)
  rm -f "$log"
  if [ -z "$line" ]; then
    line="$suite: 0 passed, 1 failed"   # the suite died before its summary
  fi
  passed=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
  failed=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$suite: $passed passed, $failed failed")
done

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
