#!/usr/bin/env bash
# Installs the Debian packages sealedcookie needs, only those that are missing.
# Works on Debian 12 (PHP 8.2), Debian 13 (PHP 8.4) and sid + experimental
# (PHP 8.5, 8.6): the PHP version is found, never written here.
#
#   scripts/deps.sh          everything: build tools, PHP (cli, cgi, fpm, dev,
#                            mod_php), the core's test, benchmark and lint tools, the
#                            pool's servers (nginx, memcached, redis)
#   scripts/deps.sh php      what the phpt suite needs (a version-matrix row):
#                            build tools, libsodium, zlib, PHP, apache2-bin + mod_php,
#                            valgrind, igbinary and msgpack where Debian packages
#                            them for that PHP
#   scripts/deps.sh base     the PHP-independent part of "php" (for a PHP that
#                            does not come from Debian, e.g. the ZTS build)
#   scripts/deps.sh apps     what scripts/test-apps.sh adds: MariaDB, phpMyAdmin
#                            and its PHP extensions, Symfony HttpFoundation
#   scripts/deps.sh browsers what scripts/test-browsers.sh adds (also part of
#                            "all"): Chromium, Firefox ESR, openssl, a font, Node.js
#                            (Debian's, only when there is no node/npm), and
#                            `npm ci` of scripts/browsers/ (puppeteer-core)
#
# Which PHP: $SC_PHP_VERSION (e.g. 8.6) when set; else the Debian-packaged PHP
# already installed as `php`; else the version Debian's php-cli depends on.
# $SC_APT_RELEASE (e.g. experimental) takes the PHP packages (and php-common)
# from that release, as PHP 8.5/8.6 from experimental need; everything else
# comes from the main suite (`apt-get -t experimental` would pull experimental's
# perl, libc... too, which do not install on sid).
# As root, or with sudo available.
set -euo pipefail

group=${1:-all}
case $group in
  all | php | base | apps | browsers) ;;
  *) echo "usage: $0 [all|php|base|apps|browsers]" >&2; exit 2 ;;
esac

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# (No grep -q on a pipe: with pipefail, the writer's SIGPIPE would fail the test.)
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
# packaged NAME: a real package (not only a virtual name) the archive offers.
packaged() { apt-cache show --no-all-versions "$1" 2>/dev/null | grep -c '^Version:' >/dev/null; }

updated=0
apt_update() {
  [ "$updated" -eq 1 ] && return 0
  $sudo apt-get update -q >/dev/null
  updated=1
}

# The version Debian's php-cli (php-defaults) stands for: 8.2 on Debian 12, 8.4 on 13.
default_php_version() {
  apt-cache depends php-cli 2>/dev/null | sed -n 's/^ *Depends: php\([0-9][0-9.]*\)-cli$/\1/p' | head -n 1
}

php_version() {
  local v
  if [ -n "${SC_PHP_VERSION:-}" ]; then
    echo "$SC_PHP_VERSION"
    return
  fi
  v=$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>/dev/null || true)
  if [ -n "$v" ] && installed "php$v-cli"; then
    echo "$v"
    return
  fi
  v=$(default_php_version)
  if [ -z "$v" ]; then
    apt_update
    v=$(default_php_version)
  fi
  echo "$v"
}

base=(build-essential autoconf pkg-config libsodium-dev zlib1g-dev valgrind apache2-bin procps curl)
packages=("${base[@]}")
optional=()
ver=""
if [ "$group" = apps ] || [ "$group" = browsers ]; then
  packages=()
elif [ "$group" != base ]; then
  ver=$(php_version)
  [ -n "$ver" ] || { echo "deps: cannot tell which PHP to install (set SC_PHP_VERSION)" >&2; exit 1; }
  packages+=("php$ver-cli" "php$ver-cgi" "php$ver-fpm" "php$ver-dev" "libapache2-mod-php$ver")
  # Serializers some phpt files use; Debian packages them for its default PHP only.
  optional+=("php$ver-igbinary" "php$ver-msgpack")
