#!/usr/bin/env bash
# Run by scripts/test-deb.sh inside its clean Debian root, from a copy of
# scripts/deb/ and scripts/lib/: serves DOCROOT through nginx and the installed
# package's php-fpm until the file DIR/stop appears.
#   bash serve.sh VERSION DOCROOT DIR
# php-fpmVERSION runs as the package installed it: Debian's php.ini and conf.d
# (where phpenmod linked the module), Debian's php-fpm.conf and www pool (as
# www-data, on the unix socket /run/php/phpVERSION-fpm.sock). nginx runs its
# workers as www-data (the socket's owner) and listens on a free port of
# 127.0.0.1. scripts/lib/servers.sh starts both and stops them by PID when this
# script ends, however it ends.
# Appends to DIR/serving, as each server is up: "php-fpm SOCKET", then
# "nginx PORT LOGDIR" (LOGDIR: nginx's logs and php-fpm's output, kept).
# Progress and errors go to stderr; exits 1 when a server does not start, 0 once
# DIR/stop appeared (waits for it up to 15 minutes).
set -uo pipefail
version=$1 docroot=$2 dir=$3
SRV_PHP_BIN=/usr/bin/php$version
SRV_FPM_BIN=/usr/sbin/php-fpm$version
SRV_NGINX_USER=www-data
SRV_KEEP=1 # the caller reads the logs; the root goes away after
# shellcheck source=../lib/servers.sh
source "$(dirname "$0")/../lib/servers.sh"
srv_init deb

# php-fpm: no php.ini of ours, Debian's configuration.
socket=/run/php/php$version-fpm.sock
mkdir -p /run/php # systemd makes it on an installed machine (RuntimeDirectory)
srv_start_fpm "" "/etc/php/$version/fpm/php-fpm.conf" "$SRV_DIR/php-fpm.out"
fpm_pid=$SRV_PID
fpm_settled() { ! kill -0 "$fpm_pid" 2>/dev/null || [ -S "$socket" ]; }
if ! srv_wait 10 "php-fpm$version's socket $socket" fpm_settled || ! kill -0 "$fpm_pid" 2>/dev/null; then
  srv_die "php-fpm$version did not start; $SRV_DIR/php-fpm.out: $(tail -n 5 "$SRV_DIR/php-fpm.out")"
fi
echo "php-fpm $socket" >>"$dir/serving"

port=$(srv_free_ports 1) || srv_die "no free port"
{
  srv_nginx_head "$SRV_DIR" "$SRV_DIR/nginx-access.log"
  # Relative includes would be looked up next to this configuration: name Debian's.
  cat <<EOF
  server {
    listen 127.0.0.1:$port;
    root $docroot;
    index index.php;
    location ~ \.php\$ {
      include /etc/nginx/fastcgi.conf;
      fastcgi_pass unix:$socket;
    }
  }
}
EOF
} >"$SRV_DIR/nginx.conf"
srv_start_nginx "$SRV_DIR" "$port" || srv_die "nginx did not start"
echo "nginx $port $SRV_DIR" >>"$dir/serving"

srv_wait 900 "$dir/stop" test -e "$dir/stop" || exit 1
