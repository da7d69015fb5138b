#!/usr/bin/env bash
# Request-level benchmark: bench/request/app.php served by php-fpm behind nginx,
# driven by wrk with a cookie jar per connection (jar.lua). Variants:
#   none         no session (the floor)
#   cookie       no session, but cookies as large as the sealed one both ways
#   sessionfloor the cookie floor plus PHP's session machinery on a handler
#                doing nothing (bench/nullhandler, loaded by path in its pool)
#   files        session.save_handler=files (a private temp dir)
#   memcached    php-memcached, own memcached
#   redis        phpredis, own redis-server (no persistence)
#   userland     CookieSessionHandler (userland_handler.php), PHP's sodium
#   sealedcookie session.save_handler=sealedcookie
# Each round runs every variant for BENCH_SECONDS (rotating the order), after
# one short warm-up round. Writes one row per (round, variant) to BENCH_OUT:
#   round variant rps p50_us p99_us requests errors lost php_cpu_us nginx_cpu_us wrk_cpu_us
# (the last three: CPU time, user + system, per request of the variant's php-fpm
# workers and nginx (/proc/<pid>/stat) and of wrk (/usr/bin/time): less noisy
# than req/s on a busy machine, and they show what the client costs)
# and the sanity probe (does the counter come back?) to BENCH_OUT.sanity.
#
# Env: BENCH_ROUNDS (12) BENCH_SECONDS (2) BENCH_CONNECTIONS (4; one wrk thread
# each) BENCH_CHILDREN (2 php-fpm children per variant, pm=static)
# BENCH_VARIANTS (all available) BENCH_OUT (required).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

rounds=${BENCH_ROUNDS:-12}
seconds=${BENCH_SECONDS:-2}
connections=${BENCH_CONNECTIONS:-4}
children=${BENCH_CHILDREN:-2}
out=${BENCH_OUT:?BENCH_OUT must name the output file}
session_name=PHPSESSID

have_sealedcookie=0
bench_have_sealedcookie && have_sealedcookie=1
nullhandler=$(bench_nullhandler) || nullhandler=""
if [ -n "${BENCH_VARIANTS:-}" ]; then
  read -r -a variants <<<"$BENCH_VARIANTS"
else
  variants=(none cookie)
  [ -n "$nullhandler" ] && variants+=(sessionfloor)
  variants+=(files memcached redis userland)
  [ "$have_sealedcookie" = 1 ] && variants+=(sealedcookie)
fi
if [ "$have_sealedcookie" = 0 ]; then
  echo "request: the sealedcookie extension does not load; running without it" >&2
fi
if [ -z "$nullhandler" ]; then
  echo "request: bench/nullhandler did not build; running without the session floor" >&2
fi

bench_init
work=$SRV_DIR
mkdir -p "$work/sessions"

# Ports: nginx, memcached, redis, then one php-fpm pool per variant.
mapfile -t ports < <(srv_free_ports $((3 + ${#variants[@]})))
nginx_port=${ports[0]}
memcached_port=${ports[1]}
redis_port=${ports[2]}

key=$(srv_new_key)
bench_key_php "$key" "$work/key.php"
bench_php_ini "$work/php.ini" "$have_sealedcookie"
if [ "$have_sealedcookie" = 1 ]; then
  echo "sealedcookie.keys=$key" >>"$work/php.ini"
fi
unset key

srv_start_memcached "$memcached_port" "$work/memcached.log"
srv_start_redis "$redis_port" "$work"

# php-fpm: one master, one pool per variant (its own port and session settings).
{
  srv_fpm_global "$work/php-fpm"
  i=3
  for v in "${variants[@]}"; do
    srv_fpm_pool "$v" "${ports[$i]}" "$children"
    case $v in
      files)
        echo "php_admin_value[session.save_handler] = files"
        echo "php_admin_value[session.save_path] = $work/sessions" ;;
      memcached)
        echo "php_admin_value[session.save_handler] = memcached"
        echo "php_admin_value[session.save_path] = 127.0.0.1:$memcached_port" ;;
      redis)
        echo "php_admin_value[session.save_handler] = redis"
        echo "php_admin_value[session.save_path] = tcp://127.0.0.1:$redis_port" ;;
      sessionfloor)
        # This pool alone loads the handler (php-fpm loads it in the pool's
        # children), before naming it.
        echo "php_admin_value[extension] = $nullhandler"
        echo "php_admin_value[session.save_handler] = benchnull" ;;
      sealedcookie)
        echo "php_admin_value[session.save_handler] = sealedcookie" ;;
    esac
    i=$((i + 1))
  done
} >"$work/fpm.conf"
srv_start_fpm "$work/php.ini" "$work/fpm.conf" "$work/php-fpm.out"
fpm_pid=$SRV_PID
i=3
for v in "${variants[@]}"; do
  srv_wait_port 10 "php-fpm pool $v" "${ports[$i]}" "$fpm_pid"
  i=$((i + 1))
done

