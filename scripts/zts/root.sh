# shellcheck shell=bash
# A bookworm root with the ZTS PHP at /opt/php-zts and a copy of the tree at
# /src/sealedcookie. Sourced by the test-*.sh scripts here, not run.
#
#   zts_root_make DIR TARBALL   root_make DIR bookworm, unpack TARBALL (from
#                               build-php.sh) at /opt/php-zts, install what
#                               the extension build and the tests need, copy
#                               the tree (HEAD by default; SC_ZTS_TREE=worktree
#                               copies the work tree's files; outside a git
#                               checkout, the files as they are) and this
#                               directory's scripts into /src/sealedcookie
#   zts_root_run DIR CMD...     CMD in /src/sealedcookie with the ZTS PHP
#                               first in PATH
#   zts_apt DIR ARGS...         apt-get ARGS in the root, retried while another
#                               root holds the shared .deb cache's lock
zts_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../roots.sh
source "$zts_here/../roots.sh"

# What the extension build (phpize, C++17, libsodium, zlib) and the suites
# (apache2 for the mod_php tests and the thread test) need; PHP itself comes
# from the tarball.
ZTS_TEST_DEPS=(g++ make autoconf pkg-config libsodium-dev zlib1g-dev apache2)
ZTS_PATH=/opt/php-zts/bin:/opt/php-zts/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

zts_apt() {
  local dir=$1
  shift
  for _ in $(seq 1 60); do
    if root_run "$dir" apt-get -q -o DPkg::Lock::Timeout=600 "$@" >>"$dir/zts-apt.log" 2>&1; then
      return 0
    fi
    grep -q 'Could not get lock' "$dir/zts-apt.log" || break
    sleep 10
  done
  echo "zts: apt-get $* failed; end of the log:" >&2
  tail -n 30 "$dir/zts-apt.log" >&2
  return 1
}

zts_root_make() {
  local dir=$1 tarball=$2 repo
  repo=$(cd "$zts_here/../.." && pwd)
  root_make "$dir" bookworm || return 1
  mkdir -p "$dir/opt/php-zts" "$dir/src/sealedcookie"
  tar -C "$dir/opt/php-zts" -xf "$tarball" || return 1
  zts_apt "$dir" update || return 1
  zts_apt "$dir" install -y --no-install-recommends "${ZTS_TEST_DEPS[@]}" || return 1
  if ! git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
    # Not a git checkout (an unpacked release): the files as they are.
    tar -C "$repo" --exclude=./out -cf - . | tar -C "$dir/src/sealedcookie" -xf - || return 1
  elif [ "${SC_ZTS_TREE:-head}" = worktree ]; then
    (cd "$repo" && git ls-files -co --exclude-standard -z | grep -zv '^out/' |
      tar --null -T - -cf -) | tar -C "$dir/src/sealedcookie" -xf - || return 1
  else
    git -C "$repo" archive HEAD | tar -C "$dir/src/sealedcookie" -xf - || return 1
  fi
  # These scripts as they are now, committed or not.
  rm -rf "$dir/src/sealedcookie/scripts/zts"
  cp -a "$zts_here" "$dir/src/sealedcookie/scripts/zts"
}

zts_root_run() {
  local dir=$1 name pass=()
  shift
  # The SC_ZTS_* settings and SC_TRANSPORT of the caller reach the scripts.
  for name in $(compgen -e | grep -E '^(SC_ZTS_[A-Z_]+|SC_TRANSPORT)$'); do
    pass+=("$name=${!name}")
  done
  chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 PATH="$ZTS_PATH" \
    SC_APACHE_PHP_MODULE=/opt/php-zts/lib/apache2/libphp.so "${pass[@]}" \
    sh -c 'cd /src/sealedcookie && exec "$@"' sh "$@"
}

# zts_host_run LABEL SCRIPT...: on the host, builds (or reuses) the ZTS PHP,
# makes a root under /var/tmp/sc-zts (removed on exit), and runs each SCRIPT
# (a path under the tree, e.g. scripts/zts/threads.sh) in it; prints the
# scripts' output and, when there are several, the sum of their final
# "N passed, M failed" lines as "LABEL: N passed, M failed".
zts_host_run() {
  local label=$1 tarball root rc=0 out p f passed=0 failed=0
  shift
  if ! tarball=$(bash "$zts_here/build-php.sh"); then
    echo "$label: no ZTS PHP (scripts/zts/build-php.sh failed)"
    echo "$label: 0 passed, 1 failed"
    return 1
  fi
  mkdir -p /var/tmp/sc-zts
  root=$(mktemp -d /var/tmp/sc-zts/root.XXXXXX)
  # shellcheck disable=SC2064
  trap "root_remove '$root'" EXIT
  if ! zts_root_make "$root" "$tarball"; then
    echo "$label: could not make the root"
    echo "$label: 0 passed, 1 failed"
    return 1
  fi
  echo "$label: $(head -n 1 "$root/opt/php-zts/BUILD-INFO") ($(basename "$tarball"))"
  for script in "$@"; do
    zts_root_run "$root" bash "$script" 2>&1 | tee "$root/zts-script.log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
    out=$(cat "$root/zts-script.log")
    p=$(printf '%s\n' "$out" | grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1 | awk '{print $2}')
    f=$(printf '%s\n' "$out" | grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1 | awk '{print $4}')
    [ -n "$p" ] || { p=0; f=1; rc=1; }
    passed=$((passed + p))
    failed=$((failed + f))
  done
  root_remove "$root"
  trap - EXIT
  if [ $# -gt 1 ]; then
    echo "$label: $passed passed, $failed failed"
  fi
  [ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
}
