#!/usr/bin/env bash
# Real applications on the three-server pool (php-fpm x3 behind nginx round robin, no
# sticky sessions), installed from Debian's packages and driven like a browser (cookie
# jar, CSRF tokens carried from page to page):
#   phpMyAdmin 5.2, cookie auth against a MariaDB this script starts: log in, SQL queries
#     through the import route (results checked), a query with a forged token, log out,
#     login form again. With sealedcookie twice: compress=1 at the default max_size
#     (4096), and compress=0 with max_size=16384.
#   a Symfony HttpFoundation 5.4 app (NativeSessionStorage over the native save handler):
#     login with migrate(true), flash messages shown once, a CSRF-protected form (refused
#     without or with a wrong token), logout with invalidate(). Default settings.
# Each app runs first with PHP's files handler (a shared directory) as the reference:
# at every step the sealedcookie servers must read back a session of the same size.
# nginx gets the settings users need: fastcgi_buffer_size 8k for one 4 KB data cookie
# (phpMyAdmin's own response headers are ~1.8 KB); for max_size 16384 also
# large_client_header_buffers 4 32k (Cookie header) and fastcgi_buffer_size 32k with
# fastcgi_buffers 8 16k (Set-Cookie lines), and sealedcookie.header_budget 32768.
# Prints the session size at every step (raw, raw deflate level 6, sealed = data cookies
# as stored by the browser, whole Cookie header) and ends with
# `apps: N passed, M failed` (every check counted); exit 1 on any failure.
#
# Installs missing Debian packages, builds and installs the extension
# (scripts/build-ext.sh --install, idempotent). Starts MariaDB, php-fpm and nginx on
# free ports of 127.0.0.1 in a temp dir and stops them by PID on exit. About 10 s.
# Environment: HANDLER=files runs only the files-handler runs; APPS=pma,symfony picks the
# apps; APPS_NGINX_4K / APPS_NGINX_16K replace the nginx lines of the two phpMyAdmin
# configurations (empty: nginx's defaults, to see what breaks); APPS_PMA_EXTRA_QUERIES=N
# runs N more queries in the phpMyAdmin flow; POOL_KEEP=1 keeps the temp dir with all logs.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

handler=${HANDLER:-sealedcookie}
apps=",${APPS:-pma,symfony},"
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then
    passed=$((passed + 1)); echo "ok   - $what"
  else
    failed=$((failed + 1)); echo "FAIL - $what"
  fi
}
finish() {
  trap - EXIT
  srv_stop_tracked
  if [ -n "${POOL_KEEP:-}" ]; then echo "logs kept in $SRV_DIR"; else rm -rf "$SRV_DIR"; fi
  echo "apps: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0 || exit 1
}

# shellcheck source=scripts/pool/lib.sh
. scripts/pool/lib.sh
# shellcheck source=scripts/apps/lib.sh
. scripts/apps/lib.sh

check "Debian packages present (mariadb-server, phpmyadmin, php$SRV_PHP_VERSION-*, symfony http-foundation)" apps_deps
if [ "$handler" = sealedcookie ]; then
  # bounded: build-ext.sh waits for its lock while another suite uses out/ext
  check "scripts/build-ext.sh --install" timeout 900 scripts/build-ext.sh --install
  check "extension loads (php -n -d extension=sealedcookie)" \
    "$SRV_PHP_BIN" -n -d extension=sealedcookie -r 'exit(function_exists("sealedcookie_status") ? 0 : 1);'
fi

pool_init apps
trap 'rc=$?; failed=$((failed + (rc != 0))); finish' EXIT
results=()

# run_flow NAME SCRIPT ARGS...: run a flow, count its checks, keep its result file.
run_flow() {
  local name=$1 script=$2 out; shift 2
  out="$SRV_DIR/$name.flow"
  timeout 300 "$SRV_PHP_BIN" -n "scripts/apps/$script" --port "$P_NGINX_PORT" \
    --result "$SRV_DIR/$name.json" "$@" >"$out" 2>&1
  cat "$out"
  passed=$((passed + $(grep -c '^ok ' "$out")))
  failed=$((failed + $(grep -c '^FAIL ' "$out")))
  if [ -s "$SRV_DIR/$name.json" ]; then
    results+=("$SRV_DIR/$name.json")
  else
    failed=$((failed + 1)); echo "FAIL - $name: flow produced no result (see above)"
  fi
}

