# shellcheck shell=bash
# Functions for scripts/test-apps.sh: real PHP applications (phpMyAdmin, a Symfony
# HttpFoundation app) on three php-fpm servers behind an nginx round-robin balancer,
# with a MariaDB of their own, all on 127.0.0.1 in a temp dir.
#
# Source scripts/pool/lib.sh first: this file reuses its process bookkeeping
# (pool_init, pool_track, pool_stop_pid, pool_wait, pool_free_ports, pool_start_fpm,
# pool_down, keys). It writes its own php.ini, php-fpm and nginx configurations, since
# the pool's serve one fixed demo script.

APPS_PMA_SRC="${APPS_PMA_SRC:-/usr/share/phpmyadmin}"
APPS_MODS_DIR="${APPS_MODS_DIR:-/etc/php/$POOL_PHP_VERSION/mods-available}"

apps_log() { printf '[apps %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---- packages -------------------------------------------------------------------------
# apps_deps: install the Debian packages the apps need, only those missing
# (scripts/deps.sh apps, for the PHP version the pool runs).
apps_deps() {
  SC_PHP_VERSION=${SC_PHP_VERSION:-$POOL_PHP_VERSION} bash "$POOL_LIB_DIR/../deps.sh" apps
}

# apps_extension_lines MODULE...: "extension = X" lines for php -n, in the load order
# Debian uses (the priority in mods-available), skipping modules built into PHP.
apps_extension_lines() {
  local m prio builtin
  builtin=" $("$POOL_PHP_BIN" -n -m | tr '[:upper:]' '[:lower:]' | tr '\n' ' ') "
  for m in "$@"; do
    case $builtin in *" $m "*) continue ;; esac
    prio=$(sed -n 's/^; *priority *= *\([0-9]*\).*/\1/p' "$APPS_MODS_DIR/$m.ini" 2>/dev/null | head -n 1)
    echo "${prio:-20} $m"
  done | sort -n -s -k1,1 | while read -r _ m; do echo "extension = $m"; done
}

# ---- MariaDB --------------------------------------------------------------------------
# apps_mariadb_up: a fresh MariaDB on a free port of 127.0.0.1, data in $POOL_DIR/mariadb.
# Sets DB_PORT DB_SOCK DB_PID DB_USER DB_PASS and creates database `demo` with a table.
apps_mariadb_up() {
  local dir="$POOL_DIR/mariadb" user=()
  DB_SOCK="$dir/sock"
  DB_USER=pma_demo
  DB_PASS="$("$POOL_PHP_BIN" -n -r 'echo bin2hex(random_bytes(12));')"
  mkdir -p "$dir/data" "$dir/tmp"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R mysql:mysql "$dir"
    user=(--user=mysql)
  fi
  # --skip-name-resolve --force: grants by IP (the server runs with
  # --skip-name-resolve too), so no host name lookup; a fresh debootstrap root has
  # no /etc/hosts, and mariadb-install-db refuses to run when it cannot resolve one.
  if ! timeout 300 mariadb-install-db --no-defaults --datadir="$dir/data" "${user[@]}" \
    --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve --force \
    >"$dir/install.log" 2>&1; then
    apps_log "mariadb-install-db failed; end of $dir/install.log:"
    tail -n 20 "$dir/install.log" >&2
    return 1
  fi
  DB_PORT=$(pool_free_ports 1)
  mariadbd --no-defaults --datadir="$dir/data" "${user[@]}" --bind-address=127.0.0.1 \
    --port="$DB_PORT" --socket="$DB_SOCK" --skip-name-resolve --tmpdir="$dir/tmp" \
    --pid-file="$dir/mariadb.pid" --log-error="$dir/error.log" \
    --innodb-buffer-pool-size=16M --skip-log-bin --max-connections=60 >"$dir/out.log" 2>&1 &
  DB_PID=$!
  pool_track "$DB_PID"
  pool_wait 60 "MariaDB on port $DB_PORT" apps_sql "SELECT 1" || {
    apps_log "MariaDB did not start; end of $dir/error.log:"
    tail -n 20 "$dir/error.log" >&2
    return 1
  }
  apps_sql "CREATE DATABASE demo;
    CREATE TABLE demo.items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL,
      qty INT NOT NULL) ENGINE=InnoDB;
    INSERT INTO demo.items (name, qty) VALUES ('apple', 3), ('pear', 5), ('plum', 8);
    CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
    GRANT ALL PRIVILEGES ON demo.* TO '$DB_USER'@'127.0.0.1';
    FLUSH PRIVILEGES;"
}

# apps_sql SQL: run SQL as root over the socket (root has no password on a fresh datadir).
apps_sql() {
  mariadb --no-defaults --protocol=socket --socket="$DB_SOCK" -uroot --batch --skip-column-names \
    -e "$1"
}

