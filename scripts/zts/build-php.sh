#!/usr/bin/env bash
# Builds a thread-safe (ZTS) PHP from Debian's source package, inside a clean
# bookworm root, and keeps the install prefix (/opt/php-zts) as a tarball in
# $SC_CACHE (default /var/cache/sealedcookie). Prints that tarball's path on
# stdout (the only stdout line); progress goes to stderr.
#
#   bash scripts/zts/build-php.sh          build when the tarball is absent
#   SC_ZTS_REBUILD=1 bash ...              build everything again
#
# Two stages, each cached (rebuilt only when absent):
#   1. PHP itself: php-zts-core-<version>-<hash>.tar (hash of the configure
#      line and build dependencies; 35-45 minutes on 2 shared cores)
#   2. that prefix made self-contained for phpize, plus igbinary and msgpack
#      (for the serializer tests): php-zts-<version>-<hash>.tar, the result.
# The prefix holds bin/php, bin/php-cgi, bin/phpize, bin/php-config,
# sbin/php-fpm, include/, lib/php/20220829/build/run-tests.php,
# lib/apache2/libphp.so (a threaded mod_php for apache2 mpm_event/worker),
# the two extensions in php-config --extension-dir, and BUILD-INFO.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=root.sh
source "$here/root.sh"

prefix=/opt/php-zts
# Only what the suite needs: cli (with the built-in server), cgi, fpm, the
# session extension and apache2handler. run-tests.php and cgi.inc need pcre,
# standard, json, hash and proc_open only (always built; posix is optional).
configure=(
  "--prefix=$prefix" --enable-zts --disable-all
  --enable-cli --enable-cgi --enable-fpm --with-apxs2=/usr/bin/apxs2
  --disable-phpdbg --enable-session --without-pear
)
# Newest first; the registry answered 404 for 8.4+ sources on 2026-12-05.
candidates=(php8.6 php8.5 php8.4 php8.3 php8.2)
build_deps=(build-essential dpkg-dev pkg-config autoconf bison re2c apache2-dev)
# Stage 2: Debian's phpize takes libtool's macros and aux files and shtool
# from the system; they are copied into the prefix from these packages.
stage2_deps=(libtool)
# PECL extensions: Debian source package (bookworm's), configure option.
pecl=(php-igbinary:--enable-igbinary php-msgpack:--with-msgpack)

core_hash=$(printf '%s\n' "${configure[@]}" "${build_deps[@]}" | sha256sum | cut -c1-12)
hash=$(printf '%s\n' "$core_hash" "${stage2_deps[@]}" "${pecl[@]}" phpize-in-prefix php-config-sapis | sha256sum | cut -c1-12)
mkdir -p "$SC_CACHE"
latest="$SC_CACHE/php-zts-latest-$hash.path"

cached() {
  [ "${SC_ZTS_REBUILD:-}" != 1 ] && [ -s "$latest" ] && [ -s "$(cat "$latest")" ] &&
    tar -tf "$(cat "$latest")" ./bin/php >/dev/null 2>&1
}
if cached; then
  cat "$latest"
  exit 0
fi
exec 7>"$SC_CACHE/php-zts-$hash.lock"
flock -w 3600 7 || { echo "zts: another build has held the lock for an hour" >&2; exit 1; }
if cached; then  # built by another run while we waited
  cat "$latest"
  exit 0
fi

mkdir -p /var/tmp/sc-zts
root=/var/tmp/sc-zts/build-$$
trap 'root_remove "$root"' EXIT
start=$(date +%s)
echo "zts: making a bookworm root at $root" >&2
root_make "$root" bookworm

# Source indexes for every suite that might carry a newer php source.
cat >"$root/etc/apt/sources.list.d/debian-src.sources" <<EOF
Types: deb-src
URIs: $SC_MIRROR
Suites: bookworm trixie sid experimental
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
Check-Valid-Until: no
EOF
zts_apt "$root" update
zts_apt "$root" install -y --no-install-recommends "${build_deps[@]}" "${stage2_deps[@]}"
mkdir -p "$root/src"

# Stage 1: PHP.
core=$(find "$SC_CACHE" -maxdepth 1 -name "php-zts-core-*-$core_hash.tar" | head -n 1)
if [ "${SC_ZTS_REBUILD:-}" = 1 ] || [ -z "$core" ]; then
  got=
  for pkg in "${candidates[@]}"; do
    if root_run "$root" sh -c "cd /src && apt-get source -q --download-only $pkg" >"$root/zts-source.log" 2>&1; then
      got=$pkg
      break
    fi
    rm -rf "$root/src" && mkdir -p "$root/src"
    echo "zts: no source for $pkg: $(grep -m1 -E '^(E|Err):' "$root/zts-source.log" || tail -n1 "$root/zts-source.log")" >&2
  done
  [ -n "$got" ] || { echo "zts: no php source package could be downloaded" >&2; exit 1; }
  # dpkg-source -x applies Debian's patches (3.0 quilt) to the upstream tree.
  root_run "$root" sh -c 'cd /src && dpkg-source -x *.dsc php' >"$root/zts-source.log" 2>&1 || {
    tail -n 20 "$root/zts-source.log" >&2
    exit 1
  }
  version=$(sed -n 's/^# *define PHP_VERSION "\(.*\)"/\1/p' "$root/src/php/main/php_version.h")
  dsc=$(basename "$(ls "$root"/src/*.dsc)")
  echo "zts: building PHP $version from Debian's $dsc with --enable-zts (stage 1, long)" >&2
  cat >"$root/src/build.sh" <<EOF
