#!/usr/bin/env bash
# Tries one of the README's commands as a new user would: in a fresh Debian
# root (scripts/roots.sh) holding a clean copy of HEAD (git archive) at
# /root/sealedcookie, as root, with nothing installed beforehand.
#
#   scripts/matrix/fresh-root.sh SUITE COMMAND...
#   e.g. scripts/matrix/fresh-root.sh trixie bash scripts/demo.sh
#        scripts/matrix/fresh-root.sh bookworm env SC_MATRIX_ROWS=8.2 bash scripts/test.sh
#
# The host's cache ($SC_CACHE, /var/cache/sealedcookie: debootstrap bases,
# .debs, the ZTS build) is bind-mounted at the same path inside, so the suites
# that make roots of their own (deb, matrix) can do so from within this one.
# The command's output goes to out/fresh-root/SUITE-NAME.log; the last line
# printed is "fresh-root SUITE: exit CODE after N s". The root is removed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=../roots.sh
source scripts/roots.sh

[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
suite=$1
shift
name=$(printf '%s' "$*" | tr -c 'A-Za-z0-9.' '-' | sed -E 's/-+/-/g; s/^-|-$//g' | tail -c 40)
mkdir -p out/fresh-root /var/tmp/sc-matrix
log=$PWD/out/fresh-root/$suite-$name.log
dir=/var/tmp/sc-matrix/fresh-$suite.$$
trap 'root_remove "$dir"' EXIT
trap 'exit 130' INT TERM

root_make "$dir" "$suite" >"$log" 2>&1 || { echo "fresh-root: root not made; see $log"; exit 1; }
mkdir -p "$dir/root/sealedcookie" "$dir$SC_CACHE"
git archive --format=tar HEAD | tar -C "$dir/root/sealedcookie" -xf -
mount --bind "$SC_CACHE" "$dir$SC_CACHE"
# The shared .deb cache of this suite is already mounted by root_make.

echo "fresh-root $suite: $* (HEAD $(git rev-parse --short HEAD); log: $log)"
start=$SECONDS
# Bounded: the whole test command with its matrix takes well under two hours.
root_run "$dir" timeout --kill-after=60 7200 sh -c 'cd /root/sealedcookie && exec "$@"' sh "$@" >>"$log" 2>&1
rc=$?
tail -n 25 "$log"
echo "fresh-root $suite: exit $rc after $((SECONDS - start)) s"
trap - EXIT
root_remove "$dir" || echo "fresh-root: $dir could not be removed (see above)"
exit "$rc"
