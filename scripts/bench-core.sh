#!/usr/bin/env bash
# Builds the core benchmark in Release (out/bench) and runs it: seal+open through
# Sealer against raw libsodium (with libsodium's and with our base64url), then a
# ratio table. Extra arguments go to the benchmark (e.g. --benchmark_filter=4096).
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B out/bench -DCMAKE_BUILD_TYPE=Release -DSEALEDCOOKIE_TESTS=OFF \
  -DSEALEDCOOKIE_BENCH=ON -DSEALEDCOOKIE_FUZZ=OFF -DSEALEDCOOKIE_SANITIZE= >/dev/null
cmake --build out/bench -j"${JOBS:-2}" --target sealedcookie_core_bench
out/bench/sealedcookie_core_bench "$@"
