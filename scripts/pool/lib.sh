# shellcheck shell=bash disable=SC2016
# Shared functions for scripts/demo.sh and scripts/test-pool.sh: start memcached,
# php-fpm servers and an nginx load balancer on 127.0.0.1 (own temp dir, free ports),
# drive traffic, kill or reload servers, and stop everything by PID.
#
# Source it, then call pool_init once. Everything started is recorded and stopped
# by PID on exit (pool_cleanup runs from the EXIT trap).

POOL_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The PHP on PATH, and the php-fpm of the same version (Debian names it php-fpmX.Y).
POOL_PHP_BIN="${POOL_PHP_BIN:-$(command -v php || true)}"
POOL_PHP_VERSION="$("${POOL_PHP_BIN:-php}" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>/dev/null || true)"
POOL_FPM_BIN="${POOL_FPM_BIN:-$(command -v "php-fpm$POOL_PHP_VERSION" || command -v php-fpm || true)}"
POOL_NGINX_BIN="${POOL_NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
POOL_MEMCACHED_BIN="${POOL_MEMCACHED_BIN:-$(command -v memcached || echo /usr/bin/memcached)}"
POOL_SERVERS="${POOL_SERVERS:-3}"        # php-fpm servers behind nginx
POOL_CHILDREN="${POOL_CHILDREN:-3}"      # workers per php-fpm server
POOL_DIR=""

