#!/usr/bin/env bash
# The version matrix: the phpt suite on every PHP the extension supports, each
# row in a clean Debian root made with debootstrap (scripts/roots.sh), built
# from a clean copy of HEAD (git archive). The rows are in scripts/matrix/rows:
# PHP 8.2 (bookworm), 8.4 (trixie), 8.5 and 8.6 (sid + experimental, one root
# each) and a ZTS PHP (scripts/zts/build-php.sh, unpacked at /opt/php-zts in a
# bookworm root and first in PATH); outside a git checkout, from the tree as it
# is. In each root: scripts/deps.sh php, then
# scripts/test-php.sh once per transport (cgi, fpm, cli-server) and under
# valgrind where the row says; the ZTS row also runs scripts/zts/threads.sh
# when it exists. A row may skip only the tests its scripts/matrix/ROW.skips
# lists with a reason; any other skip counts as failed.
#
#   scripts/test-matrix.sh                 every row
#   scripts/test-matrix.sh --rows 8.2,zts  some rows (or SC_MATRIX_ROWS=8.2,zts)
#   scripts/test-matrix.sh --worktree      test the working tree (tracked and
#                                          untracked files, not ignored ones)
#                                          instead of HEAD: for development
#
# Prints a table PHP × SAPI -> passed/failed/skipped with the reason of every
# skip, keeps each row's log in out/matrix/ROW.log and ends with exactly one
# line "matrix: N passed, M failed" (tests; a row that could not install or
# build counts as one failure). Roots live under /var/tmp/sc-matrix and are
# removed however the script ends. Bases and .deb downloads are cached in
# $SC_CACHE (default /var/cache/sealedcookie) and made again when absent.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
repo=$PWD
# shellcheck source=roots.sh
source scripts/roots.sh

rows_wanted=${SC_MATRIX_ROWS:-}
worktree=0
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows_wanted=${2:-}; shift 2 ;;
    --rows=*) rows_wanted=${1#--rows=}; shift ;;
    --worktree) worktree=1; shift ;;
    -h | --help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--rows A,B] [--worktree]" >&2; exit 2 ;;
  esac
done

top=/var/tmp/sc-matrix
logs=$repo/out/matrix
mkdir -p "$top" "$logs"
work=$(mktemp -d "$top/run.XXXXXX")
current_root=""
cleanup() {
  [ -z "$current_root" ] || root_remove "$current_root"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The sources every row builds from, as one tarball.
if ! git rev-parse --git-dir >/dev/null 2>&1; then
  # Not a git checkout (an unpacked release, or a copy made by git archive, as in
  # scripts/matrix/fresh-root.sh): the tree as it is, without build output.
  source_label="the tree at $repo (not a git checkout)"
  tar --exclude=./out --exclude=./.git -cf "$work/src.tar" .
elif [ "$worktree" -eq 1 ]; then
  source_label="the working tree ($(git rev-parse --short HEAD) + local changes)"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf "$work/src.tar"
else
  source_label="HEAD ($(git rev-parse --short HEAD))"
  git archive --format=tar -o "$work/src.tar" HEAD
fi
if [ ! -s "$work/src.tar" ] || ! mkdir "$work/src" || ! tar -C "$work/src" -xf "$work/src.tar"; then
  echo "matrix: could not copy the sources"
  echo "matrix: 0 passed, 1 failed"
  exit 1
fi
# The tests that run under apache2handler, for the table's apache column.
apache_tests=" $(grep -l 'sc_skip_without_apache' "$work"/src/php-tests/*.phpt 2>/dev/null |
  xargs -r -n1 basename | sed 's/\.phpt$//' | tr '\n' ' ')"

total_passed=0
total_failed=0
table=()
notes=()
started=$SECONDS

# in_root LOG SECONDS CMD...: CMD inside the current root (bounded), output to LOG.
in_root() {
  local log=$1 secs=$2
  shift 2
  root_run "$current_root" timeout --kill-after=30 "$secs" "$@" >>"$log" 2>&1
}

# row_fail NAME WHAT LOG: the row stopped before its tests.
row_fail() {
  echo "matrix: $1: $2; end of $3:"
  tail -n 30 "$3" | sed 's/^/    /'
  table+=("| $1 | $2 | | | | | | | |")
  total_failed=$((total_failed + 1))
}

