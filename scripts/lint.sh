#!/usr/bin/env bash
# Style checks, run first by scripts/test-core.sh (the core suite of scripts/test.sh):
#   clang-format  `--dry-run --Werror` (.clang-format) over the C and C++ files under src/,
#                 include/, tests/ and bench/, except the generated
#                 src/php/sealedcookie_arginfo.h
#   ShellCheck    over every *.sh and .ci/run (.shellcheckrc: sourced files followed)
# The files: those git tracks and the new ones it does not ignore. One result per tool:
# prints each failing file with its findings, then "lint: N passed, M failed"; exit 1
# when a tool found something (or is missing: scripts/deps.sh installs both).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0

# files PATTERN...: the tracked and new files matching a git pathspec.
files() { git ls-files --cached --others --exclude-standard -- "$@" | sort -u; }

# lint TOOL FILES_VAR CMD...: run CMD on each file (CMD FILE), one result for the tool.
lint() {
  local tool=$1 list=$2 f out bad=()
  shift 2
  if ! command -v "$tool" >/dev/null; then
    failed=$((failed + 1))
    echo "--- lint $tool: FAILED ($tool is not installed; run scripts/deps.sh)"
    return
  fi
  while read -r f; do
    [ -f "$f" ] || continue # deleted in the working tree
    if ! out=$("$@" "$f" 2>&1); then
      bad+=("$f")
      echo "$out"
    fi
  done <<<"$list"
  if ((${#bad[@]})); then
    failed=$((failed + 1))
    echo "--- lint $tool: FAILED (${#bad[@]} of $(wc -l <<<"$list") files: ${bad[*]})"
  else
    passed=$((passed + 1))
    echo "--- lint $tool: passed ($(wc -l <<<"$list") files)"
  fi
}

c_files=$(files 'src/*.c' 'src/*.cc' 'src/*.cpp' 'src/*.h' 'include/*.h' 'tests/*.c' 'tests/*.cc' \
  'tests/*.h' 'bench/*.c' 'bench/*.cc' 'bench/*.h' ':!src/php/sealedcookie_arginfo.h')
sh_files=$(files '*.sh' .ci/run)
lint clang-format "$c_files" clang-format --dry-run --Werror
lint shellcheck "$sh_files" shellcheck -f gcc

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
