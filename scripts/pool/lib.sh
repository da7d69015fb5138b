# shellcheck shell=bash disable=SC2016
# The pool of scripts/demo.sh and scripts/test-pool.sh: php-fpm servers behind an nginx
# load balancer (and memcached nodes for the comparison runs) on 127.0.0.1, started with
# scripts/lib/servers.sh; load from driver.php; kill, reload or rotate keys under load;
# the scenarios.
#
# Source it, then call pool_init NAME once. Everything started is stopped by PID on exit.

POOL_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/servers.sh
. "$POOL_LIB_DIR/../lib/servers.sh"
POOL_SERVERS="${POOL_SERVERS:-3}"        # php-fpm servers behind nginx
POOL_CHILDREN="${POOL_CHILDREN:-3}"      # workers per php-fpm server
# libfaketime (Debian package libfaketime, from the faketime package): preloaded into one
# php-fpm master to skew that server's clock (P_SKEW below).
POOL_FAKETIME_LIB="${POOL_FAKETIME_LIB:-}"
if [ -z "$POOL_FAKETIME_LIB" ]; then
  for f in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
    [ -f "$f" ] && POOL_FAKETIME_LIB=$f && break
  done
fi
P_SKEW=()             # per server index: libfaketime offset in seconds ("+180", "-5"), or empty
P_REVOKED_BEFORE=""   # sealedcookie.revoked_before written into every server's php.ini

# pool_init NAME: srv_init NAME (see scripts/lib/servers.sh); POOL_KEEP=1 keeps the temp dir.
pool_init() {
  [ -n "$SRV_FPM_BIN" ] || srv_die "php-fpm not found (run scripts/deps.sh)"
  [ -n "$SRV_PHP_BIN" ] || srv_die "php not found (run scripts/deps.sh)"
  SRV_KEEP=${SRV_KEEP:-${POOL_KEEP:-}}
  srv_init "$1"
}

# ---- a pool ---------------------------------------------------------------------------
# pool_prepare NAME HANDLER EXTRA_PORTS: the directory $SRV_DIR/NAME of a pool and its
# ports. Sets P_HANDLER P_DIR P_NGINX_PORT P_FPM_PORTS[] (POOL_SERVERS of them)
# P_EXTRA_PORTS[] (EXTRA_PORTS more) and empties P_FPM_PIDS[] P_MC_PIDS[] P_NGINX_PID
# (what pool_down stops). Also used by scripts/apps/lib.sh.
pool_prepare() {
  local ports want=$((POOL_SERVERS + 1 + $3))
  P_HANDLER=$2
  P_DIR="$SRV_DIR/$1"
  mkdir -p "$P_DIR/sessions"
  chmod 755 "$P_DIR"
  [ "$SRV_AS_ROOT" = 0 ] || chown nobody "$P_DIR/sessions"
  mapfile -t ports < <(srv_free_ports "$want")
  [ "${#ports[@]}" -eq "$want" ] || { srv_log "could not pick $want free ports"; return 1; }
  P_NGINX_PORT=${ports[0]}
  P_FPM_PORTS=("${ports[@]:1:POOL_SERVERS}")
  P_EXTRA_PORTS=("${ports[@]:POOL_SERVERS+1}")
  P_FPM_PIDS=()
  P_MC_PIDS=()
  P_NGINX_PID=""
}

# pool_start_server I CHILDREN [NAME=VALUE...]: php-fpm server I (from 0) of the pool,
# with $P_DIR/php-N.ini (N = I + 1, written by the caller), CHILDREN workers and the
# given environment. Sets P_FPM_PIDS[I]. With P_SKEW[I] set, the master runs with
# libfaketime preloaded (FAKETIME=P_SKEW[I] seconds): its workers inherit the library
# (fork), a USR2 reload keeps it (the master re-executes itself with its environment),
# and the workers' environment (clear_env) gets FAKETIME again for libfaketime's re-reads.
pool_start_server() {
  local i=$1 children=$2 n=$(($1 + 1)) kv skew=${P_SKEW[$1]:-}
  shift 2
  [ -z "$skew" ] || set -- "$@" "FAKETIME=$skew" "FAKETIME_DONT_FAKE_MONOTONIC=1"
  {
    srv_fpm_global "$P_DIR/fpm-$n"
    srv_fpm_pool www "${P_FPM_PORTS[$i]}" "$children"
    for kv in "$@"; do echo "env[${kv%%=*}] = ${kv#*=}"; done
  } >"$P_DIR/fpm-$n.conf"
  if [ -n "$skew" ]; then
    [ -n "$POOL_FAKETIME_LIB" ] || srv_die "libfaketime not found (run scripts/deps.sh)"
    LD_PRELOAD=$POOL_FAKETIME_LIB FAKETIME=$skew FAKETIME_DONT_FAKE_MONOTONIC=1 \
      srv_start_fpm "$P_DIR/php-$n.ini" "$P_DIR/fpm-$n.conf" "$P_DIR/fpm-$n.out"
  else
    srv_start_fpm "$P_DIR/php-$n.ini" "$P_DIR/fpm-$n.conf" "$P_DIR/fpm-$n.out"
  fi
  P_FPM_PIDS[i]=$SRV_PID
}

