#!/usr/bin/env bash
# From the host: the thread test (threads.sh) in a fresh bookworm root with
# the ZTS PHP from build-php.sh (built first when not cached). Ends with
# "zts-threads: N passed, M failed". SC_ZTS_MUTANT=shared-globals shows it failing.
set -uo pipefail
source "$(dirname "$0")/root.sh"
zts_host_run zts-threads scripts/zts/threads.sh