# ---- a pool serving an application ----------------------------------------------------
# apps_pool_up NAME DOCROOT HANDLER EXTRA_INI NGINX_EXTRA: three php-fpm servers and
# nginx (round robin) serving the PHP files under DOCROOT. HANDLER: sealedcookie | files.
# EXTRA_INI: more php.ini lines for every server; NGINX_EXTRA: more lines for the
# nginx http block (e.g. large_client_header_buffers). Uses the pool's globals
# (P_DIR P_FPM_PORTS P_FPM_PIDS P_NGINX_PORT P_NGINX_PID ...) so pool_down stops it.
apps_pool_up() {
  local name=$1 docroot=$2 handler=$3 extra_ini=$4 nginx_extra=$5 i ports key
  P_HANDLER=$handler
  P_DIR="$POOL_DIR/$name"
  P_DOCROOT=$docroot
  # shellcheck disable=SC2034 # read by pool_start_fpm and pool_down (scripts/pool/lib.sh)
  P_MC_PIDS=() P_FPM_PIDS=()
  mkdir -p "$P_DIR/nginx-tmp" "$P_DIR/sessions"
  chmod 755 "$P_DIR"
  : >"$P_DIR/php-errors.log"
  P_AS_ROOT=0
  if [ "$(id -u)" -eq 0 ]; then
    P_AS_ROOT=1
    chown nobody "$P_DIR/nginx-tmp" "$P_DIR/sessions" "$P_DIR/php-errors.log"
  fi
  mapfile -t ports < <(pool_free_ports $((POOL_SERVERS + 1)))
  [ "${#ports[@]}" -eq $((POOL_SERVERS + 1)) ] || { apps_log "could not pick free ports"; return 1; }
  P_NGINX_PORT=${ports[0]}
  P_FPM_PORTS=("${ports[@]:1}")
  key="$(pool_new_key "$name")"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    # APPS_FOREIGN_KEY_SERVER=N (negative control): server N gets a key of its own
    if [ "$((i + 1))" = "${APPS_FOREIGN_KEY_SERVER:-}" ]; then
      pool_write_keys "$P_DIR/keys-$((i + 1))" "$(pool_new_key foreign)"
    elif [ "$handler" = sealedcookie ]; then
      pool_write_keys "$P_DIR/keys-$((i + 1))" "$key"
    fi
    apps_write_ini "$i" "$extra_ini"
    apps_write_fpm_conf "$i"
    pool_start_fpm "$i"
  done
  apps_start_nginx "$nginx_extra" || return 1
  for ((i = 0; i < POOL_SERVERS; i++)); do
    pool_wait 20 "php-fpm $((i + 1)) to accept connections" pool_port_open "${P_FPM_PORTS[$i]}" || {
      apps_log "php-fpm $((i + 1)) did not come up; end of $P_DIR/fpm-$((i + 1)).log:"
      tail -n 20 "$P_DIR/fpm-$((i + 1)).log" "$P_DIR/fpm-$((i + 1)).out" >&2
      return 1
    }
  done
}

apps_write_ini() {
  local i=$1 extra=$2 ini="$P_DIR/php-$(($1 + 1)).ini"
  {
    cat <<EOF
; generated by scripts/apps/lib.sh
display_errors = Off
display_startup_errors = Off
log_errors = On
error_log = "$P_DIR/php-errors.log"
error_reporting = E_ALL
memory_limit = 128M
include_path = ".:/usr/share/php"
EOF
    pool_session_ini "$i"
    printf '%s\n' "$extra"
  } >"$ini"
}

apps_write_fpm_conf() {
  local n=$(($1 + 1)) kv
  {
    cat <<EOF
[global]
pid = $P_DIR/fpm-$n.pid
error_log = $P_DIR/fpm-$n.log
log_level = notice
daemonize = no
process_control_timeout = 5s

[www]
listen = 127.0.0.1:${P_FPM_PORTS[$1]}
pm = static
pm.max_children = 2
catch_workers_output = yes
decorate_workers_output = no
clear_env = yes
env[APPS_SERVER] = fpm$n
EOF
    # more environment for the app: APPS_FPM_ENV="NAME=VALUE ..." (no spaces in values)
    for kv in ${APPS_FPM_ENV:-}; do echo "env[${kv%%=*}] = ${kv#*=}"; done
    [ "$P_AS_ROOT" = 1 ] && printf 'user = nobody\ngroup = nogroup\n'
  } >"$P_DIR/fpm-$n.conf"
}

