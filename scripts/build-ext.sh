#!/usr/bin/env bash
# Builds the PHP extension PECL-style (phpize, ./configure, make) in out/ext, a
# copy of the sources, so the work tree stays clean. Idempotent: configure
# runs again only when config.m4 or src/core/sources.txt changed.
#   scripts/build-ext.sh            build out/ext/modules/sealedcookie.so
#   scripts/build-ext.sh --install  and `make install` it into the system
#                                   extension dir (extension=sealedcookie)
# Quiet on success; on failure prints the end of the build log and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

install=0
case "${1:-}" in
  "") ;;
  --install) install=1 ;;
  *) echo "usage: $0 [--install]" >&2; exit 2 ;;
esac

dir=out/ext
log=$PWD/$dir/build.log
mkdir -p "$dir"
# One build at a time in out/ext (the php and pool suites may both call this);
# scripts/test-php.sh holds the lock itself and says so.
if [ "${SC_EXT_LOCKED:-}" != 1 ]; then
  exec 9>"$dir.lock"
  # Bounded: the php suite holds it through its valgrind run (several minutes).
  if ! flock -w 1800 9; then
    echo "build-ext: $dir has been locked by another build for 30 minutes; giving up" >&2
    exit 1
  fi
fi
: >"$log"

run() {
  if ! "$@" >>"$log" 2>&1; then
    echo "build-ext: '$*' failed in $dir; end of $log:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

# The build sees exactly the files package.xml lists, as a PECL tarball would,
# and a source or test that package.xml leaves out stops the build.
if ! php -n scripts/package-files.php --check package.xml >&2; then
  echo "build-ext: add those files to package.xml" >&2
  exit 1
fi
mapfile -t packaged < <(php -n scripts/package-files.php package.xml)
# tar keeps modification times, so make rebuilds only what changed. The phpt
# copy starts afresh, so a test removed from php-tests/ does not linger here.
rm -rf "$dir/php-tests"
tar -cf - package.xml "${packaged[@]}" | tar -xf - -C "$dir"

stamp=$(cat config.m4 src/core/sources.txt | sha256sum | cut -d' ' -f1)
cd "$dir"
if [ ! -f Makefile ] || [ "$(cat .configured 2>/dev/null)" != "$stamp" ]; then
  rm -f .configured
  run phpize
  run ./configure --enable-sealedcookie
  echo "$stamp" >.configured
fi
run make -j2
if [ "$install" -eq 1 ]; then
  run make install
fi
