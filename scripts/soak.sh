#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Soak: the pool of scripts/test-pool.sh (nginx round robin over three php-fpm servers
# with sealedcookie, three workers each, scripts/pool/lib.sh) under full load for
# SOAK_SECONDS, with the resident memory (VmRSS) of every php-fpm worker sampled
# throughout. Passes with 0 errors, 0 lost sessions and flat memory; never on time or
# speed (the machine is shared).
#
# The load: wrk (the fastest client Debian has; scripts/deps.sh installs it) on 127.0.0.1
# with keep-alive connections and scripts/soak/users.lua: SOAK_USERS simulated users,
# each with its own cookie jar and at most one request in flight, each request reading
# and changing the user's session (scripts/soak/app.php: a counter and a payload that
# changes every time), every answer checked against the counter the user expects. The
# servers run the pool's php.ini plus opcache, as production does, and this tree's build
# of the extension (scripts/build-ext.sh, out/ext; not installed).
#
# Prints a table of requests, req/s, errors, lost sessions and worker RSS for the start,
# middle and end thirds of the run, and per worker; then one check a line and, last,
# `soak: N passed, M failed`. scripts/test-pool.sh runs it for 60 s at its end.
#
# Environment: SOAK_SECONDS (600), SOAK_USERS (200), SOAK_CONNECTIONS (24),
# SOAK_THREADS (wrk threads, 2), SOAK_SAMPLE_SECONDS (5; 2 below 300 s),
# SOAK_FLAT_KIB (1024, see below), SOAK_CONTROL=0 skips the negative control (5 s),
# SOAK_BUILD=0 uses the build already in out/ext,
# POOL_SEALEDCOOKIE_EXT (a sealedcookie.so to load instead), SOAK_KEEP=1 keeps the temp dir.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

seconds=${SOAK_SECONDS:-600}
users=${SOAK_USERS:-200}
connections=${SOAK_CONNECTIONS:-24}
threads=${SOAK_THREADS:-2}
interval=${SOAK_SAMPLE_SECONDS:-$((seconds >= 300 ? 5 : 2))}
# Flat memory: no worker's highest RSS in the last third of the run more than this above
# its highest in the middle third. A worker grows at first (its allocators' pages, the
# opcache pages it first touches): in the 10-minute run in the README each grew within its
# first 5 s, most took one more 64 KiB step before 90 s, and none changed by a page after,
# so a short run may still see such a step in its last third; 1 MiB is 16 of them.
# PHP frees a request's own memory when the request ends; what can grow is memory kept
# across requests (malloc: the C++ core, libsodium, PHP's persistent allocations). At
# about 400 requests a second per worker, a leak of 16 bytes a request passes 1 MiB
# within the last third of the 10-minute run (one of 160 bytes within the 60-s run's).
flat_kib=${SOAK_FLAT_KIB:-1024}