# pool_up NAME HANDLER: start POOL_SERVERS php-fpm servers serving app/index.php and
# nginx in $SRV_DIR/NAME (see pool_prepare), and two memcached nodes for the memcached
# handlers (P_MC_PORTS[] P_MC_PIDS[]).
# HANDLER: sealedcookie | files | memcached | memcached-replica | memcached-replica-nolock
# For sealedcookie it needs P_KEYS (array of key lines) set, or generates one key.
pool_up() {
  local name=$1 handler=$2 i k
  pool_prepare "$name" "$handler" 2 || srv_die "could not pick free ports"
  mkdir -p "$P_DIR/app"
  chmod 755 "$P_DIR/app"
  cp "$POOL_LIB_DIR/app/index.php" "$P_DIR/app/index.php"
  chmod 644 "$P_DIR/app/index.php"
  P_MC_PORTS=("${P_EXTRA_PORTS[@]}")
  case $handler in
    memcached*)
      for i in 0 1; do
        srv_start_memcached "${P_MC_PORTS[$i]}" "$P_DIR/memcached-$((i + 1)).log" || srv_die "memcached did not start"
        P_MC_PIDS[i]=$SRV_PID
      done
      ;;
  esac
  if [ "$handler" = sealedcookie ]; then
    if [ "${#P_KEYS[@]}" -eq 0 ]; then P_KEYS=("k1:$(srv_new_key)"); fi
    # public key id => label, for the reports (a scenario adding keys rewrites it)
    for k in "${P_KEYS[@]}"; do srv_key_id "$k"; done >"$P_DIR/keyids"
  fi
  for ((i = 0; i < POOL_SERVERS; i++)); do
    if [ "$handler" = sealedcookie ]; then
      srv_write_keys "$P_DIR/keys-$((i + 1))" "${P_KEYS[@]}"
    fi
    pool_write_ini "$i"
    pool_start_server "$i" "$POOL_CHILDREN" "POOL_SERVER=fpm$((i + 1))" "POOL_WORK_MS=${POOL_WORK_MS:-20}"
  done
  pool_write_nginx_conf
  srv_start_nginx "$P_DIR" "$P_NGINX_PORT" || srv_die "nginx did not start"
  P_NGINX_PID=$SRV_PID
  for ((i = 0; i < POOL_SERVERS; i++)); do
    srv_wait 15 "php-fpm $((i + 1)) via nginx" pool_health "$i" || srv_die "php-fpm $((i + 1)) did not come up (see $P_DIR/fpm-$((i + 1)).log)"
  done
}

# php.ini for server I (own file: the key file is read by the fpm master from php.ini).
pool_write_ini() {
  {
    echo "output_buffering = 0"
    echo "memory_limit = 64M"
    pool_session_ini "$1"
    if [ "$P_HANDLER" = sealedcookie ] && [ -n "$P_REVOKED_BEFORE" ]; then
      echo "sealedcookie.revoked_before = $P_REVOKED_BEFORE"
    fi
  } | srv_write_ini "$P_DIR/php-$(($1 + 1)).ini"
}

# The session settings of server I's php.ini for the handler in P_HANDLER (also
# used by scripts/apps/lib.sh).
pool_session_ini() {
  local i=$1
  cat <<EOF
session.use_strict_mode = 1
session.use_cookies = 1
session.use_only_cookies = 1
session.cookie_httponly = 1
session.cookie_samesite = Lax
session.gc_maxlifetime = 1440
session.gc_probability = 0
EOF
  case $P_HANDLER in
    sealedcookie)
      cat <<EOF
extension = ${POOL_SEALEDCOOKIE_EXT:-sealedcookie}
session.save_handler = sealedcookie
sealedcookie.key_file = "$P_DIR/keys-$((i + 1))"
EOF
      ;;
    files)
      cat <<EOF
session.save_handler = files
session.save_path = "$P_DIR/sessions"
EOF
      ;;
    memcached*)
      cat <<EOF
extension = igbinary
extension = msgpack
extension = memcached
session.save_handler = memcached
session.save_path = "127.0.0.1:${P_MC_PORTS[0]},127.0.0.1:${P_MC_PORTS[1]}"
EOF
      if [ "$P_HANDLER" != memcached ]; then
        cat <<EOF
