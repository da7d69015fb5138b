#!/usr/bin/env bash
# Builds the Debian package of the extension, php<ver>-sealedcookie (Provides
# php-sealedcookie), for each PHP version the machine has installed
# (phpquery -V; Debian 12: 8.2, Debian 13: 8.4), with debian/ and dh-php's
# pkg-pecl.mk, as Debian builds PECL extensions. Installs what the build needs
# (as root, or with sudo). Works in out/deb/build, a copy laid out like a PECL
# tarball (package.xml next to sealedcookie-<version>/ holding exactly the
# files package.xml lists), so the work tree stays clean.
#   scripts/build-deb.sh     ->  out/deb/php<ver>-sealedcookie_<version>_<arch>.deb
# Then: apt install ./out/deb/*.deb && phpenmod sealedcookie
# The phpt suite runs during the build; DEB_BUILD_OPTIONS=nocheck skips it.
# When nothing that goes into the package changed since the last build, the
# existing .deb is kept. Quiet on success apart from the paths of the .debs;
# on failure prints the end of out/deb/build.log and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/out/deb
work=$out/build
log=$out/build.log
mkdir -p "$out"

exec 9>"$out.lock"
if ! flock -w 1800 9; then
  echo "build-deb: $out has been locked by another build for 30 minutes; giving up" >&2
  exit 1
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# apt_get ARGS...: apt-get, into the log. Another apt holding the archive
# cache (the roots of one suite share it, see scripts/roots.sh) makes apt-get
# fail at once rather than wait: wait and try again, for up to 10 minutes.
apt_get() {
  local attempt=$out/apt.out
  for _ in $(seq 60); do
    if $sudo apt-get -q -o DPkg::Lock::Timeout=600 "$@" >"$attempt" 2>&1; then
      cat "$attempt" >>"$log"
      rm -f "$attempt"
      return 0
    fi
    cat "$attempt" >>"$log"
    grep -q 'Could not get lock' "$attempt" || { rm -f "$attempt"; return 1; }
    sleep 10
  done
  return 1
}
missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || echo "$p"
  done
}
fail() {
  echo "build-deb: $1; end of $log:" >&2
  tail -n 60 "$log" >&2
  exit 1
}
: >"$log"

# The helpers, and one PHP to build for, before debian/control can be made:
# dh-php writes it from control.in for the PHP versions it finds installed.
mapfile -t need < <(missing dpkg-dev dh-php php-all-dev)
if ((${#need[@]})); then
  echo "build-deb: installing ${need[*]}" >&2
  { apt_get update && apt_get install -y --no-install-recommends "${need[@]}"; } ||
    fail "cannot install ${need[*]}"
fi

version=$(sed -n '/<version>/,/<\/version>/s:.*<release>\(.*\)</release>.*:\1:p' package.xml)
upstream=$(dpkg-parsechangelog -l debian/changelog -SVersion | sed 's/-[^-]*$//')
if [ -z "$version" ] || [ "$version" != "$upstream" ]; then
  echo "build-deb: package.xml says release '$version' but debian/changelog says '$upstream';" \
    "add a debian/changelog entry (dch -v $version-1)" >&2
  exit 1
fi

if ! php -n scripts/package-files.php --check package.xml >&2; then
  echo "build-deb: add those files to package.xml" >&2
  exit 1
fi
mapfile -t packaged < <(php -n scripts/package-files.php package.xml)

# What goes into the package: the packaged files, debian/, the PHP versions.
stamp=$({
  sha256sum package.xml "${packaged[@]}"
  find debian -type f -print0 | sort -z | xargs -0 sha256sum
  /usr/sbin/phpquery -V
  for v in $(/usr/sbin/phpquery -V); do "php-config$v" --version; done
} | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ] && compgen -G "$out/*.deb" >/dev/null; then
  echo "build-deb: up to date" >&2
  ls "$out"/*.deb
  exit 0
fi
rm -f "$out/.stamp" "$out"/*.deb
rm -rf "$out/dbgsym" "$work"

src=$work/php-sealedcookie-$version
mkdir -p "$src/sealedcookie-$version"
cp package.xml "$src/"
tar -cf - "${packaged[@]}" | tar -xf - -C "$src/sealedcookie-$version"
cp -r debian "$src/"

cd "$src"
/usr/share/dh-php/gen-control -a >>"$log" 2>&1 || fail "dh-php could not write debian/control"
if ! dpkg-checkbuilddeps >>"$log" 2>&1; then
  echo "build-deb: installing the build dependencies" >&2
  apt_get build-dep -y --no-install-recommends . || fail "cannot install the build dependencies"
fi
packages=$(dh_listpackages 2>>"$log" | tr '\n' ' ')
echo "build-deb: building $packages($(dpkg-parsechangelog -SVersion))" >&2
dpkg-buildpackage -b -us -uc -j2 >>"$log" 2>&1 || fail "dpkg-buildpackage failed"

cd "$out"
mkdir -p dbgsym
mv "$work"/*-dbgsym_*.deb dbgsym/ 2>/dev/null || rmdir dbgsym
mv "$work"/*.deb .
rm -rf "$work"
echo "$stamp" >.stamp
ls "$out"/*.deb
