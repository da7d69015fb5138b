#!/usr/bin/env bash
# The README's test command: installs what is missing, builds both builds
# (CMake core + phpize extension) and runs every suite:
#   core    GoogleTest (plain and ASan/UBSan builds) and the libFuzzer targets
#   php     the phpt suite on this machine's PHP, once per transport (php-cgi,
#           php-fpm, the built-in server; apache2handler tests in each), then
#           under valgrind unless the matrix runs (it has valgrind rows)
#   pool    nginx + three php-fpm servers: a server killed, a key rotation
#   browsers headless Chromium and Firefox ESR on that pool: the browser's own cookie
#           jar through login/logout, chunks, size edge, attributes, rotation
#   forgery 10,000+ mutated cookies through nginx to php-fpm: no forgery, 5xx or crash
#   apps    phpMyAdmin (own MariaDB) and a Symfony app on the same kind of pool
#   deb     the Debian package, built and installed in a clean root
#   matrix  the phpt suite on PHP 8.2, 8.4, 8.5, 8.6 and a ZTS PHP, each in a
#           clean Debian root (scripts/test-matrix.sh)
# Each suite ends with "<suite>: N passed, M failed"; the last line adds them up.
# SC_TEST_SUITES="core php" runs only those suites (default: all of them).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

bash scripts/deps.sh || { echo "deps failed"; echo "0 passed, 1 failed"; exit 1; }

total_passed=0
total_failed=0
summary=()
suites=" ${SC_TEST_SUITES:-core php pool browsers forgery apps deb matrix} "
# With the matrix in the run, the php suite leaves valgrind to it (PHP 8.2 and
# the newest, each in a clean root): the same pass on this machine's PHP would
# add about ten minutes. SC_VALGRIND set by the caller still wins.
if [[ $suites == *" matrix "* ]]; then export SC_VALGRIND="${SC_VALGRIND-0}"; fi
for suite in $suites; do
  script="scripts/test-$suite.sh"
  echo
  echo "=== $suite ($script)"
  suite_start=$SECONDS
  log=$(mktemp)
  if [ -f "$script" ]; then
    bash "$script" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
  else
    echo "$script does not exist" | tee "$log"
    status=1
  fi
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
  summary+=("$suite: $passed passed, $failed failed ($(((SECONDS - suite_start) / 60)) min)")
done

echo
echo "=== summary ($((SECONDS / 60)) min)"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
