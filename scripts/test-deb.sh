#!/usr/bin/env bash
# The deb suite: the Debian package in a fresh machine. Builds it with
# scripts/build-deb.sh (which keeps an up-to-date .deb), makes a fresh root of
# this machine's Debian release (scripts/roots.sh), and there:
#   apt install ./php<ver>-sealedcookie_*.deb php-fpm nginx curl
#   phpenmod sealedcookie
# then checks the module loads, that `php --ri` shows no key, and a session
# round trip through nginx -> php-fpm on 127.0.0.1 with curl (the counter
# survives, the data cookie is sealed, a tampered one opens as an empty
# session), then purges the package. php-fpm runs Debian's own configuration
# (www pool, unix socket); nginx listens on a free port. Everything started is
# stopped by PID, and the root is removed, however the script ends.
# The apt transcript is kept in out/deb/install.log.
# Ends with exactly one line "deb: N passed, M failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
# shellcheck source=scripts/roots.sh
source scripts/roots.sh

out=$repo/out/deb
transcript=$out/install.log
passed=0
failed=0
ok() { echo "deb: ok   $1"; passed=$((passed + 1)); }
bad() { echo "deb: FAIL $1"; failed=$((failed + 1)); }
# check WHAT CMD...: one check, ok when CMD succeeds.
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
  echo "deb: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0
  exit 1
}

started=$(date +%s)
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ -z "$suite" ]; then
  bad "this machine's Debian release (no VERSION_CODENAME in /etc/os-release)"
  finish
fi

mkdir -p "$out"
if bash scripts/build-deb.sh >"$out/build-deb.out" 2>&1; then
  ok "build-deb.sh built $(basename "$(tail -n 1 "$out/build-deb.out")")"
else
  cat "$out/build-deb.out"
  bad "build-deb.sh"
  finish
