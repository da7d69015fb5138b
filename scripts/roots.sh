# shellcheck shell=bash
# Clean Debian roots for the version matrix, the Debian package test and the
# fresh-machine tries of the README's commands. Sourced, not run.
#
#   root_make DIR SUITE [EXTRA...]       a fresh root at DIR from the cached
#                                        debootstrap base of SUITE (bookworm,
#                                        trixie, sid), /proc, /dev, /dev/pts,
#                                        /dev/shm and /sys mounted, apt pointed
#                                        at deb.debian.org for SUITE and the
#                                        EXTRA suites (experimental)
#   root_run DIR CMD...                  CMD inside the root, as root
#   root_pids DIR                        the PIDs of the processes running in
#                                        the root, one a line
#   root_remove DIR                      unmount everything under DIR, delete it
#
# The bases are made once with `debootstrap --variant=minbase` and kept as
# tarballs in $SC_CACHE (default /var/cache/sealedcookie, outside the
# repository); a missing or damaged one is made again. Downloaded .debs are
# kept per suite in $SC_CACHE/apt-SUITE and shared by every root of that
# suite, so a second root installs without downloading.

SC_CACHE="${SC_CACHE:-/var/cache/sealedcookie}"
SC_MIRROR="${SC_MIRROR:-http://deb.debian.org/debian}"

# root_base SUITE: prints the path of the base tarball, making it if absent.
root_base() {
  local suite=$1 tarball="$SC_CACHE/base-$1.tar"
  mkdir -p "$SC_CACHE"
  (
    # One debootstrap per suite at a time; the others wait for its tarball.
    exec 8>"$tarball.lock"
    flock -w 1800 8 || { echo "roots: $tarball locked for 30 minutes" >&2; exit 1; }
    if [ -s "$tarball" ] && tar -tf "$tarball" ./etc/debian_version >/dev/null 2>&1; then
      exit 0
    fi
    command -v debootstrap >/dev/null || {
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q >/dev/null && apt-get install -y -q debootstrap >/dev/null
    } || { echo "roots: cannot install debootstrap" >&2; exit 1; }
    local tmp="$SC_CACHE/debootstrap-$suite.$$"
    rm -rf "$tmp"
    echo "roots: debootstrap $suite (once; kept in $tarball)" >&2
    if ! debootstrap --variant=minbase "$suite" "$tmp" "$SC_MIRROR" >"$tmp.log" 2>&1; then
      echo "roots: debootstrap $suite failed; end of $tmp.log:" >&2
      tail -n 20 "$tmp.log" >&2
      rm -rf "$tmp"
      exit 1
    fi
    rm -f "$tmp.log"
    tar -C "$tmp" -cf "$tarball.new" . && mv "$tarball.new" "$tarball"
    rm -rf "$tmp"
  ) || return 1
  echo "$tarball"
}

root_make() {
  local dir=$1 suite=$2 tarball
  shift 2
  # Everything below writes under $dir: never let it be the host's own root.
  case "$(realpath -m "${dir:-/}")" in
    / | /usr* | /etc* | /var | /var/cache | /var/tmp | /tmp) echo "roots: refusing root dir '$dir'" >&2; return 1 ;;
  esac
  tarball=$(root_base "$suite") || return 1
  root_remove "$dir"
  mkdir -p "$dir"
  tar -C "$dir" -xf "$tarball" || return 1
  cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  # debootstrap writes no /etc/hosts; an installed machine has localhost in it.
  [ -s "$dir/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"$dir/etc/hosts"
  local suites="$suite${1:+ $*}" stable=1
  case "$suite" in sid | unstable | experimental) stable=0 ;; esac
  # A stable release gets its updates and security suites, as an installed
  # machine has them (PHP's point releases come through them: bookworm alone
  # has 8.2.32, bookworm-security 8.2.36, and an extension built against the
  # newer headers does not load into the older PHP).
  [ "$stable" = 1 ] && suites="$suites $suite-updates"
  rm -f "$dir/etc/apt/sources.list"
  # The registry here serves snapshots whose Release files may have passed
  # their Valid-Until date (experimental's had, by 29 days, on 2026-12-05).
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n' "$SC_MIRROR" "$suites"
    printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\nCheck-Valid-Until: no\n'
    if [ "$stable" = 1 ]; then
      printf '\nTypes: deb\nURIs: %s-security\nSuites: %s-security\nComponents: main\n' \
        "$SC_MIRROR" "$suite"
      printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\nCheck-Valid-Until: no\n'
    fi
  } >"$dir/etc/apt/sources.list.d/debian.sources"
  # Services must not start inside the root when their packages install.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod +x "$dir/usr/sbin/policy-rc.d"
  mkdir -p "$SC_CACHE/apt-$suite" "$dir/var/cache/apt/archives"
  mount --bind "$SC_CACHE/apt-$suite" "$dir/var/cache/apt/archives"
  mount -t proc proc "$dir/proc"
  mount -t sysfs sys "$dir/sys"
  mount --bind /dev "$dir/dev"
  mount --bind /dev/pts "$dir/dev/pts"
  mount -t tmpfs shm "$dir/dev/shm"
}

root_run() {
  local dir=$1
  shift
  chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive "$@"
}

root_pids() {
  local dir proc
  dir=$(realpath "$1") || return 0
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/root" 2>/dev/null)" = "$dir" ] && echo "${proc#/proc/}"
  done
  return 0
}

# Kills what still runs inside DIR, then unmounts (deepest first) and deletes.
root_remove() {
  local dir=$1 pid m
  [ -d "$dir" ] || return 0
  dir=$(realpath "$dir")
  for pid in $(root_pids "$dir"); do
    kill -9 "$pid" 2>/dev/null
  done
  while read -r m; do
    umount -l "$m" 2>/dev/null
  done < <(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r)
  if awk -v d="$dir" 'index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    echo "roots: $dir still has mounts; not deleting it" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}

# Installing PHP 8.5/8.6 from experimental in a sid root (found 2026-12-05):
# name each php package with /experimental (`-t experimental` drags in
# experimental's perl, which unstable's perl modules cannot take). 8.6 needs
# php-common/experimental; 8.5 needs unstable's php-common (2:101: the 2:102~
# in experimental Breaks php8.5-common), installed first, or apt gives up.