; php-memcached's own high-availability settings (see memcached.ini in php-memcached)
memcached.sess_binary_protocol = 1
memcached.sess_consistent_hash = 1
memcached.sess_number_of_replicas = 1
memcached.sess_randomize_replica_read = 0
memcached.sess_remove_failed_servers = 1
memcached.sess_server_failure_limit = 1
memcached.sess_connect_timeout = 200
; sess_persistent stays Off (the default): with On, replicas + locking failed even with
; both nodes up in our runs ("Failed to write session lock: NOT FOUND")
memcached.sess_persistent = ${POOL_MC_PERSISTENT:-0}
EOF
        if [ "$P_HANDLER" = memcached-replica-nolock ]; then
          echo "; and without session locking (the lock is what fails first when a node dies)"
          echo "memcached.sess_locking = 0"
        fi
      fi
      ;;
  esac
}

# nginx in front of the pool: round robin, no stickiness, a retry on the next server for
# a request that hits a dead one; /direct/N reaches server N only (health checks).
pool_write_nginx_conf() {
  local i
  {
    srv_nginx_head "$P_DIR"
    cat <<EOF
  large_client_header_buffers 4 16k;

  # Round robin, no stickiness. A server that fails is skipped for 10 s.
  upstream php_pool {
EOF
    for ((i = 0; i < POOL_SERVERS; i++)); do
      echo "    server 127.0.0.1:${P_FPM_PORTS[$i]} max_fails=1 fail_timeout=10s;"
    done
    cat <<EOF
  }

  server {
    listen 127.0.0.1:$P_NGINX_PORT;
    server_name localhost;

    fastcgi_param SCRIPT_FILENAME $P_DIR/app/index.php;
    fastcgi_param SCRIPT_NAME /index.php;
    fastcgi_param QUERY_STRING \$query_string;
    fastcgi_param REQUEST_METHOD \$request_method;
    fastcgi_param CONTENT_TYPE \$content_type;
    fastcgi_param CONTENT_LENGTH \$content_length;
    fastcgi_param REQUEST_URI \$request_uri;
    fastcgi_param DOCUMENT_URI \$document_uri;
    fastcgi_param SERVER_PROTOCOL \$server_protocol;
    fastcgi_param REMOTE_ADDR \$remote_addr;
    fastcgi_param REMOTE_PORT \$remote_port;
    fastcgi_param SERVER_ADDR \$server_addr;
    fastcgi_param SERVER_PORT \$server_port;
    fastcgi_param SERVER_NAME \$server_name;
    fastcgi_param GATEWAY_INTERFACE CGI/1.1;
    fastcgi_param SERVER_SOFTWARE nginx;
    fastcgi_connect_timeout 1s;
    fastcgi_send_timeout 10s;
    fastcgi_read_timeout 10s;
    fastcgi_buffer_size 32k;
    fastcgi_buffers 8 32k;
    fastcgi_busy_buffers_size 64k;

    location / {
      fastcgi_pass php_pool;
      # A dead or dying server must not fail requests: retry on the next one. Retrying a
      # POST is safe here because a sealed-cookie session lives in the request itself.
      fastcgi_next_upstream error timeout invalid_header non_idempotent;
      fastcgi_next_upstream_tries $POOL_SERVERS;
      fastcgi_next_upstream_timeout 10s;
    }
EOF
    # Direct routes, used only to check that one given server answers.
    for ((i = 0; i < POOL_SERVERS; i++)); do
      cat <<EOF
    location = /direct/$((i + 1)) {
      fastcgi_pass 127.0.0.1:${P_FPM_PORTS[$i]};
      fastcgi_next_upstream off;
    }
EOF
    done
    echo "  }"
    echo "}"
  } >"$P_DIR/nginx.conf"
}

# pool_http PATH: GET PATH from nginx; prints the body, fails unless 200.
pool_http() { srv_http_get "$P_NGINX_PORT" "$1"; }

# pool_health I: server I answers on its direct route.
pool_health() {
  pool_http "/direct/$(($1 + 1))?a=show" | grep -q "\"ok\":true,\"server\":\"fpm$(($1 + 1))\""
}

# pool_kill_fpm I: kill server I hard (SIGKILL to its master and its workers), as a crash.
pool_kill_fpm() {
  srv_kill_pid "${P_FPM_PIDS[$1]}"
  P_FPM_PIDS[$1]="" # gone: never signal that PID again (it could be reused)
  srv_wait 10 "port of killed php-fpm to close" srv_port_closed "${P_FPM_PORTS[$1]}" || true
}

# pool_kill_memcached I: stop memcached node I (SIGKILL, as a crash or a pulled node).
pool_kill_memcached() {
  srv_kill_pid "${P_MC_PIDS[$1]}"
  P_MC_PIDS[$1]=""
}

pool_ready_count() {
  local c
  c=$(grep -c 'ready to handle connections' "$P_DIR/fpm-$(($1 + 1)).log" 2>/dev/null) || true
  echo "${c:-0}"
}

# pool_reload_fpm I: graceful reload (USR2) of server I, wait until it serves again.
pool_reload_fpm() {
  local i=$1 before
  before=$(pool_ready_count "$i")
  kill -USR2 "${P_FPM_PIDS[$i]}"
  srv_wait 20 "php-fpm $((i + 1)) reload" pool_ready_after "$i" "$before" || return 1
  srv_wait 10 "php-fpm $((i + 1)) to answer after reload" pool_health "$i"
}
pool_ready_after() { [ "$(pool_ready_count "$1")" -gt "$2" ]; }

# pool_down: stop this pool's processes (by PID), keep its directory for the logs.
pool_down() { srv_stop "$P_NGINX_PID" "${P_FPM_PIDS[@]}" "${P_MC_PIDS[@]}"; }

# ---- traffic --------------------------------------------------------------------------
# pool_driver_start NAME ARGS...: start the load driver in the background.
pool_driver_start() {
  local name=$1; shift
  D_STATUS="$P_DIR/driver-status.json"
  D_RESULT="$P_DIR/driver-result.json"
  D_LOG="$P_DIR/requests.log"
  D_STOP="$P_DIR/driver-stop"
  rm -f "$D_STATUS" "$D_RESULT" "$D_STOP"
  "$SRV_PHP_BIN" -n "$POOL_LIB_DIR/driver.php" --port "$P_NGINX_PORT" --status-file "$D_STATUS" \
    --result "$D_RESULT" --log "$D_LOG" --prefix "$name-" "$@" >"$P_DIR/driver.out" 2>&1 &
  D_PID=$!
  srv_track "$D_PID"
}

# pool_driver_field KEY: a number from the driver's progress file (0 if not there yet).
pool_driver_field() {
  "$SRV_PHP_BIN" -n -r '$s = @json_decode((string) @file_get_contents($argv[1]), true); echo is_array($s) ? ($s[$argv[2]] ?? 0) : 0;' "$D_STATUS" "$1"
}

# pool_driver_wait_requests N: wait (bounded) until the driver completed N requests.
pool_driver_wait_requests() { srv_wait "${2:-60}" "$1 requests" pool_driver_reached requests "$1"; }
pool_driver_reached() {
  local v; v=$(pool_driver_field "$1")
  "$SRV_PHP_BIN" -n -r 'exit((float) $argv[1] >= (float) $argv[2] ? 0 : 1);' "$v" "$2"
}

# pool_driver_barrier: wait until every active user finished a request that started
# after now (so every live session has been through the servers since this moment).
pool_driver_barrier() {
  local t; t=$("$SRV_PHP_BIN" -n -r 'echo microtime(true);')
  srv_wait "${1:-60}" "every user to make a request" pool_driver_reached min_last_ok_start "$t"
}

# pool_driver_finish SECONDS: wait for the driver to exit (bounded), fail if it does not.
pool_driver_finish() {
  local secs=${1:-120} end=$((SECONDS + ${1:-120}))
  while kill -0 "$D_PID" 2>/dev/null; do
    if ((SECONDS >= end)); then
      srv_log "driver still running after ${secs}s; stopping it"
      srv_stop_pid "$D_PID"
      break
    fi
    sleep 0.2
  done
  wait "$D_PID" 2>/dev/null || true
  srv_untrack "$D_PID"
  [ -s "$D_RESULT" ]
}

# pool_event LABEL: note the time of an event (kill, reload...) next to the request log.
pool_event() {
  printf '%s %s\n' "$("$SRV_PHP_BIN" -n -r 'echo microtime(true);')" "$1" >>"$P_DIR/events.log"
}

# ---- scenarios ------------------------------------------------------------------------
POOL_CONCURRENCY="${POOL_CONCURRENCY:-12}"   # requests in flight at once
POOL_RATE="${POOL_RATE:-200}"                # cap on requests per second, 0 = none

pool_report() { "$SRV_PHP_BIN" -n "$POOL_LIB_DIR/report.php" "$@"; }

# pool_scenario_kill NAME LABEL HANDLER USERS ROUNDS: USERS log in, increment ROUNDS
# times each and log out; after about a third of the requests one php-fpm server
# (sealedcookie, files) or one memcached node (memcached*) is killed.
# Writes $SRV_DIR/results/NAME.json.
pool_scenario_kill() {
  local name=$1 label=$2 handler=$3 users=$4 rounds=$5 total
  mkdir -p "$SRV_DIR/results"
  P_KEYS=()
  pool_up "$name" "$handler"
  total=$((users * (rounds + 2)))
  pool_driver_start "$name" --users "$users" --rounds "$rounds" --concurrency "$POOL_CONCURRENCY" \
    --rate "$POOL_RATE" --max-seconds 100
  pool_driver_wait_requests $((total / 3)) 60 || srv_log "$name: driver slow to reach a third of the requests"
  case $handler in
    memcached*)
      pool_event "kill memcached1"
      pool_kill_memcached 0
      srv_log "$name: killed memcached node 1 (of 2)"
      ;;
    *)
      pool_event "kill fpm2"
      pool_kill_fpm 1
      srv_log "$name: killed php-fpm server 2 (of $POOL_SERVERS) by its master PID"
      ;;
  esac
  pool_driver_finish 120 || srv_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
}

