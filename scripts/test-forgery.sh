#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The project's own forgery campaign (issue 14, point 6). nginx in front of three php-fpm
# servers on 127.0.0.1: the target (2 workers, the campaign's key) and two sources of
# values (1 worker each): one sealing with another key, one with the target's key under
# another sealedcookie.context. Genuine sessions with known contents are obtained from
# them (small, chunked, compressed, sealed for another cookie name), then over 10,000
# requests whose cookies are mutations of them go through nginx to the target
# (scripts/forgery/mutations.php): bit flips in every region of the envelope, the version
# byte, key ids, characters, truncations, extensions, base64url edge cases, chunks
# dropped/duplicated/reordered/mixed/recounted, values moved between sessions, another
# key, another cookie name, another context, malformed and oversized Cookie headers,
# random stacked edits.
# Every answer must be a fresh empty session, or the original session when PHP handed the
# extension the same bytes (id and joined sealed value): never another session's data and
# never the original from changed bytes (a forgery accepted), never a 5xx, no worker crash
# (counted from the php-fpm log). nginx's 400 for a malformed or oversized header is a
# defined outcome, counted. Two canaries first prove that a crash and an accepted forgery
# would be counted. Prints the counts table (scripts/forgery/campaign.php).
#
# Assumes scripts/deps.sh ran; builds and installs the extension (scripts/build-ext.sh
# --install). Starts its own php-fpm and nginx on free ports, stops them by PID on exit.
# About a minute. The last line is `forgery: N passed, M failed`.
# Environment: FORGERY_SEED (the mutation choices; random by default, printed; the
# genuine cookies differ every run), FORGERY_CONCURRENCY (8), FORGERY_KEEP=1 keeps the
# temp dir with all logs.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
verdict() { # verdict WHAT COMMAND...: one assertion; on failure, the end of COMMAND's output
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "ok   - $what"
    return 0
  fi
  failed=$((failed + 1))
  echo "FAIL - $what"
  [ -z "$out" ] || tail -n 15 <<<"$out" | sed 's/^/       /'
  return 1
}
is() { [ "$1" = "$2" ] || { echo "got '$1', want '$2'"; return 1; }; }
at_least() { [ "${1:-0}" -ge "$2" ] 2>/dev/null || { echo "got '$1', want $2 or more"; return 1; }; }

POOL_SERVERS=3 # the target, the other key's server, the other context's server
# shellcheck source=pool/lib.sh
. scripts/pool/lib.sh

campaign() { "$SRV_PHP_BIN" -n scripts/forgery/campaign.php "$@"; }
get() { campaign get "$SRV_DIR/$1.json" "$2" 2>/dev/null; }

# The target's php-fpm log: one line per worker that died of a signal, and PHP fatals.
crashes() {
  local n
  n=$(grep -cE 'exited on signal|SIGSEGV|SIGBUS|SIGABRT|SIGILL|SIGFPE|core dumped' "$P_DIR/fpm-1.log" 2>/dev/null)
  echo "${n:-0}"
}
fatals() {
  local n
  n=$(grep -c 'PHP Fatal error' "$P_DIR/fpm-1.log" 2>/dev/null)
  echo "${n:-0}"
}
crashes_above() { [ "$(crashes)" -gt "$1" ]; }

# php.ini of server I: the pool's session settings, posix for the crash canary, room for
# chunked values (nginx, scripts/pool/lib.sh: large_client_header_buffers 4 16k,
# fastcgi_buffer_size 32k).
forgery_write_ini() {
  {
    echo "output_buffering = 0"
    echo "memory_limit = 128M"
    pool_session_ini "$1"
    echo "extension = posix"
    echo "sealedcookie.max_size = 16384"
    echo "sealedcookie.header_budget = 16384"
    echo "sealedcookie.response_header_budget = 32768"
  } | srv_write_ini "$P_DIR/php-$(($1 + 1)).ini"
}

# Server 3: the target's key, another application context (sealedcookie.context is
# PHP_INI_SYSTEM, set per pool with php_admin_value; the target keeps the context it
# derives from its pool and user).
forgery_start_context_server() {
  {
    srv_fpm_global "$P_DIR/fpm-3"
    srv_fpm_pool www "${P_FPM_PORTS[2]}" 1
    echo "env[POOL_SERVER] = fpm3"
    echo "php_admin_value[sealedcookie.context] = forgery-other-application"
  } >"$P_DIR/fpm-3.conf"
  srv_start_fpm "$P_DIR/php-3.ini" "$P_DIR/fpm-3.conf" "$P_DIR/fpm-3.out"
  P_FPM_PIDS[2]=$SRV_PID
}

forgery_up() {
  local key i
  pool_prepare campaign sealedcookie 0 || return 1
  mkdir -p "$P_DIR/app"
  chmod 755 "$P_DIR/app"
  install -m 644 scripts/forgery/app.php "$P_DIR/app/index.php"
  install -m 644 scripts/forgery/wire.php "$P_DIR/app/wire.php"
  key="k1target:$(srv_new_key)"
  srv_write_keys "$P_DIR/keys-1" "$key"
  srv_write_keys "$P_DIR/keys-2" "k9other:$(srv_new_key)"
  forgery_write_ini 0
  forgery_write_ini 1
  pool_start_server 0 2 POOL_SERVER=fpm1
  pool_start_server 1 1 POOL_SERVER=fpm2
  srv_write_keys "$P_DIR/keys-3" "$key"
  forgery_write_ini 2
  forgery_start_context_server
  pool_write_nginx_conf
  srv_start_nginx "$P_DIR" "$P_NGINX_PORT" || return 1
  P_NGINX_PID=$SRV_PID
  for ((i = 0; i < POOL_SERVERS; i++)); do
    srv_wait 15 "php-fpm $((i + 1)) via nginx" pool_health "$i" || return 1
  done
}