# nginx: one server, a location per variant.
{
  srv_nginx_head "$work"
  echo "  keepalive_requests 100000000;"
  echo "  keepalive_timeout 60s;"
  echo "  server {"
  echo "    listen 127.0.0.1:$nginx_port;"
  echo "    root $here;"
  i=3
  for v in "${variants[@]}"; do
    echo "    location = /$v {"
    echo "      include /etc/nginx/fastcgi_params;"
    echo "      fastcgi_param SCRIPT_FILENAME $here/app.php;"
    echo "      fastcgi_param SCRIPT_NAME /app.php;"
    echo "      fastcgi_param BENCH_VARIANT $v;"
    echo "      fastcgi_param BENCH_KEY_FILE $work/key.php;"
    echo "      fastcgi_param BENCH_FLOOR_COOKIE_FILE $work/floor_cookie.php;"
    echo "      fastcgi_pass 127.0.0.1:${ports[$i]};"
    echo "    }"
    i=$((i + 1))
  done
  echo "  }"
  echo "}"
} >"$work/nginx.conf"
srv_start_nginx "$work" "$nginx_port"
nginx_pid=$SRV_PID

base="http://127.0.0.1:$nginx_port"

# Sanity (sanity.php, through the shared client): three requests with a browser's jar
# per variant, whose counter must reach 3; the cookie floor's Set-Cookie, mirroring the
# sealed one; the session floor at work.
"$SRV_PHP_BIN" -n "$here/sanity.php" "$nginx_port" "$session_name" "$work/floor_cookie.php" "${variants[@]}" \
  >"$out.sanity"
sed -n 's/^\([a-z]*\) BROKEN/request: variant \1 is BROKEN/p' "$out.sanity" >&2

# run_wrk VARIANT SECONDS: prints the RESULT fields.
run_wrk() {
  local check=""
  case $1 in none | cookie | sessionfloor) ;; *) check=check ;; esac
  timeout $(($2 + 30)) /usr/bin/time -o "$work/wrk.time" -f 'wrk_cpu_s=%U+%S' \
    wrk -t "$connections" -c "$connections" -d "${2}s" --timeout 5s \
    -s "$here/jar.lua" "$base/$1" -- "$session_name" $check 2>&1 | sed -n 's/^RESULT //p'
}

# CPU seconds wrk used in the last run_wrk (user + system).
wrk_cpu_seconds() {
  sed -n 's/^wrk_cpu_s=//p' "$work/wrk.time" | awk -F+ '{ print $1 + $2 }'
}

field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }

# CPU time (user + system, clock ticks) used so far by the given processes.
cpu_ticks() {
  local pid total=0
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
ticks_per_second=$(getconf CLK_TCK)

# Each variant's php-fpm workers (by pool name), and nginx's worker.
declare -A pool_pids
for pid in $(pgrep -P "$fpm_pid"); do
  pool=$(tr '\0' ' ' <"/proc/$pid/cmdline" | sed -n 's/^php-fpm: pool \([^ ]*\).*/\1/p')
  [ -n "$pool" ] && pool_pids[$pool]+="$pid "
done
nginx_workers=$(pgrep -P "$nginx_pid" | tr '\n' ' ')

# us_per_request TICKS REQUESTS: CPU microseconds per request.
us_per_request() {
  awk -v t="$1" -v n="$2" -v hz="$ticks_per_second" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }'
}

echo "request: ${#variants[@]} variants, warm-up, then $rounds rounds of ${seconds}s each," \
  "$connections connections, $children php-fpm children" >&2
for v in "${variants[@]}"; do
  run_wrk "$v" 1 >/dev/null
done

echo -e "round\tvariant\trps\tp50_us\tp99_us\trequests\terrors\tlost\tphp_cpu_us\tnginx_cpu_us\twrk_cpu_us" >"$out"
count=${#variants[@]}
# shellcheck disable=SC2086  # lists of PIDs
for ((round = 1; round <= rounds; round++)); do
  for ((k = 0; k < count; k++)); do
    v=${variants[$(((k + round - 1) % count))]}
    php_before=$(cpu_ticks ${pool_pids[$v]:-})
    nginx_before=$(cpu_ticks $nginx_workers)
    result=$(run_wrk "$v" "$seconds")
    php_ticks=$(($(cpu_ticks ${pool_pids[$v]:-}) - php_before))
    nginx_ticks=$(($(cpu_ticks $nginx_workers) - nginx_before))
    if [ -z "$result" ]; then
      echo "request: wrk gave no result for $v in round $round" >&2
      continue
    fi
    requests=$(field requests "$result")
    wrk_ticks=$(awk -v s="$(wrk_cpu_seconds)" -v hz="$ticks_per_second" 'BEGIN { print s * hz }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$v" "$(field rps "$result")" \
      "$(field p50_us "$result")" "$(field p99_us "$result")" "$requests" \
      "$(field errors "$result")" "$(field lost "$result")" \
      "$(us_per_request "$php_ticks" "$requests")" "$(us_per_request "$nginx_ticks" "$requests")" \
      "$(us_per_request "$wrk_ticks" "$requests")" >>"$out"
    echo "request: round $round $v $(field rps "$result") req/s" >&2
  done
done

if [ -s "$work/php_errors.log" ]; then
  echo "request: PHP logged $(wc -l <"$work/php_errors.log") lines; first ones:" >&2
  head -n 5 "$work/php_errors.log" | cut -c1-300 >&2
fi