# cell RESULTS TRANSPORT VALGRIND: "passed / failed / skipped" of one pass
# (skipped: the allowed skips; any other skip is counted as failed).
cell() {
  awk -v t="$2" -v vg="$3" '$1 == "pass" && $2 == t && $3 == vg { c = $4 " / " $5 " / " $6 }
    END { print (c == "" ? "-" : c) }' "$1"
}

# apache_cell RESULTS TRANSPORT: the same for the apache2handler tests of a pass.
apache_cell() {
  awk -v t="$2" -v apache="$apache_tests" '
    $1 == "test" && $2 == t && $3 == 0 && index(apache, " " $4 " ") {
      if ($5 == "PASS") p++; else if ($5 == "SKIP") s++; else f++
      n++
    }
    END { if (n) printf "%d / %d / %d\n", p, f, s; else print "-" }' "$1"
}

# run_row NAME SUITE EXTRA PHP VALGRIND TRANSPORTS
run_row() {
  local name=$1 suite=$2 extra=$3 php=$4 vg=${5//,/ } transports=${6//,/ }
  local log=$logs/$name.log results="$work/$name.results" row_start=$SECONDS
  local env=(SC_TRANSPORTS="$transports" SC_RESULTS=/tmp/sc-results)
  [ "$vg" = - ] && vg=0
  env+=(SC_VALGRIND="$vg")
  [ -f "scripts/matrix/$name.skips" ] && env+=(SC_SKIP_ALLOW="/src/scripts/matrix/$name.skips")
  local extras=()
  [ "$extra" = - ] || extras=("$extra")
  : >"$log"
  echo
  echo "=== matrix row $name: PHP $php on $suite${extras[*]/#/ + } (log: out/matrix/$name.log)"

  current_root=$top/$name.$$
  if ! root_make "$current_root" "$suite" "${extras[@]}" >>"$log" 2>&1; then
    row_fail "$name" "root not made" "$log"
    return
  fi
  mkdir -p "$current_root/src" && tar -C "$current_root/src" -xf "$work/src.tar"

  if [ "$php" = zts ]; then
    local tarball
    if [ ! -f "$work/src/scripts/zts/build-php.sh" ]; then
      echo "scripts/zts/build-php.sh is absent" >>"$log"
      row_fail "$name" "no ZTS build script" "$log"
      root_remove "$current_root"; current_root=""
      return
    fi
    # Builds in a root of its own once, then prints the cached prefix tarball.
    if ! tarball=$(timeout 5400 bash "$work/src/scripts/zts/build-php.sh" 2>>"$log" | tail -n 1) ||
      [ ! -s "$tarball" ]; then
      row_fail "$name" "ZTS PHP not built" "$log"
      root_remove "$current_root"; current_root=""
      return
    fi
    echo "ZTS PHP from $tarball" >>"$log"
    mkdir -p "$current_root/opt/php-zts" && tar -C "$current_root/opt/php-zts" -xf "$tarball"
    env+=(PATH=/opt/php-zts/bin:/opt/php-zts/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
      SC_PHP_FPM=/opt/php-zts/sbin/php-fpm SC_APACHE_PHP_MODULE=/opt/php-zts/lib/apache2/libphp.so
      TEST_PHP_CGI_EXECUTABLE=/opt/php-zts/bin/php-cgi)
    in_root "$log" 1800 bash /src/scripts/deps.sh base
  else
    local release=()
    [ "$extra" = experimental ] && release=(SC_APT_RELEASE=experimental)
    in_root "$log" 1800 env SC_PHP_VERSION="$php" "${release[@]}" bash /src/scripts/deps.sh php
  fi
  # shellcheck disable=SC2181 # in_root's status, from either branch
  if [ $? -ne 0 ]; then
    row_fail "$name" "packages not installed" "$log"
    root_remove "$current_root"; current_root=""
    return
  fi

  in_root "$log" 3600 env "${env[@]}" bash /src/scripts/test-php.sh
  local rc=$? line p f
  cp "$current_root/tmp/sc-results" "$results" 2>/dev/null || : >"$results"
  line=$(grep -E '^php: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  grep -E '^(php: PHP|phpt |php: )' "$log" | sed 's/^/  /'
  if [ -z "$line" ]; then
    if grep -q 'build-ext:' "$log"; then
      row_fail "$name" "build failed" "$log"
    else
      row_fail "$name" "suite died (exit $rc)" "$log"
    fi
    root_remove "$current_root"; current_root=""
    return
  fi
  p=$(sed -E 's/^php: ([0-9]+) passed.*/\1/' <<<"$line")
  f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  if [ "$f" -gt 0 ]; then
    # Which tests failed and how (test-php.sh's FAIL lines and diffs), so the
    # output says it without the row's log (which stays on the machine).
    grep -E '^(FAIL|LEAK|BORK|WARN) ' "$log" | sed 's/^/  /'
    sed -n '/^========DIFF========/,/^========DONE========/p' "$log" | head -n 200 | sed 's/^/    /'
  fi

  # The ZTS row: several threads serving sessions at once (a threaded apache
  # with the ZTS mod_php), run in this root when the ZTS scripts have it.
  local threads="-"
  if [ "$php" = zts ] && [ -f "$current_root/src/scripts/zts/threads.sh" ]; then
    local tlog="$logs/$name-threads.log" tline
    : >"$tlog"
    in_root "$tlog" 1800 env "${env[@]}" bash /src/scripts/zts/threads.sh
    local trc=$?
    tline=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' "$tlog" | tail -n 1)
    echo "  threads: ${tline:-no summary line} (exit $trc; log: out/matrix/$name-threads.log)"
    local tp=0 tf=1
    if [ -n "$tline" ]; then
      tp=$(sed -E 's/^[a-z-]+: ([0-9]+) passed.*/\1/' <<<"$tline")
      tf=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$tline")
      [ "$trc" -ne 0 ] && [ "$tf" -eq 0 ] && tf=1
    fi
    p=$((p + tp)); f=$((f + tf))
    threads="$tp / $tf"
  fi

  local version first vgcell="-" t cells=""
  version=$(grep -m1 -E '^php: PHP ' "$log" | sed -E 's/^php: PHP ([^ ]+) \(([A-Z]+)\).*/\1 \2/')
  first=${transports%% *}
  for t in cgi fpm server; do
    case " $transports " in
      *" $t "*) cells+=" $(cell "$results" "$t" 0) |" ;;
      *) cells+=" - |" ;;
    esac
  done
  cells+=" $(apache_cell "$results" "$first") |"
  if [ "$vg" != 0 ]; then
    vgcell=""
    for t in $vg; do vgcell+="$t: $(cell "$results" "$t" 1) "; done
  fi
  table+=("| $name | ${version:-?} |$cells ${vgcell% } | $threads | $(((SECONDS - row_start) / 60)) min |")
  # Every skip of the row, with its reason (one line per test and reason).
  while IFS= read -r n; do notes+=("$name: $n"); done < <(
    awk '$1 == "skip" {
      pass = $2 ($3 == "1" ? "+valgrind" : ""); $1 = $2 = $3 = ""; key = substr($0, 4)
      if (!(key in passes)) order[++k] = key
      passes[key] = passes[key] (passes[key] == "" ? "" : ",") pass
    } END { for (i = 1; i <= k; i++) print order[i] " [" passes[order[i]] "]" }' "$results")
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  echo "matrix row $name: $p passed, $f failed ($(((SECONDS - row_start) / 60)) min)"
  root_remove "$current_root"
  current_root=""
}

# Read the rows first: what runs in a row must not read the rest of the file.
mapfile -t rows < <(grep -vE '^[[:space:]]*(#|$)' scripts/matrix/rows)
ran=0
for row in "${rows[@]}"; do
  read -r name suite extra php vg transports <<<"$row"
  if [ -n "$rows_wanted" ] && [[ ",$rows_wanted," != *",$name,"* ]]; then continue; fi
  run_row "$name" "$suite" "$extra" "$php" "$vg" "$transports" </dev/null
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "matrix: no row matches '$rows_wanted'"; total_failed=1; }

echo
echo "=== matrix: $source_label, $(((SECONDS - started) / 60)) min"
echo "Each cell: passed / failed / skipped tests of one pass over php-tests/ with that default"
echo "transport (SC_TRANSPORT); the apache2handler column counts the tests that run under"
echo "mod_php (they name their server, so they run in every pass; counted from the first)."
echo
echo "| row | PHP | php-cgi | php-fpm | cli-server | apache2handler | valgrind | threads | time |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"
if ((${#notes[@]})); then
  echo
  echo "Skips (TEST allowed|unallowed REASON (allow-list reason) [passes]):"
  printf '  %s\n' "${notes[@]}"
fi
echo
echo "matrix: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
