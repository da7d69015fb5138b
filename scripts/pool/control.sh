#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# One action on the pool that scripts/pool/serve.sh started, for its control server
# (control.php): control.sh kill|start I, control.sh rotate, control.sh status.
# The pool's state (directories, ports, PIDs) is in $SERVE_STATE, updated here.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
. "$SERVE_STATE"
SRV_NAME=control

save_state() {
  declare -p SRV_DIR P_DIR P_HANDLER P_NGINX_PORT P_FPM_PORTS P_FPM_PIDS POOL_SEALEDCOOKIE_EXT | sed "s/^declare /declare -g /" >"$SERVE_STATE.tmp"
  mv -f "$SERVE_STATE.tmp" "$SERVE_STATE"
}
up() { [ -n "${P_FPM_PIDS[$1]:-}" ] && kill -0 "${P_FPM_PIDS[$1]}" 2>/dev/null; }

action=${1:-status} i=${2:-0}
case $action in
  kill | start)
    [[ $i =~ ^[0-9]+$ ]] && ((i < POOL_SERVERS)) || exit 2
    ;;
esac
case $action in
  status)
    printf '{"servers":['
    for ((j = 0; j < POOL_SERVERS; j++)); do
      s=false
      up "$j" && s=true
      printf '%s{"index":%d,"name":"fpm%d","up":%s}' "$([ "$j" -gt 0 ] && echo ,)" "$j" $((j + 1)) "$s"
    done
    printf '],"keys":%d}\n' "$(grep -vc '^#' "$P_DIR/keys-1")"
    ;;
  kill)
    up "$i" || exit 0
    srv_log "killing php-fpm $((i + 1)) (SIGKILL to its master and workers)"
    pool_kill_fpm "$i"
    save_state
    ;;
  start)
    up "$i" && exit 0
    srv_log "starting php-fpm $((i + 1))"
    pool_start_server "$i" "$POOL_CHILDREN" "POOL_SERVER=fpm$((i + 1))" "POOL_WORK_MS=0"
    save_state
    srv_wait 15 "php-fpm $((i + 1))" pool_health "$i" || exit 1
    ;;
  rotate)
    # A new primary key; the current keys stay to open (the last two are kept).
    mapfile -t old < <(grep -v '^#' "$P_DIR/keys-1" | head -n 2)
    new="k$(($(wc -l <"$P_DIR/keyids") + 1)):$(srv_new_key)"
    srv_key_id "$new" >>"$P_DIR/keyids"
    for ((j = 0; j < POOL_SERVERS; j++)); do
      srv_write_keys "$P_DIR/keys-$((j + 1))" "$new" "${old[@]}"
      if up "$j"; then pool_reload_fpm "$j" || exit 1; fi
    done
    srv_log "new primary key ${new%%:*}; old keys still open"
    ;;
  *) exit 2 ;;
esac