# pool_rotate_step I KEYLINES...: rewrite server I's key file, reload it, wait until it
# answers again.
pool_rotate_step() {
  local i=$1; shift
  srv_write_keys "$P_DIR/keys-$((i + 1))" "$@"
  pool_reload_fpm "$i" || { srv_log "php-fpm $((i + 1)) did not come back after reload"; return 1; }
}

# pool_scenario_rotation NAME LABEL USERS: rolling key rotation under load, sealedcookie.
#   1. add the new key as secondary, server by server (each: rewrite keys, USR2, wait)
#   2. promote it to primary, server by server
#   3. wait until every live session made a request (so it was re-sealed with the new key)
#   4. retire the old key, server by server
#   5. every user makes one more request (after retirement) and logs out
pool_scenario_rotation() {
  local name=$1 label=$2 users=$3 old new i rc=0
  mkdir -p "$SRV_DIR/results"
  old="k1old:$(srv_new_key)"
  new="k2new:$(srv_new_key)"
  P_KEYS=("$old")
  pool_up "$name" "${POOL_ROTATION_HANDLER:-sealedcookie}"
  { srv_key_id "$old"; srv_key_id "$new"; } >"$P_DIR/keyids"
  pool_driver_start "$name" --users "$users" --stop-file "$P_DIR/driver-stop" \
    --concurrency "$POOL_CONCURRENCY" --rate "${POOL_ROTATION_RATE:-150}" --max-seconds 150
  D_STOP="$P_DIR/driver-stop"
  pool_driver_wait_requests $((users * 3)) 60 || srv_log "$name: driver slow to start"
  pool_event "phase 1: new key added as secondary, server by server"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_rotate_step "$i" "$old" "$new" || rc=1
    srv_log "$name: server $((i + 1)): new key added (secondary)"
  done
  pool_event "phase 2: new key promoted to primary, server by server"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_rotate_step "$i" "$new" "$old" || rc=1
    srv_log "$name: server $((i + 1)): new key promoted (primary)"
  done
  pool_event "phase 3: waiting until every session was re-sealed"
  pool_driver_barrier 60 || { srv_log "$name: not every user made a request after promotion"; rc=1; }
  pool_event "phase 4: old key retired, server by server"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_rotate_step "$i" "$new" || rc=1
    srv_log "$name: server $((i + 1)): old key retired"
  done
  pool_event "phase 5: after rotation (each user: one more request, logout)"
  pool_driver_barrier 60 || { srv_log "$name: not every user made a request after retirement"; rc=1; }
  touch "$D_STOP"
  pool_driver_finish 120 || srv_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
  return $rc
}

