#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Browser tests: real browsers keep the session's cookies. The pool (nginx + three php-fpm
# servers, scripts/pool/serve.sh with the demo page and its control server), an HTTPS
# nginx in front of it (a certificate made here with openssl), and headless Chromium
# (Debian's) and Firefox ESR driven by puppeteer-core (scripts/browsers/, `npm ci` by
# scripts/deps.sh browsers): CDP for Chromium, WebDriver BiDi for Firefox. Each flow reads
# the browser's own cookie jar after every step: log in/out with a server killed, chunks
# growing and shrinking, destroy and regenerate, the 4096-byte edge, HttpOnly, SameSite,
# Secure, Path, Partitioned (PHP 8.5+), key rotation, compression, cookies per domain,
# and screenshots of the demo page (out/browsers/*.png by default).
# The browsers reach nothing but 127.0.0.1 (host names mapped there, everything else
# unresolvable or sent to a closed local port). Every process is stopped by PID.
# Environment: BROWSERS_ENGINES ("chromium firefox"), BROWSERS_OUT (out/browsers),
# POOL_KEEP=1 keeps the pool's temp dir. Builds the extension (scripts/build-ext.sh) and
# loads it from out/ext. About a minute. Last line: `browsers: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
root=$PWD
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "browsers: FAIL $*"; }

finish() {
  echo "browsers: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

if ! timeout 900 scripts/build-ext.sh; then
  fail "scripts/build-ext.sh"
  finish
  exit 1
fi
for need in /usr/lib/chromium/chromium scripts/browsers/node_modules/puppeteer-core node openssl; do
  if [ ! -e "$need" ] && ! command -v "$need" >/dev/null; then
    fail "missing $need (run scripts/deps.sh browsers)"
    finish
    exit 1
  fi
done

export POOL_SEALEDCOOKIE_EXT="$root/out/ext/modules/sealedcookie.so"
# shellcheck source=pool/lib.sh
. scripts/pool/lib.sh
# shellcheck source=pool/serve.sh
. scripts/pool/serve.sh
pool_init browsers
out=${BROWSERS_OUT:-$root/out/browsers}
rm -rf "$out"
mkdir -p "$out"

serve_up web "$root/scripts/browsers/app.php"
disown -a # killed and restarted by the flows: no job notices (still stopped by PID on exit)

# HTTPS: a second nginx in front of the pool's, with a certificate for the test names.
front="$SRV_DIR/front"
mkdir -p "$front"
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=app.test \
  -addext subjectAltName=DNS:app.test,DNS:other.test \
  -keyout "$front/key.pem" -out "$front/cert.pem" >"$front/openssl.log" 2>&1; then
  fail "openssl could not make a certificate"
  finish
  exit 1
fi
tls_port=$(srv_free_ports 1)
{
  srv_nginx_head "$front"
  cat <<CONF
  large_client_header_buffers 4 16k;
  server {
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $front/cert.pem;
    ssl_certificate_key $front/key.pem;
    location / {
      proxy_pass http://127.0.0.1:$P_NGINX_PORT;
      proxy_set_header Host \$host:\$server_port;
      proxy_buffer_size 32k;
      proxy_buffers 8 32k;
      proxy_busy_buffers_size 64k;
    }
  }
}
CONF
} >"$front/nginx.conf"
srv_start_nginx "$front" "$tls_port" || { fail "HTTPS nginx did not start"; finish; exit 1; }

php_has_partitioned=$("$SRV_PHP_BIN" -n -r 'echo ini_get("session.cookie_partitioned") === false ? 0 : 1;')
config=$(printf '{"http":%d,"https":%d,"control":%d,"out":"%s","keyids":"%s","php":"%s","partitioned":%d,"engines":"%s"}' \
  "$P_NGINX_PORT" "$tls_port" "$SERVE_CONTROL_PORT" "$out" "$P_DIR/keyids" "$SRV_PHP_VERSION" \
  "$php_has_partitioned" "${BROWSERS_ENGINES:-chromium firefox}")

# The browsers' PIDs are written to $out/pids by the driver, and stopped here too if the
# driver itself has to be stopped.
: >"$out/pids"
: >"$out/run.log"
BROWSERS_CONFIG=$config timeout -k 10 420 node scripts/browsers/run.mjs >"$out/run.log" 2>&1 &
node_pid=$!
srv_track "$node_pid"
tail -n +1 -f --pid="$node_pid" "$out/run.log" | grep --line-buffered -v '^browsers: [0-9]* passed' &
tail_pid=$!
wait "$node_pid"
rc=$?
srv_untrack "$node_pid"
wait "$tail_pid" 2>/dev/null
while read -r pid; do srv_stop_pid "$pid"; done <"$out/pids"

line=$(grep -E '^browsers: [0-9]+ passed, [0-9]+ failed$' "$out/run.log" | tail -n 1)
if [ -n "$line" ]; then
  passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
fi
[ "$rc" -eq 0 ] || [ -n "$line" ] || fail "the browser driver exited with status $rc before its summary"
# The pool answered every request of the flows: no php-fpm warnings or errors logged.
if grep -hE 'PHP (Fatal|Warning: Unknown)|segfault|SIGSEGV' "$P_DIR"/fpm-*.log "$P_DIR"/fpm-*.out 2>/dev/null | head -n 5 | grep .; then
  fail "php-fpm logged a crash or a fatal error"
else
  passed=$((passed + 1))
  echo "browsers: ok pool logs: no crash or fatal error"
fi
echo "browsers: screenshots in $out ($(find "$out" -name '*.png' | wc -l) PNG files)"
finish
