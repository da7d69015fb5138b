# shellcheck shell=bash disable=SC2016
# Shared by bench/request/run.sh, bench/request/profile.sh and bench/cycle/run.sh
# (sourced, not run). Servers, ports, keys and php.ini come from scripts/lib/servers.sh:
# 127.0.0.1 only, each server tracked by PID and stopped on exit, every wait bounded.

BENCH_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/lib/servers.sh
. "$BENCH_REPO/scripts/lib/servers.sh"
# The extension to load: its name in the system extension dir (as installed by
# scripts/build-ext.sh --install), or a path to a .so built elsewhere.
bench_extension=${BENCH_EXTENSION:-sealedcookie}
# As root, the php-fpm workers stay root: they serve bench/request/app.php from the
# checkout and read the key file (0600) in the temp dir, as root's own processes.
SRV_FPM_KEEP_ROOT=1

# A private temp dir ($SRV_DIR), removed with everything started here on exit.
bench_init() { srv_init bench; }

# bench_nullhandler: builds bench/nullhandler (phpize, configure, make) into
# out/bench-nullhandler, again only when its sources changed, and prints the
# absolute path of benchnull.so. Never installed: loaded by path, for the
# session floor only. On failure prints the end of the build log to stderr and
# returns 1.
bench_nullhandler() {
  local src=$BENCH_REPO/bench/nullhandler dir=$BENCH_REPO/out/bench-nullhandler stamp
  stamp=$(cat "$src/config.m4" "$src/benchnull.c" | sha256sum | cut -d' ' -f1)
  mkdir -p "$BENCH_REPO/out"
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
  ) 9>"$BENCH_REPO/out/bench-nullhandler.lock" || return 1
  echo "$dir/modules/benchnull.so"
}

bench_have_sealedcookie() {
  "$SRV_PHP_BIN" -n -d "extension=$bench_extension" -r 'exit(extension_loaded("sealedcookie") ? 0 : 1);' 2>/dev/null
}

# bench_key_php KEY FILE: a PHP file returning the raw key bytes (opcache keeps it).
bench_key_php() {
  (umask 077 && "$SRV_PHP_BIN" -n -r 'echo "<?php return ", var_export(base64_decode(strtr($argv[1], "-_", "+/")), true), ";\n";' "$1" >"$2")
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
    echo "session.gc_probability=0"
    echo "session.use_strict_mode=0"
  } | srv_write_ini "$file" "$SRV_DIR/php_errors.log"
}