# pool_scenario_foreign_key NAME LABEL USERS ROUNDS: negative control for the checks.
# The last server gets a different key (a misconfigured server): sessions it seals
# cannot be opened by the others and vice versa, so the driver MUST report lost
# sessions. Proves the harness can see a loss.
pool_scenario_foreign_key() {
  local name=$1 label=$2 users=$3 rounds=$4 last=$((POOL_SERVERS - 1)) other
  mkdir -p "$SRV_DIR/results"
  P_KEYS=("k1:$(srv_new_key)")
  other="k9other:$(srv_new_key)"
  pool_up "$name" sealedcookie
  { srv_key_id "${P_KEYS[0]}"; srv_key_id "$other"; } >"$P_DIR/keyids"
  pool_rotate_step "$last" "$other" || return 1
  pool_counted_run "$name" "$label" "$users" "$rounds"
}

# ---- issue 11: counters, one-push rotation, revocation, broken key file ---------------
# pool_background NAME CMD...: run CMD (a scenario) in the background with its own
# $SRV_DIR/NAME.bg directory and PID list, so that it stops only its own processes when
# it ends (as srv_isolated does) and nobody else's end stops it; its results are copied
# to $SRV_DIR/results, its output goes to $SRV_DIR/NAME.bg.out. Sets POOL_BG_PID, listed
# in $SRV_DIR/bg-pids (the main script's end stops it: srv_stop_background). Wait for
# it with pool_background_wait.
pool_background() {
  local name=$1
  shift
  mkdir -p "$SRV_DIR/results"
  pool_background_run "$SRV_DIR" "$name" "$@" >"$SRV_DIR/$name.bg.out" 2>&1 &
  POOL_BG_PID=$!
  echo "$POOL_BG_PID" >>"$SRV_DIR/bg-pids"
}
# pool_background_wait PID: its exit status (the scenario's).
pool_background_wait() {
  local rc
  wait "$1"
  rc=$?
  grep -vx "$1" "$SRV_DIR/bg-pids" >"$SRV_DIR/bg-pids.tmp" || true
  mv -f "$SRV_DIR/bg-pids.tmp" "$SRV_DIR/bg-pids"
  return "$rc"
}
pool_background_run() { # MAIN_DIR NAME CMD...: in the background job
  local SRV_DIR="$1/$2.bg" main=$1 rc
  shift 2
  mkdir -p "$SRV_DIR/results"
  : >"$SRV_DIR/pids"
  trap 'srv_stop_tracked; exit 130' INT TERM
  "$@"
  rc=$?
  srv_stop_tracked
  cp "$SRV_DIR/results/"*.json "$main/results/" 2>/dev/null
  return "$rc"
}