passed=0
failed=0
check() { # check DESCRIPTION COMMAND...: on failure, shows the end of COMMAND's output
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "ok   - $what"
  else
    failed=$((failed + 1))
    echo "FAIL - $what"
    [ -z "$out" ] || tail -n 15 <<<"$out" | sed 's/^/       /'
  fi
}
eq() { [ "$1" = "$2" ]; }
gt0() { [ "${1:-0}" -gt 0 ] 2>/dev/null; }
at_most() { [ -n "$1" ] && [ "$1" -le "$2" ] 2>/dev/null; }
empty() { [ ! -s "$1" ] || { head -n 5 "$1" | cut -c 1-300; false; }; }
summary() { # the last line; its status: 0 when every check passed
  echo "soak: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# shellcheck source=pool/lib.sh
. scripts/pool/lib.sh

if ! command -v wrk >/dev/null; then
  check "wrk is installed (scripts/deps.sh)" false
  summary
  exit
fi
if [ -z "${POOL_SEALEDCOOKIE_EXT:-}" ]; then
  if [ "${SOAK_BUILD:-1}" != 0 ]; then
    check "scripts/build-ext.sh (this tree's extension, in out/ext)" timeout 900 scripts/build-ext.sh
  fi
  POOL_SEALEDCOOKIE_EXT="$PWD/out/ext/modules/sealedcookie.so"
fi
export POOL_SEALEDCOOKIE_EXT
if ! "$SRV_PHP_BIN" -n -d "extension=$POOL_SEALEDCOOKIE_EXT" -r 'exit(function_exists("sealedcookie_status") ? 0 : 1);'; then
  check "the extension loads ($POOL_SEALEDCOOKIE_EXT)" false
  summary
  exit
fi

SRV_KEEP=${SOAK_KEEP:-}
pool_init soak
P_KEYS=()
POOL_WORK_MS=0 pool_up soak sealedcookie # dies (exit 1, no summary) when the pool cannot start
# The soak's page in place of the pool's demo app, then opcache on: appended to each
# server's php.ini, read again by a graceful reload (USR2), one server after the other.
cp scripts/soak/app.php "$P_DIR/app/index.php"
reloaded=0
for ((i = 0; i < POOL_SERVERS; i++)); do
  printf 'zend_extension = opcache\nopcache.enable = 1\n' >>"$P_DIR/php-$((i + 1)).ini"
  pool_reload_fpm "$i" && pool_http "/direct/$((i + 1))" | grep -q '"opcache":true' && reloaded=$((reloaded + 1))
done
check "opcache on in all $POOL_SERVERS php-fpm servers (php.ini, reload)" eq "$reloaded" "$POOL_SERVERS"

masters=()
for ((i = 0; i < POOL_SERVERS; i++)); do masters+=("fpm$((i + 1))=${P_FPM_PIDS[$i]}"); done
mkdir -p "$P_DIR/progress"
echo "# soak: $seconds s, $users users on $connections keep-alive connections (wrk, $threads threads)," \
  "$POOL_SERVERS php-fpm servers x $POOL_CHILDREN workers behind nginx, RSS sampled every $interval s"
"$SRV_PHP_BIN" -n scripts/soak/sample.php --out "$P_DIR/samples.jsonl" --progress-dir "$P_DIR/progress" \
  --stop-file "$P_DIR/stop" --interval "$interval" --max-seconds $((seconds + 120)) "${masters[@]}" &
sampler=$!
srv_track "$sampler"
# What the servers log from here on is the soak's: php-fpm's logs (workers' exits; the
# reloads above logged some) and nginx's error log (upstream errors, and PHP's messages,
# which php-fpm hands to nginx on FastCGI's stderr). Each line is a failure.
logs=("$P_DIR/nginx-error.log")
for ((i = 1; i <= POOL_SERVERS; i++)); do logs+=("$P_DIR/fpm-$i.log"); done
log_from=()
for f in "${logs[@]}"; do log_from+=("$(stat -c %s "$f" 2>/dev/null || echo 0)"); done
timeout -k 10 $((seconds + 60)) wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s \
  -s scripts/soak/users.lua "http://127.0.0.1:$P_NGINX_PORT/" -- $((users / threads)) "$P_DIR/progress" \
  >"$P_DIR/wrk.out" 2>&1
wrk_rc=$?
touch "$P_DIR/stop"
wait "$sampler"
srv_untrack "$sampler"
for i in "${!logs[@]}"; do tail -c +$((log_from[i] + 1)) "${logs[$i]}"; done >"$P_DIR/logged.txt"

# Negative control, on the same pool: the client can see a loss. The last server gets a
# key of its own (as in scripts/test-pool.sh), so the sessions it seals open nowhere else
# and the others' do not open there: a few seconds of the same load must count losses.
control_lost=""
if [ "${SOAK_CONTROL:-1}" != 0 ] && pool_rotate_step $((POOL_SERVERS - 1)) "k9other:$(srv_new_key)"; then
  mkdir -p "$P_DIR/control"
  timeout -k 10 60 wrk -t "$threads" -c "$connections" -d 5s --timeout 10s -s scripts/soak/users.lua \
    "http://127.0.0.1:$P_NGINX_PORT/" -- $((users / threads)) "$P_DIR/control" >"$P_DIR/control.out" 2>&1
  control_lost=$(sed -n 's/^RESULT .* lost=\([0-9]*\) .*/\1/p' "$P_DIR/control.out")
fi
pool_down

echo
figures="$P_DIR/figures.json"
"$SRV_PHP_BIN" -n scripts/soak/report.php --samples "$P_DIR/samples.jsonl" --wrk "$P_DIR/wrk.out" \
  --seconds "$seconds" --flat-kib "$flat_kib" --figures "$figures"
echo
get() { "$SRV_PHP_BIN" -n scripts/soak/report.php get "$figures" "$1"; }

check "wrk ran $seconds s and reported (exit $wrk_rc)" grep -q '^RESULT ' "$P_DIR/wrk.out"
check "$(get requests) requests, $(get rps) a second" gt0 "$(get requests)"
check "0 errors (socket errors, timeouts, answers but 200, answers naming no waiting user, wrong session)" \
  eq "$(get errors)" 0
check "0 sessions lost (every counter the one its user expected)" eq "$(get lost)" 0
check "every user had good answers ($(get users_ok) of $(get users))" eq "$(get users_ok)" "$(get users)"
workers=$((POOL_SERVERS * POOL_CHILDREN))
check "the same $workers php-fpm workers in every sample (none died or was replaced)" \
  eq "$(get workers)/$(get workers_same)" "$workers/1"
check "nothing logged during the load (PHP messages, nginx errors, php-fpm workers' exits)" \
  empty "$P_DIR/logged.txt"
check "samples in every third of the run ($(get samples) samples)" eq "$(get samples_in_each_third)" 1
check "flat memory: each worker's highest RSS in the end third at most $flat_kib KiB above the middle third's" \
  at_most "$(get growth_kib)" "$flat_kib"
if [ "${SOAK_CONTROL:-1}" != 0 ]; then
  check "control: with one server's key foreign, the client counts lost sessions (${control_lost:-none})" \
    gt0 "$control_lost"
fi

trap - EXIT
srv_stop_tracked
if [ -n "$SRV_KEEP" ]; then echo "logs kept in $SRV_DIR"; else rm -rf "$SRV_DIR"; fi
summary