fi
mapfile -t debs < <(ls "$out"/*.deb)
# php8.2-sealedcookie_0.1.0-1_amd64.deb -> php8.2-sealedcookie, 8.2
package=$(basename "${debs[0]}" | cut -d_ -f1)
php=${package#php}
php=${php%-sealedcookie}

dir=/var/tmp/sc-deb/test-$$
# stop_pidfile FILE: stops the process FILE names if it runs inside the root.
stop_pidfile() {
  local pid i
  pid=$(cat "$1" 2>/dev/null) || return 0
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$dir" ] || return 0
  kill "$pid" 2>/dev/null
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
}
cleanup() {
  stop_pidfile "$dir/run/sc-nginx.pid"
  stop_pidfile "$dir/run/php/php$php-fpm.pid"
  root_remove "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() {
  local port i
  for i in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$port" | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

in_root() { root_run "$dir" "$@"; }

mkdir -p /var/tmp/sc-deb
if ! root_make "$dir" "$suite" >"$out/root.log" 2>&1; then
  cat "$out/root.log"
  bad "fresh $suite root"
  finish
fi
# A Debian machine also gets its release's security and point updates, and
# the package depends on at least the PHP it was built against, which may
# come from there (root_make points apt at the release alone).
cat >"$dir/etc/apt/sources.list.d/debian-updates.sources" <<EOF
Types: deb
URIs: $SC_MIRROR
Suites: $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
Check-Valid-Until: no

Types: deb
URIs: ${SC_MIRROR%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
Check-Valid-Until: no
EOF
ok "fresh $suite root at $dir"

mkdir -p "$dir/root/debs"
cp "${debs[@]}" "$dir/root/debs/"
install_started=$(date +%s)
if in_root sh -c 'apt-get -q update && cd /root/debs && apt install -y ./*.deb php-fpm nginx curl' \
  >"$transcript" 2>&1; then
  ok "apt install ./$(cd "$dir/root/debs" && echo *.deb) php-fpm nginx curl ($(($(date +%s) - install_started)) s)"
else
  tail -n 30 "$transcript"
  bad "apt install (transcript: $transcript)"
  finish
fi

check "phpenmod sealedcookie" in_root phpenmod sealedcookie
enabled() {
  [ -L "$dir/etc/php/$php/cli/conf.d/30-sealedcookie.ini" ] && [ -L "$dir/etc/php/$php/fpm/conf.d/30-sealedcookie.ini" ]
}
check "enabled for cli and fpm as conf.d/30-sealedcookie.ini" enabled
listed() { in_root php -m | grep -qx sealedcookie; }
check "php -m lists sealedcookie" listed
so=$(in_root php -r 'echo ini_get("extension_dir");')/sealedcookie.so
sodium_dep() { in_root dpkg-query -W -f='${Depends}' "$package" | grep -q libsodium; }
check "$package depends on libsodium" sodium_dep
libraries() { in_root ldd "$so" >"$out/ldd.txt" && ! grep -q 'not found' "$out/ldd.txt"; }
check "ldd $so finds every library" libraries

# The key, made the README's way; root:root 0600, read by php-fpm's master.
in_root sh -c 'umask 077; php -r "echo sealedcookie_generate_key(\"deb\"), \"\n\";" >/etc/php/sealedcookie.keys'
keyfile=$dir/etc/php/sealedcookie.keys
key_file_ok() {
  [ "$(stat -c %a:%U "$keyfile")" = 600:root ] && grep -Eq '^deb:[A-Za-z0-9_-]{43}$' "$keyfile"
}
check "a key file from sealedcookie_generate_key(), root:root 0600" key_file_ok
# no_key FILE...: true when none of the FILEs (all must exist) holds the key.
# The key itself is never printed.
no_key() {
  local key
  key=$(cut -d: -f2 "$keyfile")
  [ ${#key} -eq 43 ] || return 1
  grep -qF -- "$key" "$@"
  [ $? -eq 1 ]
}
ri() {
  in_root php -d sealedcookie.key_file=/etc/php/sealedcookie.keys --ri sealedcookie >"$out/ri.txt" 2>&1 &&
    grep -qx 'Keys => 1' "$out/ri.txt"
}
check "php --ri sealedcookie works and counts the key" ri
check "php --ri sealedcookie shows no key material" no_key "$out/ri.txt"

# php-fpm: Debian's configuration (www pool as www-data, unix socket), with
# the session settings the README gives.
printf '%s\n' 'session.save_handler = sealedcookie' \
  'sealedcookie.key_file = /etc/php/sealedcookie.keys' >"$dir/etc/php/$php/fpm/conf.d/90-sessions.ini"
mkdir -p "$dir/run/php" "$dir/var/www/sc"
cat >"$dir/var/www/sc/index.php" <<'EOF'
<?php
session_start();
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
echo 'n=', $_SESSION['n'], ' status=', sealedcookie_status(), "\n";
EOF
port=$(free_port)
cat >"$dir/etc/nginx/sc-test.conf" <<EOF
user www-data;
worker_processes 1;
pid /run/sc-nginx.pid;
error_log /var/log/nginx/sc-error.log;
events { worker_connections 64; }
http {
  access_log /var/log/nginx/sc-access.log;
  server {
    listen 127.0.0.1:$port;
    root /var/www/sc;
    index index.php;
    location ~ \.php\$ {
      include snippets/fastcgi-php.conf;
      fastcgi_pass unix:/run/php/php$php-fpm.sock;
    }
  }
}
EOF
check "php-fpm$php starts" in_root "php-fpm$php" --daemonize
check "nginx starts on 127.0.0.1:$port" in_root nginx -c /etc/nginx/sc-test.conf
for i in $(seq 50); do
  [ -S "$dir/run/php/php$php-fpm.sock" ] && ss -Htln "sport = :$port" | grep -q . && break
  sleep 0.1
done

# get N: one request with the root's curl and its cookie jar; the headers go
# to /root/hN, the body to /root/bN.
get() {
  in_root curl -sS -o "/root/b$1" -D "/root/h$1" -b /root/jar -c /root/jar \
    "http://127.0.0.1:$port/index.php" >/dev/null 2>>"$out/curl.log"
}
# data_cookie N: the value of the data cookie response N set.
data_cookie() {
  sed -n 's/^[Ss]et-[Cc]ookie: PHPSESSID_SC=\([^;]*\).*/\1/p' "$dir/root/h$1" | tr -d '\r' | tail -n 1
}
: >"$out/curl.log"
get 1
# answered N STATUS BODY: response N has HTTP status STATUS and body BODY.
answered() { head -n 1 "$dir/root/h$1" | grep -q " $2" && grep -qx "$3" "$dir/root/b$1"; }
check "request 1: 200, a new session (n=1 status=none)" answered 1 200 'n=1 status=none'
value=$(data_cookie 1)
# sealed: base64url (nonce, ciphertext, tag), nothing of the session
# ("n|i:1;") readable in it, as sent or base64url-decoded.
sealed() {
  local padded=$1
  while [ $((${#padded} % 4)) -ne 0 ]; do padded+="="; done
  [[ $1 =~ ^[A-Za-z0-9_-]{60,}$ ]] || return 1
  [[ $1 != *'n|i'* && $1 != *'n%7Ci'* ]] || return 1
  ! printf '%s' "$padded" | tr -- '-_' '+/' | base64 -d 2>/dev/null | grep -aqF 'i:1;'
}
check "request 1 sets the data cookie PHPSESSID_SC, sealed (${#value} base64url characters)" sealed "$value"
get 2
check "request 2: the counter survived (n=2 status=valid)" grep -qx 'n=2 status=valid' "$dir/root/b2"
get 3
check "request 3: n=3 status=valid" grep -qx 'n=3 status=valid' "$dir/root/b3"
# One character of the sealed value changed: an empty session, still a 200.
value=$(data_cookie 3)
[ -n "$value" ] || value=$(data_cookie 2)
if [ -n "$value" ]; then
  middle=$((${#value} / 2))
  swap=A
  [ "${value:$middle:1}" = A ] && swap=B
  sed -i "s/$value/${value:0:$middle}$swap${value:$((middle + 1))}/" "$dir/root/jar"
fi
get 4
check "request 4 with a tampered data cookie: 200, empty session (n=1 status=invalid)" \
  answered 4 200 'n=1 status=invalid'
check "no key material in responses or logs" \
  no_key "$dir"/root/h[0-9] "$dir"/root/b[0-9] "$dir/var/log/nginx/sc-error.log" "$dir/var/log/php$php-fpm.log" "$out/curl.log"

stop_pidfile "$dir/run/sc-nginx.pid"
stop_pidfile "$dir/run/php/php$php-fpm.pid"
# nothing_runs: no process left whose root is the root.
nothing_runs() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$dir" ] && return 1
  done
  return 0
}
check "nginx and php-fpm stopped by PID" nothing_runs

purge() { in_root apt-get purge -y -q "$package" >>"$transcript" 2>&1; }
check "apt purge $package" purge
gone() {
  [ ! -e "$dir/etc/php/$php/mods-available/sealedcookie.ini" ] && [ ! -e "$dir$so" ] &&
    [ ! -L "$dir/etc/php/$php/cli/conf.d/30-sealedcookie.ini" ] && ! in_root php -m | grep -qx sealedcookie
}
check "purged: no module, no ini, not in php -m" gone

cleanup
trap - EXIT
check "root removed" test ! -e "$dir"
echo "deb: $suite, PHP $php, $(($(date +%s) - started)) s"
finish