# pool_counters TAG: every server's sealedcookie_counters(), read through its direct route
# (?a=counters opens no session, so reading them counts nothing), into
# $P_DIR/counters-TAG-N.json; a server that does not answer gets no file.
pool_counters() {
  local i f
  for ((i = 0; i < POOL_SERVERS; i++)); do
    f="$P_DIR/counters-$1-$((i + 1)).json"
    pool_http "/direct/$((i + 1))?a=counters" >"$f" 2>/dev/null || rm -f "$f"
  done
}

# pool_counter_sum PATH: one counter (dotted path, e.g. opens_by_key.k1old) summed over
# the servers now; empty when the servers have no counters.
pool_counter_sum() {
  pool_counters now
  pool_report counter-sum "$P_DIR" now "$1"
}

# pool_wait_counter_still PATH SECONDS: wait (bounded) until the counter PATH, summed over
# the servers, stays the same over two reads 2 s apart (e.g. the old key's opens stopped).
pool_wait_counter_still() {
  local path=$1 end=$((SECONDS + $2)) a b
  a=$(pool_counter_sum "$path")
  [ -n "$a" ] || { srv_log "no counters (sealedcookie_counters() missing): not watched"; return 0; }
  while ((SECONDS < end)); do
    sleep 2
    b=$(pool_counter_sum "$path")
    if [ "$a" = "$b" ]; then
      pool_event "counter $path stopped at $b"
      return 0
    fi
    a=$b
  done
  srv_log "counter $path still moving after $2 s"
  return 1
}

# pool_reload_all: reload every server, in a random order (with one push the order does
# not matter), each waited for before the next.
pool_reload_all() {
  local i rc=0 order
  order=$(shuf -e "${!P_FPM_PORTS[@]}" | tr '\n' ' ')
  pool_event "reload order (server index from 0): $order"
  for i in $order; do
    pool_reload_fpm "$i" || { srv_log "php-fpm $((i + 1)) did not come back after reload"; rc=1; }
  done
  return $rc
}

# pool_clock_offsets: per server, "fpmN OFFSET", its time() minus ours (via its direct route).
pool_clock_offsets() {
  local i body
  for ((i = 0; i < POOL_SERVERS; i++)); do
    body=$(pool_http "/direct/$((i + 1))?a=health") || continue
    "$SRV_PHP_BIN" -n -r '$j = json_decode($argv[1], true); echo $j["server"], " ", $j["time"] - time(), "\n";' "$body"
  done
}

pool_clock_past() { (($(date +%s) >= $1)); }

