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
# given environment. Sets P_FPM_PIDS[I].
pool_start_server() {
  local i=$1 children=$2 n=$(($1 + 1)) kv
  shift 2
  {
    srv_fpm_global "$P_DIR/fpm-$n"
    srv_fpm_pool www "${P_FPM_PORTS[$i]}" "$children"
    for kv in "$@"; do echo "env[${kv%%=*}] = ${kv#*=}"; done
  } >"$P_DIR/fpm-$n.conf"
  srv_start_fpm "$P_DIR/php-$n.ini" "$P_DIR/fpm-$n.conf" "$P_DIR/fpm-$n.out"
  P_FPM_PIDS[i]=$SRV_PID
}

# pool_up NAME HANDLER: start POOL_SERVERS php-fpm servers serving app/index.php and
# nginx in $SRV_DIR/NAME (see pool_prepare), and two memcached nodes for the memcached
# handlers (P_MC_PORTS[] P_MC_PIDS[]).
# HANDLER: sealedcookie | files | memcached | memcached-replica | memcached-replica-nolock
# For sealedcookie it needs P_KEYS (array of key lines) set, or generates one key.
pool_up() {
  local name=$1 handler=$2 i
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
  for ((i = 0; i < POOL_SERVERS; i++)); do
    if [ "$handler" = sealedcookie ]; then
      if [ "${#P_KEYS[@]}" -eq 0 ]; then P_KEYS=("k1:$(srv_new_key)"); fi
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
  local name=$1 label=$2 users=$3 rounds=$4 last=$((POOL_SERVERS - 1))
  mkdir -p "$SRV_DIR/results"
  P_KEYS=("k1:$(srv_new_key)")
  pool_up "$name" sealedcookie
  pool_rotate_step "$last" "k9other:$(srv_new_key)" || return 1
  pool_driver_start "$name" --users "$users" --rounds "$rounds" --concurrency "$POOL_CONCURRENCY" \
    --rate "$POOL_RATE" --max-seconds 100
  pool_driver_finish 120 || srv_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$SRV_DIR/results/$name.json"
}
