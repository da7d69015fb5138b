#!/usr/bin/env bash
# shellcheck disable=SC2016 # PHP code in single quotes
# Where the instructions of a request go: callgrind on `php-cgi -T N` serving
# bench/request/app.php with a valid session cookie (the same cookie every
# time: each request opens it, changes the session and seals it again).
# Instructions per request = (run at N2 - run at N1) / (N2 - N1), so start-up
# and compilation cancel out; the count is deterministic, unlike req/s on a
# busy machine. Variants: none, cookie (floor), sessionfloor (the cookie floor
# plus PHP's session machinery on bench/nullhandler, a handler doing nothing;
# its own ini loads it by path), userland, sealedcookie.
# memcached, redis and files spend their time in the kernel and the store,
# which callgrind does not see, so they are left out.
#
# Writes markdown to BENCH_OUT: a table of instructions per request, then the
# sealedcookie breakdown (by object, top functions, entry points).
# Env: BENCH_OUT (required), BENCH_PROFILE_N1 (20), BENCH_PROFILE_N2 (220).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=${BENCH_OUT:?BENCH_OUT must name the output file}
n1=${BENCH_PROFILE_N1:-20}
n2=${BENCH_PROFILE_N2:-220}

have_sealedcookie=0
bench_have_sealedcookie && have_sealedcookie=1
nullhandler=$(bench_nullhandler) || nullhandler=""
variants=(none cookie)
[ -n "$nullhandler" ] && variants+=(sessionfloor)
variants+=(userland)
[ "$have_sealedcookie" = 1 ] && variants+=(sealedcookie)

bench_init
work=$SRV_DIR
key=$(srv_new_key)
bench_key_php "$key" "$work/key.php"
bench_php_ini "$work/php.ini" "$have_sealedcookie"
[ "$have_sealedcookie" = 1 ] && echo "sealedcookie.keys=$key" >>"$work/php.ini"
unset key
echo "session.save_handler=$([ "$have_sealedcookie" = 1 ] && echo sealedcookie || echo files)" >>"$work/php.ini"
echo "session.save_path=$work" >>"$work/php.ini"
# The session floor's ini: the same, plus the null handler (the later line wins).
if [ -n "$nullhandler" ]; then
  { cat "$work/php.ini"; echo "extension=$nullhandler"; echo "session.save_handler=benchnull"; } \
    >"$work/php.sessionfloor.ini"
fi

session_id=profile0123456789abcdefghij

# cgi VARIANT COOKIE [valgrind args...]: one php-cgi run of app.php, with the
# variant's own ini if it has one.
cgi() {
  local variant=$1 cookie=$2 ini=$work/php.ini
  shift 2
  [ -f "$work/php.$variant.ini" ] && ini=$work/php.$variant.ini
  HTTP_COOKIE=$cookie BENCH_VARIANT=$variant BENCH_KEY_FILE="$work/key.php" \
    BENCH_FLOOR_COOKIE_FILE="$work/floor_cookie.php" REDIRECT_STATUS=200 \
    timeout 300 "$@" "$SRV_CGI_BIN" -n -c "$ini" "${cgi_args[@]}" "$here/app.php"
}

# The data cookie a variant sets after two requests (steady state), or "".
data_cookie_of() {
  local cookie="PHPSESSID=$session_id" line
  for _ in 1 2; do
    cgi_args=()
    line=$(cgi "$1" "$cookie" | tr -d '\r' | grep '^Set-Cookie: PHPSESSID_SC=' | tail -n 1 || true)
    [ -n "$line" ] || return 0
    cookie="PHPSESSID=$session_id; $(sed -E 's/^Set-Cookie: ([^;]*).*/\1/' <<<"$line")"
  done
  echo "$cookie"
  echo "$line" >"$work/last_set_cookie.$1"
}

declare -A cookies
cookies[none]="PHPSESSID=$session_id"
cookies[userland]=$(data_cookie_of userland)
[ "$have_sealedcookie" = 1 ] && cookies[sealedcookie]=$(data_cookie_of sealedcookie)
floor_source=$([ "$have_sealedcookie" = 1 ] && echo sealedcookie || echo userland)
php -n -r '[$name, $rest] = explode("=", substr($argv[1], strlen("Set-Cookie: ")), 2);
  $value = strstr($rest, ";", true); $value = $value === false ? $rest : $value;
  $line = "Set-Cookie: $name=" . str_repeat("A", strlen($value)) . substr($rest, strlen($value));
  echo "<?php return ", var_export($line, true), ";\n";' \
  "$(cat "$work/last_set_cookie.$floor_source")" >"$work/floor_cookie.php"
floor_value=$(sed -E 's/^[^=]*=([^;]*).*/\1/' <<<"${cookies[$floor_source]#*; }")
cookies[cookie]="PHPSESSID=$session_id; PHPSESSID_SC=${floor_value//?/A}"
# The same bytes: the id (which the session reads) and the floor's data cookie.
cookies[sessionfloor]=${cookies[cookie]}