# pool_scenario_onepush NAME LABEL USERS SKEW: the one-push rotation of ROTATION.md under
# load, the last server's clock skewed by SKEW seconds (libfaketime: "+180" ahead, "-5"
# behind). POOL_ONEPUSH_LEAD (10 s): time to reload every server.
#   1. every server gets ONE key file, "k2new:KEY activate=A" then the old key, with A
#      late enough that every server loads it before the most advanced clock reaches A
#      (A = now + max(SKEW, 0) + lead); reloads in a random order
#   2. wait until every server's clock passed A (real clock: A + max(-SKEW, 0))
#   3. wait until every user made a request, and until the old key's opens stop (counters)
#   4. second push: the old key removed; reloads in a random order
#   5. every user makes one more request, which must find its session, and logs out
pool_scenario_onepush() {
  local name=$1 label=$2 users=$3 skew=$4 lead=${POOL_ONEPUSH_LEAD:-10} old new act iso ahead behind i rc=0
  mkdir -p "$SRV_DIR/results"
  old="k1old:$(srv_new_key)"
  new="k2new:$(srv_new_key)"
  P_KEYS=("$old")
  P_SKEW=()
  P_SKEW[POOL_SERVERS - 1]=$skew
  pool_up "$name" sealedcookie
  { srv_key_id "$old"; srv_key_id "$new"; } >"$P_DIR/keyids"
  pool_clock_offsets >"$P_DIR/clock-offsets"
  ahead=$((skew > 0 ? skew : 0))
  behind=$((skew < 0 ? -skew : 0))
  pool_driver_start "$name" --users "$users" --stop-file "$P_DIR/driver-stop" \
    --concurrency "$POOL_CONCURRENCY" --rate "${POOL_ROTATION_RATE:-150}" --max-seconds $((ahead + behind + 150))
  pool_driver_wait_requests $((users * 3)) 60 || srv_log "$name: driver slow to start"
  act=$(($(date +%s) + ahead + lead))
  iso=$(date -u -d "@$act" +%FT%TZ)
  pool_event "phase 1: one push (new key activate=$iso first, old key second), reloads in random order"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    srv_write_keys "$P_DIR/keys-$((i + 1))" "$new activate=$iso" "$old"
  done
  pool_reload_all || rc=1
  # The bound of ROTATION.md: every server loaded the file before the earliest clock got to A.
  if (($(date +%s) + ahead >= act)); then
    srv_log "$name: the reloads took longer than the lead (${lead}s): raise POOL_ONEPUSH_LEAD"
    rc=1
  fi
  srv_log "$name: new key pushed to every server, activation $iso (server $POOL_SERVERS clock ${skew}s)"
  pool_event "phase 2: waiting until every server's clock passed the activation"
  srv_wait $((ahead + behind + lead + 30)) "the activation on every clock" pool_clock_past $((act + behind + 2)) || rc=1
  pool_event "phase 3: activation passed everywhere; waiting until every user made a request and the old key's opens stopped"
  pool_driver_barrier 60 || { srv_log "$name: not every user made a request after the activation"; rc=1; }
  pool_wait_counter_still opens_by_key.k1old 30 || rc=1
  pool_counters activated
  pool_event "phase 4: second push: old key removed, reloads in random order"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    srv_write_keys "$P_DIR/keys-$((i + 1))" "$new"
  done
  pool_reload_all || rc=1
  srv_log "$name: old key removed from every server"
  pool_event "phase 5: after rotation (each user: one more request, logout)"
  pool_driver_barrier 60 || { srv_log "$name: not every user made a request after the removal"; rc=1; }
  touch "$D_STOP"
  pool_driver_finish $((ahead + behind + 150)) || srv_log "$name: driver produced no result"
  pool_clock_offsets >>"$P_DIR/clock-offsets"
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
  return $rc
}

# pool_scenario_revocation NAME LABEL USERS_A USERS_B: a global revocation under load.
# Group A (USERS_A) logs in; T = the next second; every server gets
# sealedcookie.revoked_before = T in its php.ini and is reloaded (random order); then
# group B (USERS_B) logs in. Exactly group A's sessions must be logged out: each A user
# sees "revoked" once (the driver's --expect-revoked), logs in again and goes on; B users
# and A users' new sessions must survive. Everyone then makes one more request, logs out.
pool_scenario_revocation() {
  local name=$1 label=$2 ua=$3 ub=$4 t i rc=0
  mkdir -p "$SRV_DIR/results"
  P_KEYS=("k1:$(srv_new_key)")
  P_REVOKED_BEFORE=""
  pool_up "$name" sealedcookie
  rm -f "$P_DIR/late"
  pool_driver_start "$name" --users $((ua + ub)) --expect-revoked "$ua" --late-users "$ub" \
    --late-file "$P_DIR/late" --stop-file "$P_DIR/driver-stop" --concurrency "$POOL_CONCURRENCY" \
    --rate "${POOL_ROTATION_RATE:-150}" --max-seconds 120
  srv_wait 60 "group A to log in" pool_driver_reached logins "$ua" || rc=1
  pool_driver_wait_requests $((ua * 3)) 60 || srv_log "$name: driver slow"
  t=$(($(date +%s) + 1)) # after every group A login's second
  srv_wait 5 "the revocation time" pool_clock_past "$t" || rc=1
  echo "$t" >"$P_DIR/revoked-before"
  P_REVOKED_BEFORE=$t
  pool_event "phase 1: revoked_before = now pushed to every server, reloads in random order"
  for ((i = 0; i < POOL_SERVERS; i++)); do pool_write_ini "$i"; done
  pool_reload_all || rc=1
  srv_log "$name: sealedcookie.revoked_before = $t on every server"
  pool_event "phase 2: group B logs in; waiting until every user made a request"
  touch "$P_DIR/late"
  pool_driver_barrier 60 || { srv_log "$name: not every user made a request after the revocation"; rc=1; }
  pool_driver_wait_requests $(($(pool_driver_field requests) + (ua + ub) * 3)) 60 || true
  pool_event "phase 3: final check (each user: one more request, logout)"
  touch "$D_STOP"
  pool_driver_finish 120 || srv_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
  return $rc
}