# after_flow LABEL: the servers logged no PHP warning, notice or error (an oversize
# sealed session is such a warning) and nginx no upstream error (a response header
# block larger than fastcgi_buffer_size, a Cookie header larger than
# large_client_header_buffers); then stop the pool.
after_flow() {
  local warnings errors
  warnings="$(apps_php_warnings)"
  if [ -z "$warnings" ]; then
    passed=$((passed + 1)); echo "ok   - $1: no PHP warnings, notices or errors in the server logs"
  else
    failed=$((failed + 1)); echo "FAIL - $1: PHP logged:"
    printf '%s\n' "$warnings" | sed 's/^\[[^]]*\] //' | sort | uniq -c | sort -rn | head -n 8 | sed 's/^/    /'
  fi
  errors="$(grep -E '\[(error|crit|alert|emerg)\]' "$P_DIR/nginx-error.log" 2>/dev/null || true)"
  if [ -z "$errors" ]; then
    passed=$((passed + 1)); echo "ok   - $1: no errors in nginx's log"
  else
    failed=$((failed + 1)); echo "FAIL - $1: nginx logged:"
    printf '%s\n' "$errors" | sed -E 's/^[0-9\/]+ [0-9:]+ \[error\] [0-9#]+: \*[0-9]+ //; s/, client: .*request: / /; s/, upstream: .*//' |
      sort | uniq -c | sort -rn | head -n 8 | sed 's/^/    /'
  fi
  pool_down
}

php_exts_pma="$(apps_extension_lines opcache mysqlnd mysqli mbstring ctype iconv xml dom simplexml xmlreader xmlwriter zip)"
php_exts_pma="${php_exts_pma/extension = opcache/zend_extension = opcache}"
opcache_line="zend_extension = opcache"
opcache=$'opcache.enable = 1\nopcache.validate_timestamps = 0'
# nginx settings, as the README tells users. Requests: the Cookie header must fit one of
# large_client_header_buffers (default 4 8k). Responses: php-fpm's whole header block
# (phpMyAdmin's own headers are ~1.8 KB, plus the data cookies) must fit
# fastcgi_buffer_size (default 4k, one memory page): "upstream sent too big header" and
# a 502 otherwise. One 4 KB data cookie needs 8k, four of them 32k.
# APPS_NGINX_4K / APPS_NGINX_16K replace them (e.g. empty: nginx's defaults).
nginx_4k=${APPS_NGINX_4K-"  fastcgi_buffer_size 8k;"}
nginx_16k=${APPS_NGINX_16K-$'  large_client_header_buffers 4 32k;\n  fastcgi_buffer_size 32k;\n  fastcgi_buffers 8 16k;'}

# app_run NAME REFERENCE LABEL HANDLER DOCROOT EXTRA_INI NGINX_EXTRA MAX_SIZE FLOW ARGS...:
# one configuration: a pool serving DOCROOT, the flow through it, the log checks; then,
# when REFERENCE (the name of an earlier files-handler run, or -) has a result, the
# session sizes compared with it.
app_run() {
  local name=$1 ref=$2 label=$3 h=$4 docroot=$5 ini=$6 ngx=$7 max=$8 flow=$9
  shift 9
  if apps_pool_up "$name" "$docroot" "$h" "$ini" "$ngx"; then
    if [ "$h" = sealedcookie ]; then
      set -- --compress "$(sed -n 's/^sealedcookie.compress *= *\([01]\).*/\1/p' <<<"$ini" | tail -n 1)" "$@"
      [ "$2" = 1 ] || set -- --compress 0 "${@:3}"
    fi
    run_flow "$name" "$flow" --label "$label" --max-size "$max" "$@"
    after_flow "$label"
  else
    failed=$((failed + 1)); echo "FAIL - $label: pool did not start"
    pool_down
    return
  fi
  if [ "$ref" != - ] && [ -s "$SRV_DIR/$ref.json" ] && [ -s "$SRV_DIR/$name.json" ]; then
    compare "$SRV_DIR/$ref.json" "$SRV_DIR/$name.json"
  fi
}