declare -A per_request
for v in "${variants[@]}"; do
  if [ -z "${cookies[$v]:-}" ]; then
    echo "profile: $v set no data cookie; skipped" >&2
    continue
  fi
  for n in "$n1" "$n2"; do
    cgi_args=(-T "$n")
    cgi "$v" "${cookies[$v]}" valgrind --tool=callgrind --callgrind-out-file="$work/cg.$v.$n" \
      >/dev/null 2>"$work/valgrind.$v.$n.log"
    callgrind_annotate --auto=no --threshold=100 "$work/cg.$v.$n" >"$work/self.$v.$n" 2>/dev/null
    callgrind_annotate --auto=no --threshold=100 --inclusive=yes "$work/cg.$v.$n" \
      >"$work/incl.$v.$n" 2>/dev/null
  done
  per_request[$v]=$(php -n "$here/profile_diff.php" total "$n1" "$n2" "$work/self.$v.$n1" "$work/self.$v.$n2")
  echo "profile: $v ${per_request[$v]} instructions per request" >&2
done

# Time, not instructions: php-cgi's own "Elapsed time" for -T requests, the
# variants interleaved, median of 3.
timed_requests=${BENCH_PROFILE_TIMED:-5000}
declare -A micros
for _ in 1 2 3; do
  for v in "${variants[@]}"; do
    [ -n "${per_request[$v]:-}" ] || continue
    cgi_args=(-T "$timed_requests")
    seconds=$(cgi "$v" "${cookies[$v]}" 2>&1 >/dev/null | sed -n 's/^Elapsed time: \([0-9.]*\).*/\1/p')
    micros[$v]+="${seconds:-0} "
  done
done
# shellcheck disable=SC2086
median_us() { php -n -r '$s = array_slice($argv, 2); sort($s); printf("%.1f", $s[intdiv(count($s), 2)] * 1e6 / $argv[1]);' "$timed_requests" $1; }
declare -A us
for v in "${!micros[@]}"; do us[$v]=$(median_us "${micros[$v]}"); done

# Where the time goes (perf with the cpu-clock software event: this VM has no
# hardware counters, so `perf stat -e instructions` does not work, but timer
# sampling does).
perf_ok=0
if [ "$have_sealedcookie" = 1 ] && perf record -q -e cpu-clock -o "$work/perf.probe" true >/dev/null 2>&1; then
  cgi_args=(-T 40000)
  cgi sealedcookie "${cookies[sealedcookie]}" perf record -q -e cpu-clock -F 20000 -o "$work/perf.data" \
    >/dev/null 2>"$work/perf.log" && perf_ok=1
fi

{
  echo "| variant | instructions per request | × no-session | × cookie floor | × session floor | µs per request in php-cgi | × no-session | × cookie floor | × session floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for v in "${variants[@]}"; do
    [ -n "${per_request[$v]:-}" ] || continue
    # Arguments: the variant, its instructions and the three floors', its µs and
    # the floors' ("" for a floor not measured: "-").
    php -n -r '$ratio = fn($a, $b) => $b === "" ? "-" : sprintf("%.2f", $a / $b);
      [, $v, $i, $in, $ic, $is, $t, $tn, $tc, $ts] = $argv;
      printf("| %s | %d | %s | %s | %s | %.1f | %s | %s | %s |\n", $v, $i, $ratio($i, $in), $ratio($i, $ic),
        $ratio($i, $is), $t, $ratio($t, $tn), $ratio($t, $tc), $ratio($t, $ts));' \
      "$v" "${per_request[$v]}" "${per_request[none]:-}" "${per_request[cookie]:-}" "${per_request[sessionfloor]:-}" \
      "${us[$v]}" "${us[none]:-}" "${us[cookie]:-}" "${us[sessionfloor]:-}"
  done
  echo
  echo "µs per request: \`php-cgi -T $timed_requests\`, its own elapsed time ÷ requests, median of 3 interleaved runs"
  echo "(PHP's request start-up, the page, shutdown and writing the response to /dev/null; no web server)."
  echo
  if [ "$perf_ok" = 1 ]; then
    echo "Where the sealedcookie request's time goes (perf, cpu-clock sampling at 20 kHz, php-cgi -T 40000):"
    echo
    echo "| object | share of time |"
    echo "|---|---:|"
    perf report -i "$work/perf.data" --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | sed -n '1,8p' |
      awk '{ printf "| %s | %s |\n", $2, $1 }'
    echo
    echo "| function | object | share of time |"
    echo "|---|---|---:|"
    perf report -i "$work/perf.data" --sort dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | sed -n '1,15p' |
      awk '{ pct = $1; dso = $2; $1 = ""; $2 = ""; $3 = ""; sub(/^ +/, ""); printf "| `%s` | %s | %s |\n", $0, dso, pct }'
    echo
  fi
  if [ -n "${per_request[sealedcookie]:-}" ]; then
    php -n "$here/profile_diff.php" report "$n1" "$n2" "$work/self.sealedcookie.$n1" \
      "$work/self.sealedcookie.$n2" "$work/incl.sealedcookie.$n1" "$work/incl.sealedcookie.$n2" sealedcookie
  fi
} >"$out"