fi
if [ "$group" = apps ]; then
  ver=$(php_version)
  packages+=(mariadb-server phpmyadmin "php$ver-mysql" "php$ver-mbstring" "php$ver-xml" "php$ver-zip"
    php-symfony-http-foundation)
  # phpMyAdmin's package asks about a database and a web server: neither (the apps
  # suite runs it from a copy with its own configuration).
  printf '%s\n' \
    'phpmyadmin phpmyadmin/dbconfig-install boolean false' \
    'phpmyadmin phpmyadmin/reconfigure-webserver multiselect' | $sudo debconf-set-selections
fi
if [ "$group" = all ] || [ "$group" = browsers ]; then
  packages+=(chromium firefox-esr openssl fonts-dejavu-core)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi
# browsers_npm: the browser tests' Node packages (scripts/browsers/package-lock.json),
# again only when the lock file changed since the last `npm ci`.
browsers_npm() {
  [ "$group" = all ] || [ "$group" = browsers ] || return 0
  local dir
  dir="$(cd "$(dirname "$0")" && pwd)/browsers"
  cmp -s "$dir/package-lock.json" "$dir/node_modules/.sc-package-lock.json" && return 0
  echo "deps: npm ci in scripts/browsers"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null) || { echo "deps: npm ci failed" >&2; return 1; }
  cp "$dir/package-lock.json" "$dir/node_modules/.sc-package-lock.json"
}
if [ "$group" = all ]; then
  packages+=(cmake clang libclang-rt-dev googletest libgtest-dev libbenchmark-dev clang-format shellcheck
    nginx-light memcached redis-server wrk faketime)
  optional+=("php$ver-memcached" "php$ver-redis")
fi

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
opt_missing=()
for p in "${optional[@]}"; do
  installed "$p" || opt_missing+=("$p")
done
if ((${#missing[@]} + ${#opt_missing[@]} == 0)); then
  echo "deps: all $((${#packages[@]} + ${#optional[@]})) packages present${ver:+ (PHP $ver)}"
  browsers_npm
  exit 0
fi

apt_update
for p in "${opt_missing[@]}"; do
  if packaged "$p"; then
    missing+=("$p")
  else
    echo "deps: $p is not packaged for this Debian; tests that need it will skip"
  fi
done
((${#missing[@]})) || { browsers_npm; exit 0; }

# Debian roots made by scripts/roots.sh share one .deb cache per suite, and
# apt holds that directory's lock while it downloads: apt_install waits
# (bounded, 20 min) while another root's apt has it. Its output: $log.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
apt_install() {
  local attempt
  for attempt in $(seq 1 120); do
    $sudo apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "$@" >"$log" 2>&1 &&
      return 0
    grep -c 'Could not get lock' "$log" >/dev/null || return 1
    [ "$attempt" -gt 1 ] || echo "deps: another apt holds a lock; waiting"
    sleep 10
  done
  return 1
}

if [ -n "${SC_APT_RELEASE:-}" ]; then
  # php-common from the main suite first: experimental's serves its newest PHP
  # only (it Breaks php8.5-common), and apt's solver picks it when it has the
  # choice. A PHP that needs the newer one (8.6) gets it on the second try.
  installed php-common || apt_install php-common || true
  for i in "${!missing[@]}"; do
    case ${missing[$i]} in php* | libapache2-mod-php*) missing[i]="${missing[$i]}/$SC_APT_RELEASE" ;; esac
  done
fi

echo "deps: installing ${missing[*]}"
ok=0
if apt_install "${missing[@]}"; then
  ok=1
elif [ -n "${SC_APT_RELEASE:-}" ] && grep -c 'php-common' "$log" >/dev/null; then
  missing+=("php-common/$SC_APT_RELEASE")
  echo "deps: and php-common/$SC_APT_RELEASE"
  apt_install "${missing[@]}" && ok=1
fi
if [ "$ok" -ne 1 ]; then
  tail -n 30 "$log" >&2
  echo "deps: apt-get install failed" >&2
  exit 1
fi
echo "deps: installed ${#missing[@]} packages${ver:+ (PHP $ver)}"
browsers_npm
