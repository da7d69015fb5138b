#!/usr/bin/env bash
# shellcheck disable=SC2016 # PHP code in single quotes
# Per-cycle benchmark: microseconds per session_start / change /
# session_write_close, one cycle per request under `php-cgi -T` with the cookie
# fed back between cycles (see cycle.php for why php-cgi and how).
# For each repetition, each session size and each handler (order rotated), one
# php-cgi process runs BENCH_CYCLES cycles (fewer, down to 100, for a handler
# whose runs take over a second); the first tenth is warm-up. Writes
# one row per process to BENCH_OUT:
#   rep size handler median_ns mean_ns cycles kept
# (kept: the counter the last cycle saw; equal to cycles when no session was lost).
#
# Env: BENCH_REPS (5) BENCH_CYCLES (1000) BENCH_SIZES ("100 1024 3072")
# BENCH_HANDLERS (all available) BENCH_OUT (required) BENCH_BASELINE_EXTENSION
# (another build's sealedcookie.so: adds the handler sealedcookie-baseline).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../request/lib.sh"

reps=${BENCH_REPS:-5}
cycles=${BENCH_CYCLES:-1000}
read -r -a sizes <<<"${BENCH_SIZES:-100 1024 3072}"
out=${BENCH_OUT:?BENCH_OUT must name the output file}

have_sealedcookie=0
bench_have_sealedcookie && have_sealedcookie=1
if [ -n "${BENCH_HANDLERS:-}" ]; then
  read -r -a handlers <<<"$BENCH_HANDLERS"
else
  handlers=(none files memcached redis userland)  # none: sending the headers, no session
  [ "$have_sealedcookie" = 1 ] && handlers+=(sealedcookie)
  [ -n "${BENCH_BASELINE_EXTENSION:-}" ] && handlers+=(sealedcookie-baseline)
fi
[ "$have_sealedcookie" = 1 ] || echo "cycle: the sealedcookie extension does not load; running without it" >&2

bench_init
work=$SRV_DIR
mkdir -p "$work/sessions"
mapfile -t ports < <(srv_free_ports 2)
srv_start_memcached "${ports[0]}" "$work/memcached.log"
srv_start_redis "${ports[1]}" "$work"

key=$(srv_new_key)
bench_key_php "$key" "$work/key.php"
bench_php_ini "$work/php.ini" "$have_sealedcookie"
{
  echo "extension=ffi"
  echo "ffi.enable=1"
  echo "output_buffering=0"  # the echo after the cycle sends the headers
  if [ "$have_sealedcookie" = 1 ]; then
    echo "sealedcookie.keys=$key"
    echo "sealedcookie.max_size=16384"  # a 3 KiB session seals to more than 4096 bytes
    # No web server in front here: no response header limit to keep within.
    echo "sealedcookie.response_header_budget=0"
  fi
} >>"$work/php.ini"
unset key
# sealedcookie-baseline: the same settings with another build of the extension
# (BENCH_BASELINE_EXTENSION, e.g. from bench/before-after.sh), so two builds are
# measured in one run, their processes interleaved.
if [ -n "${BENCH_BASELINE_EXTENSION:-}" ]; then
  sed "s|^extension=$bench_extension\$|extension=$BENCH_BASELINE_EXTENSION|" "$work/php.ini" \
    >"$work/php-baseline.ini"
  chmod 600 "$work/php-baseline.ini"
fi


# Cycles per run, per handler: BENCH_CYCLES, fewer for a handler whose runs
# take over a second (files on a busy disk took 4 ms a cycle), at least 100.
declare -A cycles_for

# run_cycles HANDLER SIZE: prints "median_ns mean_ns cycles kept".
run_cycles() {
  local handler=$1 size=$2 settings=() cycles=${cycles_for[$1]:-$cycles} ini=$work/php.ini
  case $handler in
    files) settings=(-d session.save_handler=files -d "session.save_path=$work/sessions") ;;
    memcached) settings=(-d session.save_handler=memcached -d "session.save_path=127.0.0.1:${ports[0]}") ;;
    redis) settings=(-d session.save_handler=redis -d "session.save_path=tcp://127.0.0.1:${ports[1]}") ;;
    sealedcookie) settings=(-d session.save_handler=sealedcookie) ;;
    # The same build with its shared counters off (bench/counters-cost.sh).
    sealedcookie-nocounters) settings=(-d session.save_handler=sealedcookie -d sealedcookie.counters=0) ;;
    sealedcookie-baseline)
      settings=(-d session.save_handler=sealedcookie)
      ini=$work/php-baseline.ini
      ;;
  esac
  local log="$work/cycle.log"
  : >"$log"
  local id
  id=$(php -n -r 'echo bin2hex(random_bytes(16));')
  HTTP_COOKIE="PHPSESSID=$id" BENCH_HANDLER=$handler BENCH_SIZE=$size BENCH_LOG=$log \
    BENCH_KEY_FILE="$work/key.php" REDIRECT_STATUS=200 \
    timeout 120 "$SRV_CGI_BIN" -n -c "$ini" "${settings[@]}" -T "$cycles" "$here/cycle.php" \
    >/dev/null 2>"$work/cgi.err" || {
    echo "cycle: php-cgi failed for $handler at $size bytes: $(head -c 300 "$work/cgi.err")" >&2
    return 0
  }
  php -n -r '$rows = file($argv[1], FILE_IGNORE_NEW_LINES);
    $kept = (int) explode(" ", end($rows))[0];
    $ns = array_map(fn($r) => (int) explode(" ", $r)[1], array_slice($rows, intdiv(count($rows), 10)));
    sort($ns);
    printf("%d %d %d %d\n", $ns[intdiv(count($ns), 2)], array_sum($ns) / count($ns), count($rows), $kept);' "$log"
}

echo -e "rep\tsize\thandler\tmedian_ns\tmean_ns\tcycles\tkept" >"$out"
echo "cycle: ${#handlers[@]} handlers x ${#sizes[@]} sizes x $reps repetitions, $cycles cycles each" >&2
count=${#handlers[@]}
for ((rep = 1; rep <= reps; rep++)); do
  for size in "${sizes[@]}"; do
    for ((k = 0; k < count; k++)); do
      handler=${handlers[$(((k + rep - 1) % count))]}
      result=$(run_cycles "$handler" "$size")
      [ -n "$result" ] || continue
      read -r median mean done_cycles kept <<<"$result"
      budget=$((1000000000 / (mean > 0 ? mean : 1)))
      cycles_for[$handler]=$((budget < cycles ? (budget < 100 ? 100 : budget) : cycles))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$size" "$handler" "$median" "$mean" \
        "$done_cycles" "$kept" >>"$out"
    done
  done
  echo "cycle: repetition $rep done" >&2
done
if [ -s "$work/php_errors.log" ]; then
  echo "cycle: PHP logged $(wc -l <"$work/php_errors.log") lines; first ones:" >&2
  head -n 5 "$work/php_errors.log" | cut -c1-300 >&2
fi
