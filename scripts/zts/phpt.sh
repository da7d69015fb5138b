#!/usr/bin/env bash
# The phpt suite against the ZTS PHP that is first in PATH (in a root made by
# root.sh, or a matrix row: /opt/php-zts/bin:/opt/php-zts/sbin first in PATH):
# scripts/test-php.sh, as the version matrix's ZTS row runs it (scripts/matrix/rows):
# it builds the extension with scripts/build-ext.sh, then runs
# `make test TESTS=php-tests` once per transport in SC_ZTS_TRANSPORTS (default
# "cgi fpm server"), without valgrind; a skip that scripts/matrix/zts.skips does
# not allow counts as failed.
# Prints one line per transport and every skip with its reason, then exactly
# one line "zts-phpt: N passed, M failed" (test-php.sh's "php: ..." line,
# renamed; a test that fails in any run counts once per run); exits non-zero on
# failure.
set -uo pipefail
# shellcheck source=in-root.sh
source "$(dirname "$0")/in-root.sh"
zts_label zts-phpt
cd "$(dirname "$0")/../.." || zts_fail "no tree at $(dirname "$0")/../.."
zts_check_php

SC_TRANSPORTS=${SC_ZTS_TRANSPORTS:-cgi fpm server} SC_VALGRIND=0 \
  SC_SKIP_ALLOW="$PWD/scripts/matrix/zts.skips" bash scripts/test-php.sh |
  sed -u -E 's/^php: ([0-9]+ passed, [0-9]+ failed)$/zts-phpt: \1/'
exit "${PIPESTATUS[0]}"
