#!/usr/bin/env bash
# The phpt suite against the ZTS PHP that is first in PATH (in a root made by
# root.sh, or a matrix row: /opt/php-zts/bin:/opt/php-zts/sbin first in PATH).
# Builds the extension with scripts/build-ext.sh (phpize, configure, make in
# out/ext), then runs `make test TESTS=php-tests` once per transport in
# SC_ZTS_TRANSPORTS (default "cgi fpm server": SC_TRANSPORT picks the
# transport cgi.inc uses by default).
# Prints one line per transport with the skips and their reasons, then
# exactly one line "zts-phpt: N passed, M failed" (a test that fails in any
# run counts once per run); exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/../.."

source scripts/zts/in-root.sh
zts_label zts-phpt
zts_check_php
bash scripts/build-ext.sh || zts_fail "the extension did not build"
php -n -d extension="$PWD/out/ext/modules/sealedcookie.so" -r 'exit(extension_loaded("sealedcookie") ? 0 : 1);' ||
  zts_fail "sealedcookie.so does not load into $(command -v php)"

cd out/ext
passed=0
failed=0
for transport in ${SC_ZTS_TRANSPORTS:-cgi fpm server}; do
  log=$(mktemp)
  SC_TRANSPORT=$transport NO_INTERACTION=1 \
    make test TESTS="-q -j2 --show-diff php-tests" >"$log" 2>&1
  p=$(grep -E '^Tests passed +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  f=$(grep -E '^Tests failed +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  s=$(grep -E '^Tests skipped +:' "$log" | grep -oE '[0-9]+' | head -n 1)
  b=$(grep -cE '^BORK' "$log")
  if [ -z "$p" ]; then
    echo "zts-phpt[$transport]: run-tests printed no summary"
    tail -n 40 "$log"
    failed=$((failed + 1))
    rm -f "$log"
    continue
  fi
  f=$(( ${f:-0} + b ))
  echo "zts-phpt[$transport]: $p passed, $f failed, ${s:-0} skipped"
  grep -E '^SKIP ' "$log" | sed -E 's/^SKIP .*\[(php-tests\/[^]]*)\] reason: /  skip \1: /'
  if [ "$f" -gt 0 ]; then
    grep -E '^(FAIL|BORK)' "$log"
    sed -n '/^========DIFF========/,/^========DONE========/p' "$log"
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  rm -f "$log"
done
echo "zts-phpt: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
