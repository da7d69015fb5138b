#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR disable=SC2016
# Pool integration test: three php-fpm servers with sealedcookie behind an nginx load
# balancer (round robin, no sticky sessions) on 127.0.0.1, simulated users with their own
# cookies, one php-fpm server killed mid-run, then a rolling key rotation under load,
# then a one-minute soak (scripts/soak.sh: full load, the workers' memory sampled).
# Fails (exit 1) if any sealedcookie request fails or any sealedcookie session is lost,
# or the soak finds errors, lost sessions or growing memory.
# The php-memcached runs (two nodes, one killed; plain and with replicas) are printed
# for comparison, never asserted.
#
# Assumes scripts/deps.sh ran; builds and installs the extension itself
# (scripts/build-ext.sh --install is idempotent). Starts its own memcached, php-fpm and
# nginx on free ports, stops them by PID on exit. About two minutes, one of them the soak.
# The last line is `pool: N passed, M failed`.
# Environment: TEST_POOL_USERS (60), TEST_POOL_ROUNDS (12), TEST_POOL_MEMCACHED=0 skips
# the memcached runs, TEST_POOL_SOAK_SECONDS (60; 0 skips the soak), POOL_KEEP=1 keeps
# the temp dir with all logs.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
check() { # check DESCRIPTION COMMAND...: on failure, shows the end of COMMAND's output
  local what=$1 out; shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1)); echo "ok   - $what"
  else
    failed=$((failed + 1)); echo "FAIL - $what"
    [ -z "$out" ] || tail -n 15 <<<"$out" | sed 's/^/       /'
  fi
}
eq() { [ "$1" = "$2" ]; }
gt0() { [ "${1:-0}" -gt 0 ] 2>/dev/null; }

users=${TEST_POOL_USERS:-60}
rounds=${TEST_POOL_ROUNDS:-12}

# shellcheck source=pool/lib.sh
. scripts/pool/lib.sh

check "scripts/build-ext.sh --install" timeout 900 scripts/build-ext.sh --install
check "extension loads (php -n -d extension=sealedcookie)" \
  "$SRV_PHP_BIN" -n -d extension=sealedcookie -r 'exit(function_exists("sealedcookie_status") ? 0 : 1);'

pool_init pool
get() { pool_report get "$SRV_DIR/results/$1.json" "$2" 2>/dev/null; }

# ---- 1. sealedcookie, one php-fpm server killed --------------------------------------
echo "# sealedcookie: $users users x $rounds increments, php-fpm server 2 of 3 killed mid-run"
srv_isolated pool_scenario_kill sealed "sealedcookie, 3 fpm, 1 fpm killed" sealedcookie "$users" "$rounds"
check "sealedcookie kill run completed" test -s "$SRV_DIR/results/sealed.json"
check "sealedcookie kill: driver finished in time" eq "$(get sealed aborted)" 0
check "sealedcookie kill: 0 failed requests" eq "$(get sealed failed)" 0
check "sealedcookie kill: 0 sessions lost" eq "$(get sealed lost)" 0
check "sealedcookie kill: 0 sessions unreachable at the end" eq "$(get sealed unreachable)" 0
check "sealedcookie kill: every user logged in, made $rounds increments, logged out" \
  eq "$(get sealed logins)/$(get sealed incr_ok)/$(get sealed logouts)" "$users/$((users * rounds))/$users"
check "sealedcookie kill: requests ran after the kill" gt0 "$(get sealed kill.requests_after)"
check "sealedcookie kill: the killed server answered nothing after the kill" \
  eq "$(get sealed kill.answered_by_target_after)" 0
check "sealedcookie kill: no stickiness (every user answered by 2+ servers)" \
  eq "$(get sealed users_on_several_servers)" "$users"
check "sealedcookie kill: every cookie opened (statuses only none/valid)" \
  "$SRV_PHP_BIN" -n -r '$r = json_decode(file_get_contents($argv[1]), true);
    foreach ($r["by_status"] as $k => $n) { $s = substr($k, strpos($k, ":") + 1); if ($s !== "none" && $s !== "valid") exit(1); }
    exit(empty($r["by_status"]) ? 1 : 0);' "$SRV_DIR/results/sealed.json"

# ---- 2. rolling key rotation under load ------------------------------------------------
echo "# sealedcookie: rolling key rotation under load, $users users"
srv_isolated pool_scenario_rotation rotation "sealedcookie, rolling key rotation" "$users"
rot_rc=$?
check "rotation: every reload came back and every barrier was reached" eq "$rot_rc" 0
check "rotation run completed" test -s "$SRV_DIR/results/rotation.json"
check "rotation: 0 failed requests" eq "$(get rotation failed)" 0
check "rotation: 0 sessions lost" eq "$(get rotation lost)" 0
check "rotation: every user passed its check after the old key was retired" \
  eq "$(get rotation unreachable)/$(get rotation logouts)" "0/$users"