forgery_run() {
  local ok what detail before seed_args=()
  echo "# genuine sessions from the target, the other key's and the other context's servers"
  campaign harvest --port "$P_NGINX_PORT" --out "$SRV_DIR/genuine.json"
  verdict "harvest: every genuine set obtained" is "$(get genuine complete)" 1 || return 1
  while IFS=$'\t' read -r ok what detail; do
    verdict "$what" is "$ok" 1 || echo "       $detail"
  done < <(campaign checks "$SRV_DIR/genuine.json")

  echo "# canary 1: a worker that kills itself with SIGSEGV"
  before=$(crashes)
  verdict "canary: no worker crashed before it" is "$before" 0
  campaign crash --port "$P_NGINX_PORT" --out "$SRV_DIR/crash.json"
  srv_wait 10 "the crash in the php-fpm log" crashes_above "$before"
  verdict "canary: exactly one crash counted in the php-fpm log" is "$(($(crashes) - before))" 1
  verdict "canary: its request counted as one 5xx (nginx 502)" \
    is "$(get crash totals.5xx)/$(get crash codes.502)/$(get crash sent)" 1/1/1
  srv_wait 15 "php-fpm 1 to answer again" pool_health 0

  echo "# canary 2: session S2's genuine cookies presented as a mutation of S1"
  campaign canary --port "$P_NGINX_PORT" --genuine "$SRV_DIR/genuine.json" --out "$SRV_DIR/canary.json"
  verdict "canary: counted as accepted-with-other-data (a forgery accepted)" \
    is "$(get canary totals.other_data)/$(get canary forged)/$(get canary sent)" 1/1/1

  echo "# the campaign"
  before=$(crashes)
  [ -z "${FORGERY_SEED:-}" ] || seed_args=(--seed "$FORGERY_SEED")
  campaign run --port "$P_NGINX_PORT" --genuine "$SRV_DIR/genuine.json" --out "$SRV_DIR/campaign.json" \
    --concurrency "${FORGERY_CONCURRENCY:-8}" --max-seconds 150 "${seed_args[@]}"
  verdict "campaign: finished (every mutation sent within 150 s)" is "$(get campaign aborted)" 0
  verdict "campaign: 10,000 or more mutated requests ($(get campaign mutated))" at_least "$(get campaign mutated)" 10000
  verdict "campaign: 0 accepted with other data" is "$(get campaign totals.other_data)" 0
  verdict "campaign: 0 accepted as the original session from changed bytes" \
    is "$(get campaign totals.original_changed)" 0
  verdict "campaign: every genuine control opened as its own session" \
    is "$(get campaign 'families.genuine (unchanged).original')" "$(get campaign 'families.genuine (unchanged).sent')"
  verdict "campaign: 0 5xx answers" is "$(get campaign totals.5xx)" 0
  verdict "campaign: 0 worker crashes in the php-fpm log" is "$(($(crashes) - before))" 0
  verdict "campaign: 0 PHP fatal errors in the php-fpm log" is "$(fatals)" 0
  verdict "campaign: an answer to every request, each the app's JSON or a 4xx" \
    is "$(get campaign totals.no_answer)/$(get campaign totals.bad_answer)/$(get campaign totals.other_status)" 0/0/0
  verdict "campaign: 4xx only for malformed or oversized headers" is "$(get campaign unexpected_4xx)" 0
  verdict "campaign: every fresh empty session got a new id (strict mode, no fixation)" \
    is "$(get campaign kept_id)" 0
  echo
  campaign table "$SRV_DIR/campaign.json"
  echo "worker crashes (php-fpm log): $(($(crashes) - before)) in the campaign, $before in the crash canary"
}

verdict "scripts/build-ext.sh --install" timeout 900 scripts/build-ext.sh --install
verdict "extension loads (php -n -d extension=sealedcookie)" \
  "$SRV_PHP_BIN" -n -d extension=sealedcookie -r 'exit(function_exists("sealedcookie_status") ? 0 : 1);'
verdict "the extension has sealedcookie.context (server 3 seals for another context)" \
  "$SRV_PHP_BIN" -n -d extension=sealedcookie -r \
  'exit(array_key_exists("sealedcookie.context", ini_get_all("sealedcookie") ?: []) ? 0 : 1);'
verdict "ext/posix loads (the crash canary)" \
  "$SRV_PHP_BIN" -n -d extension=posix -r 'exit(function_exists("posix_kill") ? 0 : 1);'

SRV_KEEP=${FORGERY_KEEP:-}
pool_init forgery
forgery_up >"$SRV_DIR/up.log" 2>&1 # not in a subshell: it sets the P_* variables
if verdict "nginx and the three php-fpm servers answer" is "$?" 0; then
  forgery_run
else
  tail -n 15 "$SRV_DIR/up.log"
fi

# Stop everything before the last line, so it stays the last line.
trap - EXIT
srv_stop_tracked
if [ -n "${FORGERY_KEEP:-}" ]; then echo "logs kept in $SRV_DIR"; else rm -rf "$SRV_DIR"; fi
echo "forgery: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
