#!/usr/bin/env bash
# Several threads serving sessions at once: a threaded apache (mpm_event by
# default, SC_ZTS_MPM=worker for mpm_worker; one child, 16 threads) with the
# ZTS mod_php (libphp.so) and sealedcookie, on 127.0.0.1 only. Runs where the
# ZTS PHP is first in PATH and apache2 is installed (a root from root.sh, or
# a matrix row); test-threads.sh makes such a root and runs this in it.
#
# Clients (separate processes, all at once, bounded loops):
#   SC_ZTS_CLIENTS (24) normal clients: each grows its own session by one
#     item per request for SC_ZTS_REQUESTS (60) requests (into two data
#     cookies), with a new id every 10 requests, and checks on every request
#     that the server saw exactly its own items, count and id;
#   SC_ZTS_BAD_CLIENTS (8) clients that mix tampered, truncated, garbage and
#     moved (other session's id) data cookies with valid requests: the bad ones
#     must open as empty sessions, the good ones must keep their data.
# Also: statics.sh finds no writable static outside the module globals
# (SC_ZTS_LIST_STATICS=1 prints every writable symbol it looked at).
# Then over all clients: no session id or sealed value reached two clients,
# requests ran on >= SC_ZTS_MIN_THREADS (4) distinct threads (gettid from
# /proc/thread-self), several at the same moment, and apache logged no crash.
#
# SC_ZTS_MUTANT=shared-globals builds a scratch copy in which SCG() is one
# process-wide struct instead of per-thread module globals;
# SC_ZTS_MUTANT=shared-request-state one in which only the state read from the
# request's data cookie is: the test must fail with either.
# Ends with exactly one line "zts-threads: N passed, M failed".
# shellcheck disable=SC2016 # the single-quoted php -r code has PHP's $ in it
set -uo pipefail
# shellcheck source=in-root.sh
source "$(dirname "$0")/in-root.sh"
zts_label zts-threads
cd "$(dirname "$0")/../.." || zts_fail "no tree at $(dirname "$0")/../.."
tree=$PWD
zts_check_php
libphp=$SC_APACHE_PHP_MODULE
modules=/usr/lib/apache2/modules
mpm=${SC_ZTS_MPM:-event}
[ -f "$libphp" ] || zts_fail "no mod_php at $libphp"
{ [ -x /usr/sbin/apache2 ] && [ -f "$modules/mod_mpm_$mpm.so" ]; } || zts_fail "apache2 with mpm_$mpm is not installed"

