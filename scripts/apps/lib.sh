# shellcheck shell=bash
# Functions for scripts/test-apps.sh: real PHP applications (phpMyAdmin, a Symfony
# HttpFoundation app) on three php-fpm servers behind an nginx round-robin balancer,
# with a MariaDB of their own, all on 127.0.0.1 in a temp dir.
#
# Source scripts/pool/lib.sh first (it sources scripts/lib/servers.sh): an application
# pool is the pool's (pool_prepare, pool_start_server, pool_down) with its own php.ini
# lines and nginx configuration, since the pool's serves one fixed demo script.

APPS_PMA_SRC="${APPS_PMA_SRC:-/usr/share/phpmyadmin}"
APPS_MODS_DIR="${APPS_MODS_DIR:-/etc/php/$SRV_PHP_VERSION/mods-available}"


# ---- packages -------------------------------------------------------------------------
# apps_deps: install the Debian packages the apps need, only those missing
# (scripts/deps.sh apps, for the PHP version the pool runs).
apps_deps() {
  SC_PHP_VERSION=${SC_PHP_VERSION:-$SRV_PHP_VERSION} bash "$POOL_LIB_DIR/../deps.sh" apps
}

# apps_extension_lines MODULE...: "extension = X" lines for php -n, in the load order
# Debian uses (the priority in mods-available), skipping modules built into PHP.
apps_extension_lines() {
  local m prio builtin
  builtin=" $("$SRV_PHP_BIN" -n -m | tr '[:upper:]' '[:lower:]' | tr '\n' ' ') "
  for m in "$@"; do
    case $builtin in *" $m "*) continue ;; esac
    prio=$(sed -n 's/^; *priority *= *\([0-9]*\).*/\1/p' "$APPS_MODS_DIR/$m.ini" 2>/dev/null | head -n 1)
    echo "${prio:-20} $m"
  done | sort -n -s -k1,1 | while read -r _ m; do echo "extension = $m"; done
}

# ---- MariaDB --------------------------------------------------------------------------
# apps_mariadb_up: a fresh MariaDB on a free port of 127.0.0.1, data in $SRV_DIR/mariadb.
# Sets DB_PORT DB_SOCK DB_PID DB_USER DB_PASS and creates database `demo` with a table.
apps_mariadb_up() {
  local dir="$SRV_DIR/mariadb" user=()
  DB_SOCK="$dir/sock"
  DB_USER=pma_demo
  DB_PASS="$("$SRV_PHP_BIN" -n -r 'echo bin2hex(random_bytes(12));')"
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
    srv_log "mariadb-install-db failed; end of $dir/install.log:"
    tail -n 20 "$dir/install.log" >&2
    return 1
  fi
  DB_PORT=$(srv_free_ports 1)
  mariadbd --no-defaults --datadir="$dir/data" "${user[@]}" --bind-address=127.0.0.1 \
    --port="$DB_PORT" --socket="$DB_SOCK" --skip-name-resolve --tmpdir="$dir/tmp" \
    --pid-file="$dir/mariadb.pid" --log-error="$dir/error.log" \
    --innodb-buffer-pool-size=16M --skip-log-bin --max-connections=60 >"$dir/out.log" 2>&1 &
  DB_PID=$!
  srv_track "$DB_PID"
  srv_wait 60 "MariaDB on port $DB_PORT" apps_sql "SELECT 1" || {
    srv_log "MariaDB did not start; end of $dir/error.log:"
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
# nginx http block (e.g. large_client_header_buffers). The pool's own functions
# (scripts/pool/lib.sh) pick the ports and start the servers, so pool_down stops it.
apps_pool_up() {
  local name=$1 docroot=$2 handler=$3 extra_ini=$4 nginx_extra=$5 i key kv env
  pool_prepare "$name" "$handler" 0 || return 1
  P_DOCROOT=$docroot
  : >"$P_DIR/php-errors.log"
  [ "$SRV_AS_ROOT" = 0 ] || chown nobody "$P_DIR/php-errors.log"
  key="$name:$(srv_new_key)"
  for ((i = 0; i < POOL_SERVERS; i++)); do
    # APPS_FOREIGN_KEY_SERVER=N (negative control): server N gets a key of its own
    if [ "$((i + 1))" = "${APPS_FOREIGN_KEY_SERVER:-}" ]; then
      srv_write_keys "$P_DIR/keys-$((i + 1))" "foreign:$(srv_new_key)"
    elif [ "$handler" = sealedcookie ]; then
      srv_write_keys "$P_DIR/keys-$((i + 1))" "$key"
    fi
    {
      echo "memory_limit = 128M"
      echo 'include_path = ".:/usr/share/php"'
      pool_session_ini "$i"
      printf '%s\n' "$extra_ini"
    } | srv_write_ini "$P_DIR/php-$((i + 1)).ini" "$P_DIR/php-errors.log"
    # more environment for the app: APPS_FPM_ENV="NAME=VALUE ..." (no spaces in values)
    env=("APPS_SERVER=fpm$((i + 1))")
    for kv in ${APPS_FPM_ENV:-}; do env+=("$kv"); done
    pool_start_server "$i" 2 "${env[@]}"
  done
  apps_write_nginx_conf "$nginx_extra"
  srv_start_nginx "$P_DIR" "$P_NGINX_PORT" || return 1
  # shellcheck disable=SC2034 # read by pool_down (scripts/pool/lib.sh)
  P_NGINX_PID=$SRV_PID
  for ((i = 0; i < POOL_SERVERS; i++)); do
    srv_wait_port 20 "php-fpm $((i + 1))" "${P_FPM_PORTS[$i]}" "${P_FPM_PIDS[$i]}" || {
      srv_log "php-fpm $((i + 1)) did not come up; end of $P_DIR/fpm-$((i + 1)).log:"
      tail -n 20 "$P_DIR/fpm-$((i + 1)).log" "$P_DIR/fpm-$((i + 1)).out" >&2
      return 1
    }
  done
}

# nginx in front of the three servers: round robin, no stickiness; every response says
# which server answered (X-Upstream), so the flows can check they crossed servers.
apps_write_nginx_conf() {
  local i
  {
    srv_nginx_head "$P_DIR" "$P_DIR/nginx-access.log"
    printf '%s\n' "$1"
    echo "  upstream app_pool {"
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
  } >"$P_DIR/nginx.conf"
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
  "$SRV_PHP_BIN" -n -r '
    $f = $argv[1]; $s = file_get_contents($f);
    $s = preg_replace("~(.configFile.\s*=>\s*)[^,]+,~", "\\1" . var_export($argv[2], true) . ",", $s, 1, $a);
    $s = preg_replace("~(.tempDir.\s*=>\s*)[^,]+,~", "\\1" . var_export($argv[3], true) . ",", $s, 1, $b);
    if ($a !== 1 || $b !== 1) { fwrite(STDERR, "vendor_config.php: configFile/tempDir not found\n"); exit(1); }
    file_put_contents($f, $s);' \
    "$dir/www/libraries/vendor_config.php" "$dir/config/config.inc.php" "$dir/tmp/" || return 1
  secret="$("$SRV_PHP_BIN" -n -r 'echo bin2hex(random_bytes(16));')"
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
  [ "$SRV_AS_ROOT" = 0 ] || chown -R nobody "$dir/tmp"
  return 0
}
