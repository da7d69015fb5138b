#!/usr/bin/env bash
# From the host: the whole ZTS row in one fresh bookworm root: the phpt suite
# (phpt.sh), then the thread test (threads.sh). Ends with "zts: N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/root.sh"
zts_host_run zts scripts/zts/phpt.sh scripts/zts/threads.sh