# compare REFERENCE RUN: the session the servers read back has, at every step, the size
# it has with the files handler (phpMyAdmin's own error handler hides PHP warnings, so
# a session that silently failed to save shows up here).
compare() {
  local out
  out="$("$SRV_PHP_BIN" -n scripts/apps/report.php compare "$1" "$2" 2>&1)"
  printf '%s\n' "$out"
  passed=$((passed + $(grep -c '^ok ' <<<"$out")))
  failed=$((failed + $(grep -c '^FAIL ' <<<"$out")))
}

# stock_run NAME LABEL INI EXPECT: phpMyAdmin and a small app's user on a pool behind
# nginx with its stock buffers (scripts/apps/pma-stock-flow.php). EXPECT fit: no 5xx, no
# nginx error, and the refused write logged with the setting it names; 502: the control.
stock_run() {
  local name=$1 label=$2 ini=$3 expect=$4 out
  if ! apps_pool_up "$name" "$SRV_DIR/pma/www" sealedcookie "$ini" ""; then
    failed=$((failed + 1)); echo "FAIL - $label: pool did not start"
    pool_down
    return
  fi
  echo "# $label"
  out="$SRV_DIR/$name.flow"
  timeout 300 "$SRV_PHP_BIN" -n scripts/apps/pma-stock-flow.php --port "$P_NGINX_PORT" \
    --user "$DB_USER" --password-file "$SRV_DIR/db-password" --expect "$expect" --rounds 3 >"$out" 2>&1
  cat "$out"
  passed=$((passed + $(grep -c '^ok ' "$out")))
  failed=$((failed + $(grep -c '^FAIL ' "$out")))
  if [ "$expect" = fit ]; then
    check "$label: nginx logged no error (no 'upstream sent too big header')" \
      bash -c "! grep -qE '\[(error|crit|alert|emerg)\]' '$P_DIR/nginx-error.log'"
    check "$label: the refused write was logged, naming sealedcookie.response_header_budget" \
      bash -c "grep -q 'sealedcookie.response_header_budget' '$P_DIR/php-errors.log' $P_DIR/fpm-*.log $P_DIR/fpm-*.out"
  else
    check "$label: nginx logged 'upstream sent too big header'" \
      grep -q 'upstream sent too big header' "$P_DIR/nginx-error.log"
  fi
  pool_down
}

# HANDLER=files: only the files runs. Otherwise the files run first, as the reference
# for the sizes, then the sealedcookie configurations.
if [ "$handler" = files ]; then sealed_runs=0; else sealed_runs=1; fi

if [[ $apps == *,pma,* ]]; then
  echo "# phpMyAdmin: MariaDB on 127.0.0.1, phpMyAdmin copied from $APPS_PMA_SRC"
  if check "MariaDB started, user and demo database created" apps_mariadb_up &&
    check "phpMyAdmin tree copied and configured" apps_pma_tree "$SRV_DIR/pma"; then
    cp scripts/apps/_sc_size.php "$SRV_DIR/pma/www/"
    printf '%s\n' "$DB_PASS" >"$SRV_DIR/db-password"
    pma_ini="$php_exts_pma"$'\n'"$opcache"
    pma_args=(pma-flow.php --user "$DB_USER" --password-file "$SRV_DIR/db-password"
      --extra-queries "${APPS_PMA_EXTRA_QUERIES:-20}")
    # Warm-up, not counted: Twig compiles phpMyAdmin's templates into its TempDir on
    # first use, and on Debian 13 (Twig 3.21) that raises E_USER_DEPRECATED notices,
    # which phpMyAdmin keeps in the session with their backtraces whatever
    # error_reporting says (54 KB at the login page). Every counted run, the
    # reference included, then sees compiled templates, as a server does after its
    # first requests.
    if apps_pool_up pma-warmup "$SRV_DIR/pma/www" files "$pma_ini" "$nginx_4k"; then
      timeout 300 "$SRV_PHP_BIN" -n scripts/apps/pma-flow.php --port "$P_NGINX_PORT" \
        --result "$SRV_DIR/pma-warmup.json" --label "warm-up" --max-size 0 "${pma_args[@]:1}" \
        >"$SRV_DIR/pma-warmup.flow" 2>&1 || true
    fi
    pool_down
    app_run pma-files - "phpMyAdmin files (reference)" files "$SRV_DIR/pma/www" "$pma_ini" "$nginx_4k" 0 \
      "${pma_args[@]}"
    if [ "$sealed_runs" = 1 ]; then
      app_run pma-compress pma-files "phpMyAdmin compress=1 max_size=4096" sealedcookie "$SRV_DIR/pma/www" \
        "$pma_ini"$'\nsealedcookie.compress = 1\nsealedcookie.max_size = 4096\nsealedcookie.response_header_budget = 8000' \
        "$nginx_4k" 4096 "${pma_args[@]}"
      app_run pma-large pma-files "phpMyAdmin compress=0 max_size=16384" sealedcookie "$SRV_DIR/pma/www" \
        "$pma_ini"$'\nsealedcookie.compress = 0\nsealedcookie.max_size = 16384\nsealedcookie.header_budget = 32768\nsealedcookie.response_header_budget = 32768' \
        "$nginx_16k" 16384 "${pma_args[@]}"
      # Every default behind nginx's stock buffers, with a small app's user on the
      # same pool; then the control without the response budget (as before it).
      cp scripts/apps/_sc_counter.php "$SRV_DIR/pma/www/"
      stock_run pma-stock "phpMyAdmin every default, stock nginx" "$pma_ini" fit
      stock_run pma-stock-control "control: phpMyAdmin, stock nginx, response_header_budget = 0" \
        "$pma_ini"$'\nsealedcookie.response_header_budget = 0' 502
    fi
  fi