work=$(mktemp -d /tmp/sczts-threads.XXXXXX)
apache_pid=
cleanup() {
  if [ -n "$apache_pid" ]; then
    kill "$apache_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$apache_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$apache_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The extension: the tree's, or the mutant's from a scratch copy.
if [ -n "${SC_ZTS_MUTANT:-}" ]; then
  src=$work/mutant
  mkdir -p "$src"
  tar -C "$tree" --exclude=./out --exclude=./.git -cf - . | tar -C "$src" -xf -
  echo 'zend_sealedcookie_globals sc_mutant_shared_globals;' >>"$src/src/php/sealedcookie.cpp"
  case "$SC_ZTS_MUTANT" in
    shared-globals)
      # SCG() is one struct for the whole process: every thread reads and
      # writes the same per-request state (and INI values).
      sed -i 's|^#define SCG(v) ZEND_MODULE_GLOBALS_ACCESSOR(sealedcookie, v)|extern zend_sealedcookie_globals sc_mutant_shared_globals;\n#define SCG(v) (sc_mutant_shared_globals.v)|' \
        "$src/src/php/php_sealedcookie.h" ;;
    shared-request-state)
      # Only what reading the request's data cookie found (incoming_*, status,
      # created/last-write times) is one process-wide copy, as a plain static
      # would be; the INI values stay per thread.
      sed -i 's|^#define SCG(v) ZEND_MODULE_GLOBALS_ACCESSOR(sealedcookie, v)|extern zend_sealedcookie_globals sc_mutant_shared_globals;\n&|' \
        "$src/src/php/php_sealedcookie.h"
      sed -i -E 's/SCG\((incoming_[a-z_]+|status|created_at_seconds|last_write_at_seconds|opened_with_secondary_key)\)/(sc_mutant_shared_globals.\1)/g' \
        "$src"/src/php/*.cpp ;;
    *) zts_fail "unknown mutant $SC_ZTS_MUTANT (shared-globals, shared-request-state)" ;;
  esac
  grep -q 'extern zend_sealedcookie_globals sc_mutant_shared_globals' "$src/src/php/php_sealedcookie.h" ||
    zts_fail "the mutant did not apply"
  echo "zts-threads: MUTANT $SC_ZTS_MUTANT"
else
  src=$tree
fi
(cd "$src" && bash scripts/build-ext.sh) || zts_fail "the extension did not build"
ext=$src/out/ext/modules/sealedcookie.so
# The static audit (statics.sh): writable statics outside the module globals.
bash "$tree/scripts/zts/statics.sh" ${SC_ZTS_LIST_STATICS:+--list} "$ext" >"$work/statics.txt" 2>&1
[ -n "${SC_ZTS_LIST_STATICS:-}" ] && cat "$work/statics.txt"

chmod 755 "$work"
mkdir -p "$work/www" "$work/run"
cp "$tree/scripts/zts/threads/app.php" "$work/www/app.php"
chmod -R a+rX "$work/www"
# A throwaway key, written to php.ini only (never printed).
key=$(php -n -d extension="$ext" -r 'echo sealedcookie_generate_key("zts");') || zts_fail "no key"
cat >"$work/php.ini" <<EOF
extension=$ext
session.save_handler=sealedcookie
session.name=SCZTS
session.use_strict_mode=1
session.serialize_handler=php_serialize
sealedcookie.keys="$key"
sealedcookie.cookie_name=SCZTSDATA
sealedcookie.max_size=7800
; apache2handler has no header buffer to overflow; sessions here grow to two cookies
sealedcookie.response_header_budget=0
display_errors=0
log_errors=1
error_reporting=E_ALL
EOF
unset key
chmod 600 "$work/php.ini"
port=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);')
threads=16
cat >"$work/httpd.conf" <<EOF
ServerRoot $work
ServerName 127.0.0.1
Listen 127.0.0.1:$port
LoadModule mpm_${mpm}_module $modules/mod_mpm_$mpm.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule php_module $libphp
DefaultRuntimeDir $work/run
PidFile $work/run/httpd.pid
ErrorLog $work/error.log
LogLevel warn
User nobody
Group nogroup
# One child with $threads threads, so every request is served by one of them.
StartServers 1
ServerLimit 1
ThreadLimit $threads
ThreadsPerChild $threads
MaxRequestWorkers $threads
MinSpareThreads 1
MaxSpareThreads $threads
MaxConnectionsPerChild 0
ListenBacklog 511
KeepAlive Off
PHPIniDir $work
DocumentRoot $work/www
<Directory />
  Require all granted
</Directory>
<FilesMatch "\.php\$">
  SetHandler application/x-httpd-php
</FilesMatch>
EOF

/usr/sbin/apache2 -f "$work/httpd.conf" -DFOREGROUND >"$work/apache.out" 2>&1 &
apache_pid=$!
listening() { php -r 'exit(@fsockopen("127.0.0.1", (int) $argv[1]) ? 0 : 1);' "$port"; }
# Bounded wait for the listener; not an assertion.
for _ in $(seq 1 300); do
  listening && break
  kill -0 "$apache_pid" 2>/dev/null || break
  sleep 0.1
done
listening ||
  zts_fail "apache did not start: $(cat "$work/apache.out" "$work/error.log" 2>/dev/null | tail -n 5)"

clients=${SC_ZTS_CLIENTS:-24}
bad=${SC_ZTS_BAD_CLIENTS:-8}
requests=${SC_ZTS_REQUESTS:-60}
echo "zts-threads: apache mpm_$mpm, $threads threads, PHP $(php -r 'echo PHP_VERSION;') ZTS; $clients clients + $bad bad-cookie clients, $requests requests each"
echo $((clients + bad)) >"$work/clients"
pids=()
for i in $(seq 1 "$clients"); do
  php "$tree/scripts/zts/threads/client.php" normal "c$i" "$requests" "$port" "$work/client-c$i.json" &
  pids+=($!)
done
for i in $(seq 1 "$bad"); do
  php "$tree/scripts/zts/threads/client.php" bad "b$i" "$requests" "$port" "$work/client-b$i.json" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

# Stop apache (graceful stop ends the child) before reading its log.
kill -TERM "$apache_pid" 2>/dev/null
for _ in $(seq 1 300); do kill -0 "$apache_pid" 2>/dev/null || break; sleep 0.1; done
apache_pid=
php "$tree/scripts/zts/threads/check.php" "$work" "${SC_ZTS_MIN_THREADS:-4}"