# nginx in front of the three servers: round robin, no stickiness; every response says
# which server answered (X-Upstream), so the flows can check they crossed servers.
apps_start_nginx() {
  local extra=$1 conf="$P_DIR/nginx.conf" i
  {
    [ "$P_AS_ROOT" = 1 ] && echo "user nobody nogroup;"
    cat <<EOF
worker_processes 1;
pid $P_DIR/nginx.pid;
error_log $P_DIR/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $P_DIR/nginx-access.log;
  client_body_temp_path $P_DIR/nginx-tmp/body;
  fastcgi_temp_path $P_DIR/nginx-tmp/fastcgi;
  proxy_temp_path $P_DIR/nginx-tmp/proxy;
  scgi_temp_path $P_DIR/nginx-tmp/scgi;
  uwsgi_temp_path $P_DIR/nginx-tmp/uwsgi;
$extra
  upstream app_pool {
EOF
    for ((i = 0; i < POOL_SERVERS; i++)); do
      echo "    server 127.0.0.1:${P_FPM_PORTS[$i]};"
    done
    cat <<EOF
  }
  server {
    listen 127.0.0.1:$P_NGINX_PORT;
    server_name localhost;
    root $P_DOCROOT;
    index index.php;
    add_header X-Upstream \$upstream_addr always;

    location ~ [^/]\.php(/|\$) {
      fastcgi_split_path_info ^(.+?\.php)(/.*)\$;
      try_files \$fastcgi_script_name =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_param PATH_INFO \$fastcgi_path_info;
      fastcgi_pass app_pool;
      fastcgi_read_timeout 30s;
    }
  }
}
EOF
  } >"$conf"
  "$POOL_NGINX_BIN" -c "$conf" -g 'daemon off;' >"$P_DIR/nginx.out" 2>&1 &
  P_NGINX_PID=$!
  pool_track "$P_NGINX_PID"
  pool_wait 10 "nginx" pool_port_open "$P_NGINX_PORT" || {
    apps_log "nginx did not start; see $P_DIR/nginx.out:"
    cat "$P_DIR/nginx.out" >&2
    return 1
  }
}

# apps_php_warnings: the PHP warnings, notices and fatal errors the servers logged.
apps_php_warnings() {
  cat "$P_DIR/php-errors.log" "$P_DIR"/fpm-*.log "$P_DIR"/fpm-*.out 2>/dev/null |
    grep -E 'PHP (Warning|Notice|Fatal error|Parse error|Deprecated)' || true
}

# ---- application trees ----------------------------------------------------------------
# apps_pma_tree DIR: a copy of Debian's phpMyAdmin in DIR whose vendor_config.php reads
# the configuration from DIR/config and uses DIR/tmp (never /etc or /var/lib).
# Writes the configuration: cookie auth against our MariaDB.
apps_pma_tree() {
  local dir=$1 secret
  mkdir -p "$dir/config" "$dir/tmp"
  cp -a "$APPS_PMA_SRC" "$dir/www"
  # shellcheck disable=SC2016 # PHP code
  "$POOL_PHP_BIN" -n -r '
    $f = $argv[1]; $s = file_get_contents($f);
    $s = preg_replace("~(.configFile.\s*=>\s*)[^,]+,~", "\\1" . var_export($argv[2], true) . ",", $s, 1, $a);
    $s = preg_replace("~(.tempDir.\s*=>\s*)[^,]+,~", "\\1" . var_export($argv[3], true) . ",", $s, 1, $b);
    if ($a !== 1 || $b !== 1) { fwrite(STDERR, "vendor_config.php: configFile/tempDir not found\n"); exit(1); }
    file_put_contents($f, $s);' \
    "$dir/www/libraries/vendor_config.php" "$dir/config/config.inc.php" "$dir/tmp/" || return 1
  secret="$("$POOL_PHP_BIN" -n -r 'echo bin2hex(random_bytes(16));')"
  cat >"$dir/config/config.inc.php" <<EOF
<?php
// generated by scripts/apps/lib.sh
\$cfg['blowfish_secret'] = hex2bin('$secret');
\$i = 1;
\$cfg['Servers'][\$i]['auth_type'] = 'cookie';
\$cfg['Servers'][\$i]['host'] = '127.0.0.1';
\$cfg['Servers'][\$i]['port'] = '$DB_PORT';
\$cfg['Servers'][\$i]['compress'] = false;
\$cfg['Servers'][\$i]['AllowNoPassword'] = false;
\$cfg['TempDir'] = '$dir/tmp/';
\$cfg['VersionCheck'] = false;
\$cfg['SendErrorReports'] = 'never';
EOF
  chmod -R a+rX "$dir"
  [ "$(id -u)" -eq 0 ] && chown -R nobody "$dir/tmp"
  return 0
}