# phases: 0 before, 1 add, 2 promote, 3 wait, 4 retire, 5 after
phase_status() { # phase_status INDEX STATUS -> count of ok answers with that status
  "$SRV_PHP_BIN" -n -r '$r = json_decode(file_get_contents($argv[1]), true);
    echo (int) ($r["phases"][(int) $argv[2]]["statuses"][$argv[3]] ?? 0);' \
    "$SRV_DIR/results/rotation.json" "$1" "$2" 2>/dev/null || echo 0
}
resealed=$(($(phase_status 2 resealed) + $(phase_status 3 resealed)))
check "rotation: no stickiness (every user answered by 2+ servers)" \
  eq "$(get rotation users_on_several_servers)" "$users"
check "rotation: old-key cookies were re-sealed after promotion ($resealed resealed)" gt0 "$resealed"
late=0
for p in 4 5; do
  for s in resealed invalid expired; do late=$((late + $(phase_status "$p" "$s"))); done
done
check "rotation: after retirement no cookie needed the old key (0 resealed/invalid/expired)" eq "$late" 0
# The sealed value names its key (a public key id); the driver records it per request.
old_sent=$("$SRV_PHP_BIN" -n -r '$r = json_decode(file_get_contents($argv[1]), true); $n = 0;
  foreach ([4, 5] as $p) $n += (int) ($r["phases"][$p]["sent_keys"]["k1old"] ?? 0); echo $n;' \
  "$SRV_DIR/results/rotation.json" 2>/dev/null)
check "rotation: after retirement no request carried a cookie sealed by the old key" eq "${old_sent:-x}" 0
last_keys=$(get rotation last_keys)
check "rotation: at the end every user held a cookie sealed by the new key ($last_keys)" \
  eq "$last_keys" "{\"k2new\":$users}"

# ---- 3. negative control: the checks above can see a loss --------------------------
echo "# negative control: server 3 holds a different key, so the driver must see lost sessions"
srv_isolated pool_scenario_foreign_key foreign "control: 1 server with a foreign key" 20 5
control_lost=$(get foreign lost)
check "control: a server with a foreign key makes the driver report lost sessions (${control_lost:-none})" gt0 "$control_lost"

# ---- 4. php-memcached for comparison (reported, not asserted) ------------------------
if [ "${TEST_POOL_MEMCACHED:-1}" != 0 ]; then
  echo "# php-memcached, 2 nodes, node 1 killed mid-run (reported only)"
  srv_isolated pool_scenario_kill memcached "memcached 2 nodes, 1 node killed" memcached "$users" "$rounds" || true
  srv_isolated pool_scenario_kill memcached-replica "memcached 2 nodes + replicas, 1 killed" memcached-replica "$users" "$rounds" || true
  srv_isolated pool_scenario_kill memcached-replica-nolock "memcached + replicas, no locking, 1 killed" memcached-replica-nolock "$users" "$rounds" || true
fi

echo
results=()
for n in sealed memcached memcached-replica memcached-replica-nolock rotation; do
  [ -f "$SRV_DIR/results/$n.json" ] && results+=("$SRV_DIR/results/$n.json")
done
if ((${#results[@]})); then
  pool_report table "${results[@]}"
  for f in "${results[@]}"; do pool_report details "$f"; done
  [ -f "$SRV_DIR/results/rotation.json" ] && pool_report phases "$SRV_DIR/results/rotation.json"
fi

# ---- 5. the short soak: the pool under full load (scripts/soak.sh) ------------------
# Its checks count in this suite's summary. SOAK_BUILD=0: the extension was built above.
soak_seconds=${TEST_POOL_SOAK_SECONDS:-60}
if [ "$soak_seconds" != 0 ]; then
  echo
  echo "# soak: the pool under full load for $soak_seconds s, php-fpm workers' memory sampled"
  SOAK_SECONDS=$soak_seconds SOAK_BUILD=0 bash scripts/soak.sh 2>&1 | tee "$SRV_DIR/soak.out"
  soak_line=$(grep -E '^soak: [0-9]+ passed, [0-9]+ failed$' "$SRV_DIR/soak.out" | tail -n 1)
  if [ -n "$soak_line" ]; then
    passed=$((passed + $(sed -E 's/^soak: ([0-9]+) passed.*/\1/' <<<"$soak_line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$soak_line")))
  else
    check "scripts/soak.sh ran to its summary line" false
  fi
fi

# Stop everything before the last line, so it stays the last line.
trap - EXIT
srv_stop_tracked
if [ -n "${POOL_KEEP:-}" ]; then echo "logs kept in $SRV_DIR"; else rm -rf "$SRV_DIR"; fi
echo "pool: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
