#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR disable=SC2016
# sealedcookie demo: a pool of three php-fpm servers behind an nginx load balancer
# (round robin, no sticky sessions), many simulated users, and one server killed in
# the middle of the run. Then the same with php-memcached over two memcached nodes,
# one node killed: plain, with php-memcached's replica settings, and with replicas and
# no session locking. Finally a rolling key rotation under load.
#
#   scripts/demo.sh                installs the Debian packages (scripts/deps.sh), builds
#                                  and installs the extension, runs the demo
#   scripts/demo.sh --skip-build   run again without deps/build
#   scripts/demo.sh --serve        keep a pool up instead and print the URL of its demo page
#                                  (which server answered, the session, its cookies, buttons
#                                  to kill/restart a server, rotate the key...); Ctrl-C stops it
#
# Environment: DEMO_USERS (100), DEMO_ROUNDS (20 increments per user), POOL_RATE
# (requests/s cap, 200), POOL_KEEP=1 keeps the temp dir with all logs.
# Everything runs on 127.0.0.1 in its own temp dir and free ports; every process it
# starts is stopped by PID when it exits. About a minute after the build.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."

skip_build=0
serve=0
for a in "$@"; do
  case $a in
    --skip-build) skip_build=1 ;;
    --serve) serve=1 ;;
    -h | --help) sed -n '2,18p' "$self"; exit 0 ;;
    *) echo "usage: $0 [--skip-build] [--serve]" >&2; exit 2 ;;
  esac
done

if [ "$skip_build" -eq 0 ]; then
  scripts/deps.sh
  echo "demo: building and installing the extension (scripts/build-ext.sh --install)"
  timeout 900 scripts/build-ext.sh --install
fi

# shellcheck source=pool/lib.sh
. scripts/pool/lib.sh

# DEMO_HANDLER=files runs the same harness without the extension (harness development).
handler=${DEMO_HANDLER:-sealedcookie}
export POOL_ROTATION_HANDLER=$handler
if [ "$handler" = sealedcookie ] && ! "$SRV_PHP_BIN" -n -d extension=sealedcookie -r 'exit(function_exists("sealedcookie_status") ? 0 : 1);' 2>/dev/null; then
  echo "demo: the sealedcookie extension does not load (php -n -d extension=sealedcookie)" >&2
  exit 1
fi

if [ "$serve" -eq 1 ]; then
  # shellcheck source=pool/serve.sh
  . scripts/pool/serve.sh
  pool_init demo-serve
  serve_up page
  cat <<EOF

sealedcookie pool demo page: nginx (round robin, no sticky sessions) in front of $POOL_SERVERS php-fpm
servers on 127.0.0.1, and a control server (127.0.0.1:$SERVE_CONTROL_PORT) for the buttons that
kill and restart a server or rotate the key. Open in a browser on this machine:

    $SERVE_URL

Ctrl-C stops everything (by PID). Logs: $P_DIR
EOF
  while :; do sleep 1; done
fi

users=${DEMO_USERS:-100}
rounds=${DEMO_ROUNDS:-20}
pool_init demo
started=$SECONDS

cat <<EOF

sealedcookie pool demo: nginx (round robin, no sticky sessions) in front of $POOL_SERVERS php-fpm
servers on 127.0.0.1. $users users each log in, increment a counter $rounds times (checking
after every answer that the server's count equals their own), and log out. After a
third of the requests one server dies (SIGKILL to its fpm master and workers).

EOF

rc=0
srv_isolated pool_scenario_kill sealed "$handler, 3 fpm, 1 fpm killed" "$handler" "$users" "$rounds" || rc=1
srv_isolated pool_scenario_kill memcached "memcached 2 nodes, 1 node killed" memcached "$users" "$rounds" || rc=1
srv_isolated pool_scenario_kill memcached-replica "memcached 2 nodes + replicas, 1 killed" memcached-replica "$users" "$rounds" || rc=1
srv_isolated pool_scenario_kill memcached-replica-nolock "memcached + replicas, no locking, 1 killed" memcached-replica-nolock "$users" "$rounds" || rc=1
srv_isolated pool_scenario_rotation rotation "$handler, rolling key rotation" "$users" || rc=1

results=()
for n in sealed memcached memcached-replica memcached-replica-nolock rotation; do
  [ -f "$SRV_DIR/results/$n.json" ] && results+=("$SRV_DIR/results/$n.json")
done

echo
echo "Summary (sessions lost must be 0 for sealedcookie):"
echo
pool_report table "${results[@]}"
echo
echo "failed = the user got an error (HTTP 5xx, reset, timeout); sessions lost = the user found"
echo "itself logged out or its counter reset, or its last request failed and the session"
echo "could not be shown to exist at the end."
echo
echo "Details:"
for f in "${results[@]}"; do pool_report details "$f"; done
if [ -f "$SRV_DIR/results/rotation.json" ]; then
  echo
  echo "Rotation phases. read status: what reading the cookie found (resealed = opened with"
  echo "the old key and re-sealed with the new one on that response). Cookies sent, by sealing"
  echo "key: the key id each sealed cookie carries in the clear, mapped to the key's label."
  pool_report phases "$SRV_DIR/results/rotation.json"
fi
for n in sealed rotation; do
  f="$SRV_DIR/results/$n.json"
  [ -f "$f" ] || continue
  bad=0
  for k in failed lost unreachable; do
    v=$(pool_report get "$f" "$k")
    bad=$((bad + ${v:-1}))
  done
  if [ "$bad" -ne 0 ]; then
    echo "demo: $handler failed requests or lost sessions in the '$n' run: that is a bug" >&2
    rc=1
  fi
done
echo
echo "Total time after the build: $((SECONDS - started))s. Rotation procedure: scripts/pool/ROTATION.md"
[ "$rc" -eq 0 ] || echo "demo: a step did not complete; run with POOL_KEEP=1 to keep the logs" >&2
exit "$rc"
