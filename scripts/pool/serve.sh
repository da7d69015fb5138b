# shellcheck shell=bash
# The pool with its demo page and control server, for `scripts/demo.sh --serve` and
# scripts/test-browsers.sh. Source after lib.sh and pool_init, then:
#   serve_up NAME [APP_FILE]   the pool (pool_up NAME sealedcookie) with app/route.php in
#                              front of its app: /demo is app/demo.php, /t/ APP_FILE (the
#                              browser tests' app); then the control server (control.php)
#                              on 127.0.0.1:$SERVE_CONTROL_PORT. Sets SERVE_URL.
# The state the control server needs (ports, PIDs) is in $P_DIR/state; after it acted,
# serve_load_state brings P_FPM_PIDS here up to date.
SERVE_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

serve_up() {
  local name=$1 app=${2:-} f
  P_KEYS=("k1:$(srv_new_key)")
  pool_up "$name" sealedcookie
  mv "$P_DIR/app/index.php" "$P_DIR/app/pool.php"
  cp "$SERVE_LIB_DIR/app/route.php" "$P_DIR/app/index.php"
  cp "$SERVE_LIB_DIR/app/demo.php" "$P_DIR/app/demo.php"
  [ -z "$app" ] || cp "$app" "$P_DIR/app/browsers.php"
  for f in "$P_DIR"/app/*.php; do chmod 644 "$f"; done
  srv_key_id "${P_KEYS[0]}" >"$P_DIR/keyids" # public key ids and labels, for the page
  chmod 644 "$P_DIR/keyids"
  SERVE_STATE="$P_DIR/state"
  POOL_SEALEDCOOKIE_EXT=${POOL_SEALEDCOOKIE_EXT:-sealedcookie}
  declare -p SRV_DIR P_DIR P_HANDLER P_NGINX_PORT P_FPM_PORTS P_FPM_PIDS POOL_SEALEDCOOKIE_EXT | sed "s/^declare /declare -g /" >"$SERVE_STATE"
  SERVE_CONTROL_PORT=$(srv_free_ports 1) || srv_die "no free port for the control server"
  printf '{"control":%d,"nginx":%d}\n' "$SERVE_CONTROL_PORT" "$P_NGINX_PORT" >"$P_DIR/serve.json"
  chmod 644 "$P_DIR/serve.json"
  SERVE_STATE=$SERVE_STATE SERVE_LOG="$P_DIR/control-actions.log" POOL_SERVERS=$POOL_SERVERS \
    "$SRV_PHP_BIN" -n -S "127.0.0.1:$SERVE_CONTROL_PORT" "$SERVE_LIB_DIR/control.php" \
    >>"$P_DIR/control.log" 2>&1 &
  srv_track $!
  srv_wait_port 10 "control server" "$SERVE_CONTROL_PORT" $! || srv_die "control server did not start"
  # shellcheck disable=SC2034 # for the caller
  SERVE_URL="http://127.0.0.1:$P_NGINX_PORT/demo"
}

# serve_load_state: P_FPM_PIDS as the control server left them.
serve_load_state() {
  # shellcheck source=/dev/null
  . "$SERVE_STATE"
}