fi

if [[ $apps == *,symfony,* ]]; then
  echo "# Symfony HttpFoundation app (NativeSessionStorage, native save handler), default settings"
  mkdir -p "$SRV_DIR/symfony"
  cp scripts/apps/symfony/index.php scripts/apps/_sc_size.php "$SRV_DIR/symfony/"
  chmod -R a+rX "$SRV_DIR/symfony"
  sf_ini="$opcache_line"$'\n'"$opcache"
  app_run symfony-files - "Symfony files (reference)" files "$SRV_DIR/symfony" "$sf_ini" "" 0 symfony-flow.php
  if [ "$sealed_runs" = 1 ]; then
    app_run symfony-sealed symfony-files "Symfony sealedcookie defaults" sealedcookie "$SRV_DIR/symfony" \
      "$sf_ini" "" 4096 symfony-flow.php
  fi
  # The app without save() before send(), as plain HttpFoundation code often is: send()
  # ends the FastCGI request and PHP writes the session at shutdown, so sealedcookie
  # seals it when the headers go out.
  export APPS_FPM_ENV="APPS_SAVE_BEFORE_SEND=0"
  app_run symfony-files-late - "Symfony files, no save() before send() (reference)" files "$SRV_DIR/symfony" \
    "$sf_ini" "" 0 symfony-flow.php --table "Symfony, no save() before send()"
  if [ "$sealed_runs" = 1 ]; then
    app_run symfony-sealed-late symfony-files-late "Symfony sealedcookie defaults, no save() before send()" \
      sealedcookie "$SRV_DIR/symfony" "$sf_ini" "" 4096 symfony-flow.php --table "Symfony, no save() before send()"
  fi
  unset APPS_FPM_ENV
  if [ "$sealed_runs" = 1 ]; then
    # Negative control: server 3 seals with another key (a misconfigured server), so
    # sessions it wrote cannot be opened by the others: the flow must notice.
    if APPS_FOREIGN_KEY_SERVER=3 apps_pool_up symfony-control "$SRV_DIR/symfony" sealedcookie "$sf_ini" ""; then
      timeout 300 "$SRV_PHP_BIN" -n scripts/apps/symfony-flow.php --port "$P_NGINX_PORT" --label "control" \
        --result "$SRV_DIR/symfony-control.json" >"$SRV_DIR/symfony-control.flow" 2>&1
      control_failed=$(grep -c '^FAIL ' "$SRV_DIR/symfony-control.flow")
      check "control: with one server on a foreign key the Symfony flow fails ($control_failed checks)" \
        test "$control_failed" -gt 0
    else
      check "control: pool started" false
    fi
    pool_down
  fi
fi

echo
if ((${#results[@]})); then
  "$SRV_PHP_BIN" -n scripts/apps/report.php table "${results[@]}"
fi
finish
