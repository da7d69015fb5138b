# shellcheck shell=bash disable=SC2016
# The one way sealedcookie's scripts start servers: the pool demo and test
# (scripts/pool/lib.sh), the application test (scripts/apps/lib.sh) and the
# benchmarks (bench/request/lib.sh) all source this file for
#   - free TCP ports on 127.0.0.1, outside the ephemeral range
#   - processes started in the background, tracked by PID, stopped by PID on exit,
#     every wait bounded
#   - php.ini files, php-fpm configurations and key files
#   - php-fpm (the one of the PHP on PATH), nginx, memcached, redis-server
# Everything listens on 127.0.0.1 only. Also sourced inside a clean Debian root by
# scripts/deb/serve.sh, which starts the installed package's php-fpm with Debian's own
# configuration (srv_start_fpm with no INI).
#
# Source it, then call srv_init NAME once: it makes the private directory $SRV_DIR
# and stops everything started (srv_cleanup, from the EXIT trap). SRV_KEEP=1 keeps
# $SRV_DIR with its logs.

SRV_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The PHP on PATH, and the php-fpm and php-cgi of the same version (Debian names them
# php-fpmX.Y and php-cgiX.Y; a PHP built into its own prefix has them next to php).
SRV_PHP_BIN="${SRV_PHP_BIN:-$(command -v php || true)}"
SRV_PHP_VERSION="$("${SRV_PHP_BIN:-php}" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>/dev/null || true)"
srv_php_tool() { # srv_php_tool NAME: the NAME (php-fpm, php-cgi) of $SRV_PHP_BIN's version
  local dir candidate
  dir="$(dirname "$(readlink -f "${SRV_PHP_BIN:-/usr/bin/php}")")"
  for candidate in "$dir/$1$SRV_PHP_VERSION" "$dir/../sbin/$1" "$dir/$1" \
    "/usr/sbin/$1$SRV_PHP_VERSION" "/usr/bin/$1$SRV_PHP_VERSION"; do
    if [ -x "$candidate" ]; then
      readlink -f "$candidate"
      return
    fi
  done
}
SRV_FPM_BIN="${SRV_FPM_BIN:-$(srv_php_tool php-fpm)}"
SRV_CGI_BIN="${SRV_CGI_BIN:-$(srv_php_tool php-cgi)}"
SRV_NGINX_BIN="${SRV_NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
SRV_MEMCACHED_BIN="${SRV_MEMCACHED_BIN:-$(command -v memcached || echo /usr/bin/memcached)}"
SRV_REDIS_BIN="${SRV_REDIS_BIN:-$(command -v redis-server || echo /usr/bin/redis-server)}"
# As root, servers run their workers as nobody (php-fpm: unless SRV_FPM_KEEP_ROOT=1;
# nginx: as SRV_NGINX_USER, "USER [GROUP]", www-data to reach Debian's php-fpm socket).
SRV_NGINX_USER="${SRV_NGINX_USER:-nobody nogroup}"
SRV_AS_ROOT=0
[ "$(id -u)" -ne 0 ] || SRV_AS_ROOT=1
SRV_DIR=""
SRV_NAME="servers"
SRV_PID=""   # the PID of the last server started by a srv_start_* function

srv_log() { printf '[%s %s] %s\n' "$SRV_NAME" "$(date -u +%H:%M:%S)" "$*" >&2; }
srv_die() { srv_log "ERROR: $*"; exit 1; }

# srv_init NAME: a private directory $SRV_DIR (sealedcookie-NAME.XXXXXX under $TMPDIR),
# and the traps that stop everything started when the script ends.
srv_init() {
  SRV_NAME=$1
  SRV_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sealedcookie-$1.XXXXXX")"
  chmod 755 "$SRV_DIR" # workers running as nobody read their scripts below it
  : >"$SRV_DIR/pids"
  trap srv_cleanup EXIT
  trap 'exit 130' INT TERM
}

srv_cleanup() {
  local rc=$?
  trap - EXIT
  srv_stop_background
  srv_stop_tracked
  if [ -n "$SRV_DIR" ] && [ -d "$SRV_DIR" ]; then
    if [ -n "${SRV_KEEP:-}" ]; then
      srv_log "kept $SRV_DIR (SRV_KEEP set)"
    else
      rm -rf "$SRV_DIR"
    fi
  fi
  exit "$rc"
}

# ---- processes ------------------------------------------------------------------------
# Every process started is listed, one PID a line, in $SRV_DIR/pids (shared with the
# subshells of srv_isolated), and removed when it is stopped on purpose.
srv_track() { echo "$1" >>"$SRV_DIR/pids"; }

srv_untrack() {
  [ -f "$SRV_DIR/pids" ] || return 0
  grep -vx "$1" "$SRV_DIR/pids" >"$SRV_DIR/pids.tmp" || true
  mv -f "$SRV_DIR/pids.tmp" "$SRV_DIR/pids"
}

# srv_stop_pid PID: TERM, wait up to 5 s, then KILL the process and the children it
# had (php-fpm workers). Only PIDs started here are ever passed.
srv_stop_pid() {
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
  # shellcheck disable=SC2086 # a list of PIDs
  [ -z "$kids" ] || kill -KILL $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# srv_kill_pid PID: SIGKILL to the process and its children at once, as a crash; the
# PID is no longer tracked.
srv_kill_pid() {
  local pid=$1 kids
  kids="$(pgrep -P "$pid" 2>/dev/null || true)"
  # shellcheck disable=SC2086 # a list of PIDs
  kill -KILL "$pid" $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  srv_untrack "$pid"
}

# srv_stop PID...: stop each (empty arguments are skipped) and forget it.
srv_stop() {
  local pid
  for pid in "$@"; do
    [ -n "$pid" ] || continue
    srv_stop_pid "$pid"
    srv_untrack "$pid"
  done
}

# srv_stop_tracked: stop every process still listed, newest first.
srv_stop_tracked() {
  local pid
  [ -n "$SRV_DIR" ] && [ -f "$SRV_DIR/pids" ] || return 0
  for pid in $(tac "$SRV_DIR/pids"); do
    srv_stop_pid "$pid"
  done
  : >"$SRV_DIR/pids"
}

# srv_stop_background: stop the background jobs listed in $SRV_DIR/bg-pids, each with a
# PID list of its own (scripts/pool/lib.sh pool_background): TERM makes each stop what it
# started. Not in the tracked list, so that srv_isolated's end does not stop them.
srv_stop_background() {
  local pid
  [ -n "$SRV_DIR" ] && [ -f "$SRV_DIR/bg-pids" ] || return 0
  while read -r pid; do
    [ -z "$pid" ] || srv_stop_pid "$pid"
  done <"$SRV_DIR/bg-pids"
  : >"$SRV_DIR/bg-pids"
}

# srv_isolated CMD...: run CMD in a subshell that stops what it started when it ends,
# however it ends (error, srv_die, Ctrl-C). Returns CMD's status.
srv_isolated() {
  (
    trap 'srv_stop_tracked' EXIT
    trap 'exit 130' INT TERM
    "$@"
  )
}

# srv_wait SECONDS DESCRIPTION COMMAND...: retry COMMAND every 0.1 s until it succeeds;
# fails after SECONDS.
srv_wait() {
  local secs=$1 what=$2
  shift 2
  local end=$((SECONDS + secs))
  while ! "$@" >/dev/null 2>&1; do
    if ((SECONDS >= end)); then
      srv_log "timed out after ${secs}s waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}

# ---- ports ----------------------------------------------------------------------------
# srv_free_ports N: print N distinct free TCP ports on 127.0.0.1, held open together
# while chosen so they differ. Picked at random in 20000-32767, below Linux's ephemeral
# range (32768+), so outgoing connections do not take them before our servers bind.
srv_free_ports() {
  "$SRV_PHP_BIN" -n -r '
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

# srv_port_open PORT: true when something accepts connections on 127.0.0.1:PORT.
srv_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
srv_port_closed() { ! srv_port_open "$1"; }

# srv_wait_port SECONDS WHAT PORT PID: wait until PORT accepts connections; fails at
# once when PID (the server) exits, and after SECONDS.
srv_wait_port() {
  local secs=$1 what=$2 port=$3 pid=$4
  srv_wait "$secs" "$what on 127.0.0.1:$port" srv_listening "$port" "$pid" &&
    srv_port_open "$port" && return 0
  kill -0 "$pid" 2>/dev/null || srv_log "$what exited during startup"
  return 1
}
srv_listening() { ! kill -0 "$2" 2>/dev/null || srv_port_open "$1"; }

# srv_http_get PORT PATH: GET http://127.0.0.1:PORT/PATH with the shared client
# (scripts/lib/http.php); prints the body, fails unless the status is 200.
srv_http_get() { "$SRV_PHP_BIN" -n "$SRV_LIB_DIR/http.php" get "$1" "$2"; }

# ---- keys -----------------------------------------------------------------------------
# srv_new_key: print a fresh key, 32 random bytes as base64url (a key file's line is
# "LABEL:KEY"). Goes into files only: never echo it to a terminal.
srv_new_key() {
  "$SRV_PHP_BIN" -n -r 'echo rtrim(strtr(base64_encode(random_bytes(32)), "+/", "-_"), "="), "\n";'
}

# srv_key_id KEYLINE: print "<key id hex> <label>". The key id is public: sealedcookie
# puts it in every sealed value (first 4 bytes of BLAKE2b-128 keyed with the key over
# "sealedcookie key id v1", see src/core/key_ring.cc). The key itself is not printed.
srv_key_id() {
  printf '%s\n' "$1" | "$SRV_PHP_BIN" -n -r '
    $line = trim(fgets(STDIN));
    $c = strpos($line, ":");
    [$label, $text] = $c === false ? ["", $line] : [substr($line, 0, $c), substr($line, $c + 1)];
    $key = base64_decode(strtr($text, "-_", "+/"), true);
    if ($key === false || strlen($key) !== 32) exit(1);
    $id = substr(sodium_crypto_generichash("sealedcookie key id v1", $key, 16), 0, 4);
    sodium_memzero($key);
    echo bin2hex($id), " ", $label, "\n";'
}

# srv_write_keys FILE KEYLINE...: atomically replace FILE with the given keys, first
# one seals. Mode 0600: php-fpm reads it in the master (as root) before forking.
srv_write_keys() {
  local file=$1
  shift
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

# ---- php.ini and php-fpm ----------------------------------------------------------------
# srv_write_ini FILE [ERROR_LOG]: a php.ini for `php -n -c FILE`: errors logged (to
# ERROR_LOG, else to stderr, which php-fpm keeps in its log), never displayed; then the
# lines read from stdin. Mode 0600: it may hold a key.
srv_write_ini() {
  local file=$1 error_log=${2:-}
  (
    umask 077
    {
      echo "; generated by $(basename "$0") (scripts/lib/servers.sh)"
      echo "display_errors = Off"
      echo "display_startup_errors = Off"
      echo "log_errors = On"
      echo "error_reporting = E_ALL"
      [ -z "$error_log" ] || echo "error_log = \"$error_log\""
      cat
    } >"$file"
  )
}

# srv_fpm_global PREFIX: the [global] section of a php-fpm configuration, in the
# foreground (for srv_start_fpm), pid file PREFIX.pid, log PREFIX.log.
srv_fpm_global() {
  cat <<EOF
[global]
pid = $1.pid
error_log = $1.log
log_level = notice
daemonize = no
process_control_timeout = 5s
EOF
}

# srv_fpm_pool NAME PORT CHILDREN: a php-fpm pool listening on 127.0.0.1:PORT with
# CHILDREN static workers; the caller adds its own lines (env[...], php_admin_value[...]).
srv_fpm_pool() {
  cat <<EOF

[$1]
listen = 127.0.0.1:$2
listen.backlog = 511
pm = static
pm.max_children = $3
catch_workers_output = yes
decorate_workers_output = no
clear_env = yes
EOF
  if [ "$SRV_AS_ROOT" = 1 ] && [ "${SRV_FPM_KEEP_ROOT:-0}" != 1 ]; then
    printf 'user = nobody\ngroup = nogroup\n'
  fi
}

# srv_start_fpm INI CONF OUT: php-fpm (-n -c INI -y CONF) in the foreground of a
# background job, output appended to OUT. An empty INI: no -n -c, so php-fpm reads the
# php.ini and scan directory it was built with (a distribution's: Debian's
# /etc/php/X.Y/fpm/php.ini and conf.d/, where phpenmod links modules). Sets SRV_PID;
# the caller waits for its ports.
srv_start_fpm() {
  local ini_flags=(-n -c "$1") root_flag=()
  [ -n "$SRV_FPM_BIN" ] || srv_die "no php-fpm for PHP $SRV_PHP_VERSION (run scripts/deps.sh)"
  [ -n "$1" ] || ini_flags=()
  [ "$SRV_AS_ROOT" = 1 ] && root_flag=(-R) # workers as root only where the pool says so
  "$SRV_FPM_BIN" "${ini_flags[@]}" -y "$2" -F "${root_flag[@]}" >>"$3" 2>&1 &
  SRV_PID=$!
  srv_track "$SRV_PID"
}

# ---- nginx ------------------------------------------------------------------------------
# srv_nginx_head DIR [ACCESS_LOG]: the start of an nginx configuration whose files all
# live in DIR (pid, error log, temp paths), up to and including "http {"; the caller
# adds upstreams and servers and closes the block. ACCESS_LOG: a file, or off (default).
srv_nginx_head() {
  local dir=$1
  [ "$SRV_AS_ROOT" = 1 ] && echo "user $SRV_NGINX_USER;"
  cat <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log ${2:-off};
  client_body_temp_path $dir/nginx-tmp/body;
  fastcgi_temp_path $dir/nginx-tmp/fastcgi;
  proxy_temp_path $dir/nginx-tmp/proxy;
  scgi_temp_path $dir/nginx-tmp/scgi;
  uwsgi_temp_path $dir/nginx-tmp/uwsgi;
EOF
}

# srv_start_nginx DIR PORT: nginx with DIR/nginx.conf (begun by srv_nginx_head DIR),
# in the foreground of a background job; waits (10 s) until it listens on PORT. Sets
# SRV_PID.
srv_start_nginx() {
  local dir=$1 port=$2
  mkdir -p "$dir/nginx-tmp"
  [ "$SRV_AS_ROOT" = 1 ] && chown "${SRV_NGINX_USER%% *}" "$dir/nginx-tmp"
  "$SRV_NGINX_BIN" -p "$dir/" -e "$dir/nginx-error.log" -c "$dir/nginx.conf" -g 'daemon off;' \
    >"$dir/nginx.out" 2>&1 &
  SRV_PID=$!
  srv_track "$SRV_PID"
  srv_wait_port 10 nginx "$port" "$SRV_PID" || {
    srv_log "nginx did not start; $dir/nginx.out:"
    cat "$dir/nginx.out" >&2
    return 1
  }
}

# ---- stores -----------------------------------------------------------------------------
# srv_start_memcached PORT LOG: memcached on 127.0.0.1, one thread, no UDP; waits until
# it listens. Sets SRV_PID.
srv_start_memcached() {
  local user=()
  [ "$SRV_AS_ROOT" = 1 ] && user=(-u nobody)
  "$SRV_MEMCACHED_BIN" -l 127.0.0.1 -p "$1" -U 0 -m 64 -t 1 -c 1024 "${user[@]}" >"$2" 2>&1 &
  SRV_PID=$!
  srv_track "$SRV_PID"
  srv_wait_port 10 memcached "$1" "$SRV_PID"
}

# srv_start_redis PORT DIR: redis-server on 127.0.0.1, no persistence, its log in DIR;
# waits until it listens. Sets SRV_PID.
srv_start_redis() {
  "$SRV_REDIS_BIN" --bind 127.0.0.1 --port "$1" --save '' --appendonly no --daemonize no \
    --dir "$2" --logfile "$2/redis.log" >/dev/null 2>&1 &
  SRV_PID=$!
  srv_track "$SRV_PID"
  srv_wait_port 10 redis-server "$1" "$SRV_PID"
}
