#!/usr/bin/env bash
# The deb suite: the Debian package in a fresh machine. Builds it with
# scripts/build-deb.sh (which keeps an up-to-date .deb), makes a fresh root of
# this machine's Debian release (scripts/roots.sh), and there:
#   apt install ./php<ver>-sealedcookie_*.deb php-fpm nginx curl
#   phpenmod sealedcookie
# then checks the module loads, that `php --ri` shows no key, and a session
# round trip through nginx -> php-fpm on 127.0.0.1 with curl (the counter
# survives, the data cookie is sealed, a tampered one opens as an empty
# session), then purges the package. scripts/deb/serve.sh starts php-fpm and
# nginx in the root with scripts/lib/servers.sh (copied there): php-fpm as the
# package installed it, with Debian's own php.ini, conf.d and www pool (unix
# socket); nginx on a free port. Everything started is stopped by PID, and the
# root is removed, however the script ends.
# The apt transcript is kept in out/deb/install.log, serve.sh's log in
# out/deb/serve.log.
# SC_DEB_SUITE=trixie (another Debian release than this machine's): the package
# is built in a root of that release too, for the PHP it has, and tested there
# (transcript: out/deb/install-trixie.log).
# Ends with exactly one line "deb: N passed, M failed"; exits non-zero on failure.
# shellcheck disable=SC2317 # the checks are functions that check() calls
set -uo pipefail
cd "$(dirname "$0")/.." || { echo "deb: 0 passed, 1 failed"; exit 1; }
repo=$PWD
# shellcheck source=scripts/roots.sh
source scripts/roots.sh

out=$repo/out/deb
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
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
suite=${SC_DEB_SUITE:-$host_suite}
if [ -z "$suite" ]; then
  bad "this machine's Debian release (no VERSION_CODENAME in /etc/os-release)"
  finish
fi