set -e
cd /src/php
./buildconf --force
./configure ${configure[*]}
make -j2
make install
# apxs installed libphp.so into apache's module directory; keep a copy in the prefix.
mkdir -p $prefix/lib/apache2
cp libs/libphp.so $prefix/lib/apache2/libphp.so
EOF
  if ! root_run "$root" bash /src/build.sh >"$root/zts-build.log" 2>&1; then
    echo "zts: the build failed; end of the log:" >&2
    tail -n 40 "$root/zts-build.log" >&2
    exit 1
  fi
  {
    echo "source: $dsc"
    echo "configure: ${configure[*]}"
    echo "stage 1 built: $(date -u +%FT%TZ) in $(( $(date +%s) - start ))s"
  } >"$root$prefix/BUILD-INFO"
  core="$SC_CACHE/php-zts-core-$version-$core_hash.tar"
  tar -C "$root$prefix" -cf "$core.new" . && mv "$core.new" "$core"
  echo "zts: stage 1 done in $(( $(date +%s) - start ))s: $core" >&2
else
  echo "zts: stage 1 cached: $core" >&2
  mkdir -p "$root$prefix"
  tar -C "$root$prefix" -xf "$core"
fi
version=$(root_run "$root" $prefix/bin/php-config --version)

# Stage 2: phpize without system files, then the PECL extensions.
start2=$(date +%s)
for p in "${pecl[@]}"; do
  mkdir -p "$root/src/pecl/${p%%:*}"
  root_run "$root" sh -c "cd /src/pecl/${p%%:*} && apt-get source -q ${p%%:*}/bookworm" >>"$root/zts-source.log" 2>&1 ||
    { echo "zts: no source for ${p%%:*}" >&2; tail -n 5 "$root/zts-source.log" >&2; exit 1; }
done
cat >"$root/src/stage2.sh" <<EOF
set -e
# Debian's phpize copies libtool's m4 files from \$prefix/share/aclocal, its
# aux files from /usr/share/libtool and /usr/bin/shtool: keep copies in the
# prefix (shtool is in its build directory) so phpize needs only autoconf.
mkdir -p $prefix/share/aclocal $prefix/share/libtool-aux
cd /usr/share/aclocal
cp pkg.m4 libtool.m4 ltoptions.m4 ltsugar.m4 ltversion.m4 lt~obsolete.m4 $prefix/share/aclocal/
cd /usr/share/libtool/build-aux
cp config.sub config.guess ltmain.sh $prefix/share/libtool-aux/
sed -i -e 's|auxdir="/usr/share/libtool/[a-z-]*"|auxdir="\$prefix/share/libtool-aux"|' \
  -e 's|/usr/bin/shtool|shtool|' -e 's|^libtool_version=.*|libtool_version=|' $prefix/bin/phpize
# Debian's php-config asks dpkg which SAPIs are installed (none here, so no
# --php-binary and no make test): say what this build has, as upstream does.
sed -i -e 's|^#php_sapis=|php_sapis=|' -e '/^php_sapis=\$(dpkg-query/d' $prefix/bin/php-config
for p in ${pecl[*]}; do
  cd /src/pecl/\${p%%:*}
  cd "\$(dirname "\$(find . -maxdepth 3 -name config.m4 -not -path '*/debian/*' | head -n 1)")"
  $prefix/bin/phpize
  ./configure --with-php-config=$prefix/bin/php-config \${p#*:}
  make -j2
  make install
done
EOF
if ! root_run "$root" bash /src/stage2.sh >"$root/zts-stage2.log" 2>&1; then
  echo "zts: stage 2 failed; end of the log:" >&2
  tail -n 40 "$root/zts-stage2.log" >&2
  exit 1
fi
root_run "$root" $prefix/bin/php -n -d extension=igbinary -d extension=msgpack \
  -r 'exit(PHP_ZTS && function_exists("igbinary_serialize") && function_exists("msgpack_pack") ? 0 : 1);' ||
  { echo "zts: the built php is not ZTS or lacks igbinary/msgpack" >&2; exit 1; }
[ "$(root_run "$root" $prefix/bin/php-config --php-binary)" = $prefix/bin/php ] ||
  { echo "zts: php-config --php-binary does not name $prefix/bin/php" >&2; exit 1; }

tarball="$SC_CACHE/php-zts-$version-$hash.tar"
{
  for pecl_dsc in "$root"/src/pecl/*/*.dsc; do echo "pecl source: ${pecl_dsc##*/}"; done
  echo "stage 2 built: $(date -u +%FT%TZ) in $(( $(date +%s) - start2 ))s"
} >>"$root$prefix/BUILD-INFO"
tar -C "$root$prefix" -cf "$tarball.new" . && mv "$tarball.new" "$tarball"
echo "$tarball" >"$latest"
echo "zts: PHP $version ZTS ready in $(( $(date +%s) - start ))s: $tarball" >&2
echo "$tarball"
