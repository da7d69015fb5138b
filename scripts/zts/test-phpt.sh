#!/usr/bin/env bash
# From the host: the phpt suite (phpt.sh) in a fresh bookworm root with the
# ZTS PHP from build-php.sh (built first when not cached). Ends with
# "zts-phpt: N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/root.sh"
zts_host_run zts-phpt scripts/zts/phpt.sh