transcript=$out/install.log
[ "$suite" = "$host_suite" ] || transcript=$out/install-$suite.log
dir=/var/tmp/sc-deb/test-$$
build_dir=/var/tmp/sc-deb/build-$$
serve_pid=""
mkdir -p "$out" /var/tmp/sc-deb
# stop_serving: asks serve.sh (see below) to stop its servers and waits up to
# 15 s for it to end; fails unless it ended with status 0.
stop_serving() {
  [ -n "$serve_pid" ] || return 0
  touch "$dir/root/sc/stop"
  for _ in $(seq 150); do
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$serve_pid" 2>/dev/null && return 1 # cleanup's root_remove kills it
  wait "$serve_pid"
  local status=$?
  serve_pid=""
  return "$status"
}
cleanup() {
  stop_serving
  root_remove "$dir"
  root_remove "$build_dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

in_root() { root_run "$dir" "$@"; }

# build_elsewhere: for SC_DEB_SUITE, another release than this machine's,
# build-deb.sh runs in a root of that release on a copy of the work tree
# (tracked and untracked files), and the packages land in out/deb/SUITE.
build_elsewhere() {
  root_make "$build_dir" "$suite" >>"$out/root.log" 2>&1 || return 1
  mkdir -p "$build_dir/root/src"
  git ls-files -z -co --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$build_dir/root/src"
  root_run "$build_dir" bash /root/src/scripts/build-deb.sh || return 1
  rm -rf "${out:?}/${suite:?}"
  mkdir -p "$out/$suite"
  cp "$build_dir"/root/src/out/deb/*.deb "$out/$suite/" && root_remove "$build_dir"
}
if [ "$suite" = "$host_suite" ]; then
  debs_dir=$out
  build() { bash scripts/build-deb.sh; }
else
  debs_dir=$out/$suite
  build() { build_elsewhere; }
fi
if build >"$out/build-deb.out" 2>&1; then
  ok "build-deb.sh built $(cd "$debs_dir" && echo *.deb) on $suite"
else
  cat "$out/build-deb.out"
  bad "build-deb.sh on $suite"
  finish
fi
mapfile -t debs < <(ls "$debs_dir"/*.deb)
# php8.2-sealedcookie_0.1.0-1_amd64.deb -> php8.2-sealedcookie, 8.2
package=$(basename "${debs[0]}" | cut -d_ -f1)
php=${package#php}
php=${php%-sealedcookie}

if ! root_make "$dir" "$suite" >"$out/root.log" 2>&1; then
  cat "$out/root.log"
  bad "fresh $suite root"
  finish
fi
ok "fresh $suite root at $dir"

mkdir -p "$dir/root/debs"
cp "${debs[@]}" "$dir/root/debs/"
# in_root_apt COMMAND: the apt COMMAND line in the root, its output appended
# to the transcript. The roots of one suite share their archive cache, and apt
# fails at once when another root's apt holds it: wait and try again, for up
# to 10 minutes.
in_root_apt() {
  local attempt=$out/apt-$$.out
  for _ in $(seq 60); do
    in_root sh -c "$1" >"$attempt" 2>&1
    local status=$?
    cat "$attempt" >>"$transcript"
    if [ "$status" -eq 0 ] || ! grep -q 'Could not get lock' "$attempt"; then
      rm -f "$attempt"
      return "$status"
    fi
    sleep 10
  done
  rm -f "$attempt"
  return 1
}
: >"$transcript"
install_started=$(date +%s)
if in_root_apt 'apt-get -q update && cd /root/debs && apt install -y ./*.deb php-fpm nginx curl'; then
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
listed() { in_root php -m | grep -x sealedcookie >/dev/null; }
check "php -m lists sealedcookie" listed
so=$(in_root php -r 'echo ini_get("extension_dir");')/sealedcookie.so
# shellcheck disable=SC2016 # ${Depends} is dpkg-query's field, not the shell's
sodium_dep() { in_root dpkg-query -W -f='${Depends}' "$package" | grep libsodium >/dev/null; }
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

# php-fpm: Debian's configuration (php.ini, conf.d, www pool as www-data on a
# unix socket), with the session settings the README gives.
printf '%s\n' 'session.save_handler = sealedcookie' \
  'sealedcookie.key_file = /etc/php/sealedcookie.keys' >"$dir/etc/php/$php/fpm/conf.d/90-sessions.ini"
mkdir -p "$dir/var/www/sc"
cat >"$dir/var/www/sc/index.php" <<'EOF'
<?php
session_start();
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
echo 'n=', $_SESSION['n'], ' status=', sealedcookie_status(), "\n";
EOF
# serve.sh, in the background, keeps php-fpm and nginx up until stop_serving;
# it adds a line to /root/sc/serving as each server is up.
mkdir -p "$dir/root/sc/scripts"
cp -r scripts/lib scripts/deb "$dir/root/sc/scripts/"
in_root bash /root/sc/scripts/deb/serve.sh "$php" /var/www/sc /root/sc >"$out/serve.log" 2>&1 &
serve_pid=$!
serving=$dir/root/sc/serving
for _ in $(seq 300); do
  grep -q '^nginx ' "$serving" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
# started NAME: serve.sh reported server NAME up.
started() { grep -q "^$1 " "$serving" 2>/dev/null; }
check "php-fpm$php starts with Debian's php.ini, conf.d and www pool" started php-fpm
port=$(awk '$1 == "nginx" { print $2 }' "$serving" 2>/dev/null)
logs=$dir$(awk '$1 == "nginx" { print $3 }' "$serving" 2>/dev/null)
check "nginx starts on 127.0.0.1:${port:-?}" started nginx
if ! started nginx; then
  tail -n 20 "$out/serve.log"
  finish
fi

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
  ! printf '%s' "$padded" | tr -- '-_' '+/' | base64 -d 2>/dev/null | grep -aF 'i:1;' >/dev/null
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
  no_key "$dir"/root/h[0-9] "$dir"/root/b[0-9] "$logs/nginx-error.log" "$logs/php-fpm.out" \
  "$dir/var/log/php$php-fpm.log" "$out/curl.log" "$out/serve.log"

# stopped: serve.sh stopped nginx and php-fpm by PID and ended with status 0,
# and nothing runs in the root any more.
stopped() { stop_serving && [ -z "$(root_pids "$dir")" ]; }
check "nginx and php-fpm stopped by PID" stopped

check "apt purge $package" in_root_apt "apt-get purge -y -q $package"
gone() {
  [ ! -e "$dir/etc/php/$php/mods-available/sealedcookie.ini" ] && [ ! -e "$dir$so" ] &&
    [ ! -L "$dir/etc/php/$php/cli/conf.d/30-sealedcookie.ini" ] && ! in_root php -m | grep -x sealedcookie >/dev/null
}
check "purged: no module, no ini, not in php -m" gone

cleanup
trap - EXIT
check "root removed" test ! -e "$dir"
echo "deb: $suite, PHP $php, $(($(date +%s) - started)) s"
finish