# pool_scenario_broken_key NAME LABEL USERS: mid-run, server 2's key file is overwritten
# with garbage and server 2 reloaded (USR2): its master must refuse to start (exit, with
# a "sealedcookie:" line in its log) and nginx must route around it; then the file is
# restored and the server started again. Writes $P_DIR/broken-key (refused=0|1,
# log_lines=N, restarted=0|1) for the report.
pool_scenario_broken_key() {
  local name=$1 label=$2 users=$3 pid refused=0 code=none restarted=0 lines rc=0
  mkdir -p "$SRV_DIR/results"
  P_KEYS=("k1:$(srv_new_key)")
  pool_up "$name" sealedcookie
  pool_driver_start "$name" --users "$users" --stop-file "$P_DIR/driver-stop" \
    --concurrency "$POOL_CONCURRENCY" --rate "${POOL_ROTATION_RATE:-150}" --max-seconds 120
  pool_driver_wait_requests $((users * 3)) 60 || srv_log "$name: driver slow to start"
  cp -p "$P_DIR/keys-2" "$P_DIR/keys-2.good"
  (umask 077 && printf '%s\n' "# a botched push" "k1:this is not a key" >"$P_DIR/keys-2")
  pid=${P_FPM_PIDS[1]}
  pool_event "phase 1: server 2's key file broken, reloaded (USR2)"
  kill -USR2 "$pid"
  if srv_wait 20 "php-fpm 2 to refuse to start" srv_pid_gone "$pid"; then
    refused=1
    wait "$pid" 2>/dev/null
    code=$?
    srv_untrack "$pid"
    P_FPM_PIDS[1]=""
  fi
  lines=$(cat "$P_DIR/fpm-2.out" "$P_DIR/fpm-2.log" 2>/dev/null | grep -c 'sealedcookie') || true
  srv_log "$name: server 2 with a broken key file: master exited=$refused (status $code), sealedcookie log lines=${lines:-0}"
  pool_driver_wait_requests $(($(pool_driver_field requests) + users * 4)) 60 || true
  pool_event "phase 2: key file restored, server 2 started again"
  mv -f "$P_DIR/keys-2.good" "$P_DIR/keys-2"
  if [ "$refused" = 1 ]; then
    pool_start_server 1 "$POOL_CHILDREN" "POOL_SERVER=fpm2" "POOL_WORK_MS=${POOL_WORK_MS:-20}"
  else
    kill -USR2 "${P_FPM_PIDS[1]}" # still running on a broken key file: reload the good one
  fi
  srv_wait 20 "php-fpm 2 to serve again" pool_health 1 && restarted=1
  printf 'refused=%s\nexit_status=%s\nlog_lines=%s\nrestarted=%s\n' "$refused" "$code" "${lines:-0}" "$restarted" >"$P_DIR/broken-key"
  pool_driver_wait_requests $(($(pool_driver_field requests) + users * 3)) 60 || true
  pool_event "phase 3: final check (each user: one more request, logout)"
  pool_driver_barrier 60 || rc=1
  touch "$D_STOP"
  pool_driver_finish 120 || srv_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
  return $rc
}
# srv_pid_gone PID: the process exited (or is a zombie waiting for its parent's wait).
srv_pid_gone() {
  local st
  kill -0 "$1" 2>/dev/null || return 0
  st=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null) || return 0
  [ "$st" = Z ]
}

# pool_counted_run NAME LABEL USERS ROUNDS: on the pool that is up, USERS log in,
# increment ROUNDS times and log out, with every server's counters read before and after
# (report.php compares their growth with the driver's counts); stops the pool, collects.
pool_counted_run() {
  local name=$1 label=$2 users=$3 rounds=$4
  pool_counters before
  pool_driver_start "$name" --users "$users" --rounds "$rounds" --concurrency "$POOL_CONCURRENCY" \
    --rate "$POOL_RATE" --max-seconds 100
  pool_driver_finish 120 || srv_log "$name: driver produced no result"
  pool_counters after
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
}

# pool_scenario_counters NAME LABEL USERS ROUNDS: a plain run (no reload, no kill) whose
# servers' counters (sealedcookie_counters(), before and after) are compared with what the
# driver saw: opens by status, reason and key, seals by key.
pool_scenario_counters() {
  local name=$1 label=$2 users=$3 rounds=$4
  mkdir -p "$SRV_DIR/results"
  P_KEYS=("k1:$(srv_new_key)")
  pool_up "$name" sealedcookie
  pool_counted_run "$name" "$label" "$users" "$rounds"
}