pool_log() { printf '[pool %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
pool_die() { pool_log "ERROR: $*"; exit 1; }

pool_init() {
  [ -n "$POOL_FPM_BIN" ] || pool_die "php-fpm not found (run scripts/deps.sh)"
  [ -n "$POOL_PHP_BIN" ] || pool_die "php not found (run scripts/deps.sh)"
  POOL_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sealedcookie-pool.XXXXXX")"
  chmod 755 "$POOL_DIR"
  : >"$POOL_DIR/pids"
  trap pool_cleanup EXIT
  trap 'exit 130' INT TERM
}

# pool_free_ports N: print N distinct free TCP ports on 127.0.0.1, held open together
# while chosen so they differ. Picked at random in 20000-32767, below Linux's ephemeral
# range (32768+), so outgoing connections do not take them before our servers bind.
pool_free_ports() {
  "$POOL_PHP_BIN" -n -r '
    $n = (int) $argv[1]; $held = [];
    for ($try = 0; count($held) < $n && $try < 2000; $try++) {
      $p = mt_rand(20000, 32767);
      if (isset($held[$p])) continue;
      $s = @stream_socket_server("tcp://127.0.0.1:$p", $e, $m);
      if ($s) $held[$p] = $s;
    }
    if (count($held) < $n) { fwrite(STDERR, "no free ports\n"); exit(1); }
    echo implode("\n", array_keys($held)), "\n";' "$1"
}

# pool_port_open PORT: true when something accepts connections on 127.0.0.1:PORT.
pool_port_open() {
  "$POOL_PHP_BIN" -n -r '$s = @stream_socket_client("tcp://127.0.0.1:".$argv[1], $e, $m, 1); exit($s ? 0 : 1);' "$1"
}

# pool_wait SECONDS DESCRIPTION COMMAND...: retry COMMAND every 0.1 s until it succeeds;
# fails after SECONDS.
pool_wait() {
  local secs=$1 what=$2; shift 2
  local end=$((SECONDS + secs))
  while ! "$@" >/dev/null 2>&1; do
    if ((SECONDS >= end)); then
      pool_log "timed out after ${secs}s waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}

# Every process we start is listed, one PID a line, in $POOL_DIR/pids (shared with the
# subshells that run scenarios), and removed when we stop it ourselves.
pool_track() { echo "$1" >>"$POOL_DIR/pids"; }

pool_untrack() {
  [ -f "$POOL_DIR/pids" ] || return 0
  grep -vx "$1" "$POOL_DIR/pids" >"$POOL_DIR/pids.tmp" || true
  mv -f "$POOL_DIR/pids.tmp" "$POOL_DIR/pids"
}

# pool_stop_pid PID: TERM, wait up to 5 s, then KILL the process and the children it
# had (php-fpm workers). Only PIDs we started are ever passed here.
pool_stop_pid() {
  local pid=$1 kids i
  kill -0 "$pid" 2>/dev/null || return 0
  kids="$(pgrep -P "$pid" 2>/dev/null || true)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # shellcheck disable=SC2086
  [ -z "$kids" ] || kill -KILL $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# pool_stop_tracked: stop every process still listed, newest first.
pool_stop_tracked() {
  local pid
  [ -n "$POOL_DIR" ] && [ -f "$POOL_DIR/pids" ] || return 0
  for pid in $(tac "$POOL_DIR/pids"); do
    pool_stop_pid "$pid"
  done
  : >"$POOL_DIR/pids"
}

pool_cleanup() {
  local rc=$?
  trap - EXIT
  pool_stop_tracked
  if [ -n "$POOL_DIR" ] && [ -d "$POOL_DIR" ]; then
    if [ -n "${POOL_KEEP:-}" ]; then
      pool_log "kept $POOL_DIR (POOL_KEEP set)"
    else
      rm -rf "$POOL_DIR"
    fi
  fi
  exit "$rc"
}

# pool_isolated CMD...: run CMD in a subshell that stops what it started when it ends,
# however it ends (error, pool_die, Ctrl-C). Returns CMD's status.
pool_isolated() {
  (
    trap 'pool_stop_tracked' EXIT
    trap 'exit 130' INT TERM
    "$@"
  )
}

# ---- keys -----------------------------------------------------------------------------
# pool_new_key LABEL: print "LABEL:<32 random bytes, base64url>" (goes into key files
# only; never echo it to the terminal).
pool_new_key() {
  "$POOL_PHP_BIN" -n -r 'echo $argv[1], ":", rtrim(strtr(base64_encode(random_bytes(32)), "+/", "-_"), "="), "\n";' "$1"
}

# pool_key_id KEYLINE: print "<key id hex> <label>". The key id is public: sealedcookie
# puts it in every sealed value (first 4 bytes of BLAKE2b-128 keyed with the key over
# "sealedcookie key id v1", see src/core/key_ring.cc). The key itself is not printed.
pool_key_id() {
  printf '%s\n' "$1" | "$POOL_PHP_BIN" -n -r '
    $line = trim(fgets(STDIN));
    $c = strpos($line, ":");
    [$label, $text] = $c === false ? ["", $line] : [substr($line, 0, $c), substr($line, $c + 1)];
    $key = base64_decode(strtr($text, "-_", "+/"), true);
    if ($key === false || strlen($key) !== 32) exit(1);
    $id = substr(sodium_crypto_generichash("sealedcookie key id v1", $key, 16), 0, 4);
    sodium_memzero($key);
    echo bin2hex($id), " ", $label, "\n";'
}

# pool_write_keys FILE KEYLINE...: atomically replace FILE with the given keys, first
# one seals. Mode 0600: php-fpm reads it in the master (as root) before forking.
pool_write_keys() {
  local file=$1; shift
  local tmp="$file.tmp.$$"
  (
    umask 077
    {
      echo "# sealedcookie keys: the first seals, all open. Written $(date -u +%FT%TZ)."
      printf '%s\n' "$@"
    } >"$tmp"
  )
  mv -f "$tmp" "$file"
}

# ---- a pool ---------------------------------------------------------------------------
# pool_up NAME HANDLER: start POOL_SERVERS php-fpm servers and nginx in $POOL_DIR/NAME.
# HANDLER: sealedcookie | files | memcached | memcached-replica | memcached-replica-nolock
# Sets globals: P_DIR P_NGINX_PORT P_FPM_PORTS[] P_FPM_PIDS[] P_MC_PORTS[] P_MC_PIDS[]
# P_NGINX_PID P_HANDLER. For sealedcookie it needs P_KEYS (array of key lines) set, or
# generates one key.
pool_up() {
  local name=$1 handler=$2 i ports
  P_HANDLER=$handler
  P_DIR="$POOL_DIR/$name"
  mkdir -p "$P_DIR/app" "$P_DIR/nginx-tmp" "$P_DIR/sessions"
  chmod 755 "$P_DIR" "$P_DIR/app"
  cp "$POOL_LIB_DIR/app/index.php" "$P_DIR/app/index.php"
  chmod 644 "$P_DIR/app/index.php"
  P_AS_ROOT=0
  if [ "$(id -u)" -eq 0 ]; then
    P_AS_ROOT=1
    chown nobody "$P_DIR/nginx-tmp" "$P_DIR/sessions"
  fi

  mapfile -t ports < <(pool_free_ports $((POOL_SERVERS + 3)))
  [ "${#ports[@]}" -eq $((POOL_SERVERS + 3)) ] || pool_die "could not pick free ports"
  P_NGINX_PORT=${ports[0]}
  P_MC_PORTS=("${ports[1]}" "${ports[2]}")
  P_FPM_PORTS=("${ports[@]:3}")
  P_FPM_PIDS=()
  P_MC_PIDS=()

  case $handler in
    memcached*)
      for i in 0 1; do pool_start_memcached "$i"; done
      ;;
  esac
  for ((i = 0; i < POOL_SERVERS; i++)); do
    if [ "$handler" = sealedcookie ]; then
      if [ "${#P_KEYS[@]}" -eq 0 ]; then P_KEYS=("$(pool_new_key k1)"); fi
      pool_write_keys "$P_DIR/keys-$((i + 1))" "${P_KEYS[@]}"
    fi
    pool_write_fpm_conf "$i"
    pool_start_fpm "$i"
  done
  pool_start_nginx
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_wait 15 "php-fpm $((i + 1)) via nginx" pool_health "$i" || pool_die "php-fpm $((i + 1)) did not come up (see $P_DIR/fpm-$((i + 1)).log)"
  done
}

pool_start_memcached() {
  local i=$1 user=()
  [ "$P_AS_ROOT" = 1 ] && user=(-u nobody)
  "$POOL_MEMCACHED_BIN" -l 127.0.0.1 -p "${P_MC_PORTS[$i]}" -U 0 -m 64 -t 1 -c 1024 "${user[@]}" \
    >"$P_DIR/memcached-$((i + 1)).log" 2>&1 &
  P_MC_PIDS[i]=$!
  pool_track "${P_MC_PIDS[$i]}"
  pool_wait 10 "memcached $((i + 1))" pool_port_open "${P_MC_PORTS[$i]}" || pool_die "memcached did not start"
}

# php.ini for server I (own file: the key file is read by the fpm master from php.ini).
pool_write_ini() {
  local i=$1 ini="$P_DIR/php-$(($1 + 1)).ini"
  {
    cat <<EOF
; generated by scripts/pool/lib.sh for the pool demo
display_errors = Off
display_startup_errors = Off
log_errors = On
output_buffering = 0
error_reporting = E_ALL
memory_limit = 64M
EOF
    pool_session_ini "$i"
  } >"$ini"
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

pool_write_fpm_conf() {
  local i=$1 n=$(($1 + 1))
  pool_write_ini "$i"
  {
    cat <<EOF
[global]
pid = $P_DIR/fpm-$n.pid
error_log = $P_DIR/fpm-$n.log
log_level = notice
daemonize = no
process_control_timeout = 5s

[www]
listen = 127.0.0.1:${P_FPM_PORTS[$i]}
listen.backlog = 511
pm = static
pm.max_children = $POOL_CHILDREN
catch_workers_output = yes
decorate_workers_output = no
clear_env = yes
env[POOL_SERVER] = fpm$n
env[POOL_WORK_MS] = ${POOL_WORK_MS:-20}
EOF
    if [ "$P_AS_ROOT" = 1 ]; then
      printf 'user = nobody\ngroup = nogroup\n'
    fi
  } >"$P_DIR/fpm-$n.conf"
}

pool_start_fpm() {
  local i=$1 n=$(($1 + 1))
  "$POOL_FPM_BIN" -n -c "$P_DIR/php-$n.ini" -y "$P_DIR/fpm-$n.conf" -F >>"$P_DIR/fpm-$n.out" 2>&1 &
  P_FPM_PIDS[i]=$!
  pool_track "${P_FPM_PIDS[$i]}"
}

pool_start_nginx() {
  local conf="$P_DIR/nginx.conf" i
  {
    [ "$P_AS_ROOT" = 1 ] && echo "user nobody nogroup;"
    cat <<EOF
worker_processes 1;
pid $P_DIR/nginx.pid;
error_log $P_DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $P_DIR/nginx-tmp/body;
  fastcgi_temp_path $P_DIR/nginx-tmp/fastcgi;
  proxy_temp_path $P_DIR/nginx-tmp/proxy;
  scgi_temp_path $P_DIR/nginx-tmp/scgi;
  uwsgi_temp_path $P_DIR/nginx-tmp/uwsgi;
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
  } >"$conf"
  "$POOL_NGINX_BIN" -c "$conf" -g 'daemon off;' >"$P_DIR/nginx.out" 2>&1 &
  P_NGINX_PID=$!
  pool_track "$P_NGINX_PID"
  pool_wait 10 "nginx" pool_port_open "$P_NGINX_PORT" || pool_die "nginx did not start (see $P_DIR/nginx.out)"
}

# pool_http PATH: GET http://127.0.0.1:$P_NGINX_PORT/PATH, print the body; fails unless 200.
pool_http() {
  "$POOL_PHP_BIN" -n -r '
    $s = @stream_socket_client("tcp://127.0.0.1:".$argv[1], $e, $m, 2);
    if (!$s) exit(1);
    stream_set_timeout($s, 3);
    fwrite($s, "GET ".$argv[2]." HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    $r = stream_get_contents($s);
    if (!preg_match("#^HTTP/1\\.[01] 200 #", (string) $r)) exit(1);
    echo substr($r, strpos($r, "\r\n\r\n") + 4);' "$P_NGINX_PORT" "$1"
}

# pool_health I: server I answers on its direct route.
pool_health() {
  pool_http "/direct/$(($1 + 1))?a=show" | grep -q "\"ok\":true,\"server\":\"fpm$(($1 + 1))\""
}

# pool_kill_fpm I: kill server I hard (SIGKILL to its master and its workers), as a crash.
pool_kill_fpm() {
  local i=$1 pid=${P_FPM_PIDS[$1]} kids
  kids="$(pgrep -P "$pid" 2>/dev/null || true)"
  # shellcheck disable=SC2086
  kill -KILL "$pid" $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pool_untrack "$pid"
  P_FPM_PIDS[i]="" # gone: never signal that PID again (it could be reused)
  pool_wait 10 "port of killed php-fpm to close" pool_port_closed "${P_FPM_PORTS[$i]}" || true
}

pool_port_closed() { ! pool_port_open "$1"; }

# pool_kill_memcached I: stop memcached node I (SIGKILL, as a crash or a pulled node).
pool_kill_memcached() {
  local pid=${P_MC_PIDS[$1]}
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pool_untrack "$pid"
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
  pool_wait 20 "php-fpm $((i + 1)) reload" pool_ready_after "$i" "$before" || return 1
  pool_wait 10 "php-fpm $((i + 1)) to answer after reload" pool_health "$i"
}
pool_ready_after() { [ "$(pool_ready_count "$1")" -gt "$2" ]; }

# pool_down: stop this pool's processes (by PID), keep its directory for the logs.
pool_down() {
  local p
  for p in "$P_NGINX_PID" "${P_FPM_PIDS[@]}" "${P_MC_PIDS[@]}"; do
    [ -n "$p" ] || continue
    pool_stop_pid "$p"
    pool_untrack "$p"
  done
}

# ---- traffic --------------------------------------------------------------------------
# pool_driver_start NAME ARGS...: start the load driver in the background.
pool_driver_start() {
  local name=$1; shift
  D_STATUS="$P_DIR/driver-status.json"
  D_RESULT="$P_DIR/driver-result.json"
  D_LOG="$P_DIR/requests.log"
  D_STOP="$P_DIR/driver-stop"
  rm -f "$D_STATUS" "$D_RESULT" "$D_STOP"
  "$POOL_PHP_BIN" -n "$POOL_LIB_DIR/driver.php" --port "$P_NGINX_PORT" --status-file "$D_STATUS" \
    --result "$D_RESULT" --log "$D_LOG" --prefix "$name-" "$@" >"$P_DIR/driver.out" 2>&1 &
  D_PID=$!
  pool_track "$D_PID"
}

# pool_driver_field KEY: a number from the driver's progress file (0 if not there yet).
pool_driver_field() {
  "$POOL_PHP_BIN" -n -r '$s = @json_decode((string) @file_get_contents($argv[1]), true); echo is_array($s) ? ($s[$argv[2]] ?? 0) : 0;' "$D_STATUS" "$1"
}

# pool_driver_wait_requests N: wait (bounded) until the driver completed N requests.
pool_driver_wait_requests() { pool_wait "${2:-60}" "$1 requests" pool_driver_reached requests "$1"; }
pool_driver_reached() {
  local v; v=$(pool_driver_field "$1")
  "$POOL_PHP_BIN" -n -r 'exit((float) $argv[1] >= (float) $argv[2] ? 0 : 1);' "$v" "$2"
}

# pool_driver_barrier: wait until every active user finished a request that started
# after now (so every live session has been through the servers since this moment).
pool_driver_barrier() {
  local t; t=$("$POOL_PHP_BIN" -n -r 'echo microtime(true);')
  pool_wait "${1:-60}" "every user to make a request" pool_driver_reached min_last_ok_start "$t"
}

# pool_driver_finish SECONDS: wait for the driver to exit (bounded), fail if it does not.
pool_driver_finish() {
  local secs=${1:-120} end=$((SECONDS + ${1:-120}))
  while kill -0 "$D_PID" 2>/dev/null; do
    if ((SECONDS >= end)); then
      pool_log "driver still running after ${secs}s; stopping it"
      pool_stop_pid "$D_PID"
      break
    fi
    sleep 0.2
  done
  wait "$D_PID" 2>/dev/null || true
  pool_untrack "$D_PID"
  [ -s "$D_RESULT" ]
}

# pool_event LABEL: note the time of an event (kill, reload...) next to the request log.
pool_event() {
  printf '%s %s\n' "$("$POOL_PHP_BIN" -n -r 'echo microtime(true);')" "$1" >>"$P_DIR/events.log"
}

# ---- scenarios ------------------------------------------------------------------------
POOL_CONCURRENCY="${POOL_CONCURRENCY:-12}"   # requests in flight at once
POOL_RATE="${POOL_RATE:-200}"                # cap on requests per second, 0 = none

pool_report() { "$POOL_PHP_BIN" -n "$POOL_LIB_DIR/report.php" "$@"; }

# pool_scenario_kill NAME LABEL HANDLER USERS ROUNDS: USERS log in, increment ROUNDS
# times each and log out; after about a third of the requests one php-fpm server
# (sealedcookie, files) or one memcached node (memcached*) is killed.
# Writes $POOL_DIR/results/NAME.json.
pool_scenario_kill() {
  local name=$1 label=$2 handler=$3 users=$4 rounds=$5 total
  mkdir -p "$POOL_DIR/results"
  P_KEYS=()
  pool_up "$name" "$handler"
  total=$((users * (rounds + 2)))
  pool_driver_start "$name" --users "$users" --rounds "$rounds" --concurrency "$POOL_CONCURRENCY" \
    --rate "$POOL_RATE" --max-seconds 100
  pool_driver_wait_requests $((total / 3)) 60 || pool_log "$name: driver slow to reach a third of the requests"
  case $handler in
    memcached*)
      pool_event "kill memcached1"
      pool_kill_memcached 0
      pool_log "$name: killed memcached node 1 (of 2)"
      ;;
    *)
      pool_event "kill fpm2"
      pool_kill_fpm 1
      pool_log "$name: killed php-fpm server 2 (of $POOL_SERVERS) by its master PID"
      ;;
  esac
  pool_driver_finish 120 || pool_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$POOL_DIR/results/$name.json"
}

# pool_rotate_step I KEYLINES...: rewrite server I's key file, reload it, wait until it
# answers again.
pool_rotate_step() {
  local i=$1; shift
  pool_write_keys "$P_DIR/keys-$((i + 1))" "$@"
  pool_reload_fpm "$i" || { pool_log "php-fpm $((i + 1)) did not come back after reload"; return 1; }
}

# pool_scenario_rotation NAME LABEL USERS: rolling key rotation under load, sealedcookie.
#   1. add the new key as secondary, server by server (each: rewrite keys, USR2, wait)
#   2. promote it to primary, server by server
#   3. wait until every live session made a request (so it was re-sealed with the new key)
#   4. retire the old key, server by server
#   5. every user makes one more request (after retirement) and logs out
pool_scenario_rotation() {
  local name=$1 label=$2 users=$3 old new i rc=0
  mkdir -p "$POOL_DIR/results"
  old="$(pool_new_key k1old)"
  new="$(pool_new_key k2new)"
  P_KEYS=("$old")
  pool_up "$name" "${POOL_ROTATION_HANDLER:-sealedcookie}"
  { pool_key_id "$old"; pool_key_id "$new"; } >"$P_DIR/keyids"
  pool_driver_start "$name" --users "$users" --stop-file "$P_DIR/driver-stop" \
    --concurrency "$POOL_CONCURRENCY" --rate "${POOL_ROTATION_RATE:-150}" --max-seconds 150
  D_STOP="$P_DIR/driver-stop"
  pool_driver_wait_requests $((users * 3)) 60 || pool_log "$name: driver slow to start"
  pool_event "phase 1: new key added as secondary, server by server"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_rotate_step "$i" "$old" "$new" || rc=1
    pool_log "$name: server $((i + 1)): new key added (secondary)"
  done
  pool_event "phase 2: new key promoted to primary, server by server"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_rotate_step "$i" "$new" "$old" || rc=1
    pool_log "$name: server $((i + 1)): new key promoted (primary)"
  done
  pool_event "phase 3: waiting until every session was re-sealed"
  pool_driver_barrier 60 || { pool_log "$name: not every user made a request after promotion"; rc=1; }
  pool_event "phase 4: old key retired, server by server"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_rotate_step "$i" "$new" || rc=1
    pool_log "$name: server $((i + 1)): old key retired"
  done
  pool_event "phase 5: after rotation (each user: one more request, logout)"
  pool_driver_barrier 60 || { pool_log "$name: not every user made a request after retirement"; rc=1; }
  touch "$D_STOP"
  pool_driver_finish 120 || pool_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$POOL_DIR/results/$name.json"
  return $rc
}

# pool_scenario_foreign_key NAME LABEL USERS ROUNDS: negative control for the checks.
# The last server gets a different key (a misconfigured server): sessions it seals
# cannot be opened by the others and vice versa, so the driver MUST report lost
# sessions. Proves the harness can see a loss.
pool_scenario_foreign_key() {
  local name=$1 label=$2 users=$3 rounds=$4 last=$((POOL_SERVERS - 1))
  mkdir -p "$POOL_DIR/results"
  P_KEYS=("$(pool_new_key k1)")
  pool_up "$name" sealedcookie
  pool_rotate_step "$last" "$(pool_new_key k9other)" || return 1
  pool_driver_start "$name" --users "$users" --rounds "$rounds" --concurrency "$POOL_CONCURRENCY" \
    --rate "$POOL_RATE" --max-seconds 100
  pool_driver_finish 120 || pool_log "$name: driver produced no result"
  pool_down
  pool_report collect "$label" "$P_DIR" "$POOL_DIR/results/$name.json"
}
