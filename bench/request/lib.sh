# Shared by bench/request/run.sh and bench/cycle/run.sh (sourced, not run).
# Servers on 127.0.0.1 only, each tracked by PID and killed by bench_cleanup;
# every wait is bounded.

bench_pids=()
bench_work=""
# The extension to load: its name in the system extension dir (as installed by
# scripts/build-ext.sh --install), or a path to a .so built elsewhere.
bench_extension=${BENCH_EXTENSION:-sealedcookie}

# A private temp dir, removed with everything started here on exit.
bench_init() {
  bench_work=$(mktemp -d /tmp/sealedcookie-bench.XXXXXX)
  chmod 700 "$bench_work"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${bench_pids[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  bench_pids=()
  [ -n "$bench_work" ] && rm -rf "$bench_work"
  bench_work=""
}

# Prints N distinct free TCP ports on 127.0.0.1, one a line (all held open
# while choosing, so they differ; released just before use).
bench_free_ports() {
  php -n -r '$held = [];
    for ($i = 0; $i < (int) $argv[1]; $i++) {
      $held[] = $s = stream_socket_server("tcp://127.0.0.1:0");
      echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1), "\n";
    }' "$1"
}

# bench_wait_port PORT PID WHAT: waits up to 10 s for PORT to accept, while PID lives.
bench_wait_port() {
  local port=$1 pid=$2 what=$3
  for _ in $(seq 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench: $what exited during startup" >&2
      return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "bench: $what did not listen on 127.0.0.1:$port within 10 s" >&2
  return 1
}

# bench_nullhandler: builds bench/nullhandler (phpize, configure, make) into
# out/bench-nullhandler, again only when its sources changed, and prints the
# absolute path of benchnull.so. Never installed: loaded by path, for the
# session floor only. On failure prints the end of the build log to stderr and
# returns 1.
bench_nullhandler() {
  local repo src dir stamp
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  src=$repo/bench/nullhandler
  dir=$repo/out/bench-nullhandler
  stamp=$(cat "$src/config.m4" "$src/benchnull.c" | sha256sum | cut -d' ' -f1)
  mkdir -p "$repo/out"
  (
    flock 9
    if [ "$(cat "$dir/.built" 2>/dev/null)" != "$stamp" ] || [ ! -f "$dir/modules/benchnull.so" ]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      cp "$src/config.m4" "$src/benchnull.c" "$dir/"
      if ! (cd "$dir" && phpize && ./configure --enable-benchnull && make) >"$dir/build.log" 2>&1; then
        echo "bench: building bench/nullhandler failed; end of $dir/build.log:" >&2
        tail -n 30 "$dir/build.log" >&2
        exit 1
      fi
      echo "$stamp" >"$dir/.built"
    fi
  ) 9>"$repo/out/bench-nullhandler.lock" || return 1
  echo "$dir/modules/benchnull.so"
}

bench_have_sealedcookie() {
  php -n -d "extension=$bench_extension" -r 'exit(extension_loaded("sealedcookie") ? 0 : 1);' 2>/dev/null
}

# A fresh key, 32 random bytes as base64url; stays in files under bench_work (0600).
bench_new_key() {
  php -n -r 'echo rtrim(strtr(base64_encode(random_bytes(32)), "+/", "-_"), "=");'
}

# bench_key_php KEY FILE: a PHP file returning the raw key bytes (opcache keeps it).
bench_key_php() {
  (umask 077 && php -n -r 'echo "<?php return ", var_export(base64_decode(strtr($argv[1], "-_", "+/")), true), ";\n";' "$1" >"$2")
}

# bench_start_memcached PORT: memcached on 127.0.0.1, one thread, no UDP.
bench_start_memcached() {
  memcached -l 127.0.0.1 -p "$1" -U 0 -t 1 -m 64 -u "$(id -un)" >"$bench_work/memcached.log" 2>&1 &
  bench_pids+=($!)
  bench_wait_port "$1" $! memcached
}

# bench_start_redis PORT: redis-server on 127.0.0.1, no persistence.
bench_start_redis() {
  redis-server --bind 127.0.0.1 --port "$1" --save '' --appendonly no --daemonize no \
    --dir "$bench_work" --logfile "$bench_work/redis.log" >/dev/null 2>&1 &
  bench_pids+=($!)
  bench_wait_port "$1" $! redis-server
}

# bench_php_ini FILE [with_sealedcookie]: the ini every variant shares (run with -n).
# Same extensions loaded for all variants; opcache on; Debian's production
# choices where PHP's built-in defaults differ (gc by cron, output buffering).
bench_php_ini() {
  local file=$1 with_sealedcookie=${2:-0}
  {
    echo "zend_extension=opcache"
    echo "extension=igbinary"
    echo "extension=msgpack"
    echo "extension=redis"
    echo "extension=memcached"
    [ "$with_sealedcookie" = 1 ] && echo "extension=$bench_extension"
    echo "opcache.enable=1"
    echo "opcache.enable_cli=1"
    echo "opcache.validate_timestamps=0"
    echo "opcache.jit=off"
    echo "output_buffering=4096"
    echo "memory_limit=128M"
    echo "display_errors=0"
    echo "log_errors=1"
    echo "error_log=$bench_work/php_errors.log"
    echo "session.gc_probability=0"
    echo "session.use_strict_mode=0"
  } >"$file"
  chmod 600 "$file"
}
