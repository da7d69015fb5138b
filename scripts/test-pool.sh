#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR disable=SC2016
# Pool integration test: three php-fpm servers with sealedcookie behind an nginx load
# balancer (round robin, no sticky sessions) on 127.0.0.1, simulated users with their own
# cookies, one php-fpm server killed mid-run, then a rolling key rotation under load;
# issue 11's runs: the one-push rotation with one server's clock skewed (libfaketime,
# 5 s behind, 180 s ahead), a global revocation (exactly the sessions created before it
# logged out), a reload with a broken key file on one server (it must refuse to start,
# the pool keeps serving), the servers' counters against the driver's counts; then a
# one-minute soak (scripts/soak.sh: full load, the workers' memory sampled).
# Fails (exit 1) if any sealedcookie request fails or any sealedcookie session is lost,
# or the soak finds errors, lost sessions or growing memory.
# The php-memcached runs (two nodes, one killed; plain and with replicas) are printed
# for comparison, never asserted.
#
# Assumes scripts/deps.sh ran; builds and installs the extension itself
# (scripts/build-ext.sh --install is idempotent). Starts its own memcached, php-fpm and
# nginx on free ports, stops them by PID on exit. About five minutes: one the soak; the
# one-push rotation with a clock 180 s ahead waits for that clock for three and a half,
# in the background (its own directory and PID list) while the other runs go on.
# The last line is `pool: N passed, M failed`.
# Environment: TEST_POOL_USERS (60), TEST_POOL_ROUNDS (12), TEST_POOL_MEMCACHED=0 skips
# the memcached runs, TEST_POOL_SOAK_SECONDS (60; 0 skips the soak), POOL_KEEP=1 keeps
# the temp dir with all logs; issue 11's knobs: scripts/pool/README.md.
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

# ---- issue 11: what the extension has; the long one-push run starts in the background --
# The extension's side lands piece by piece: a scenario whose feature is missing reports
# FAIL "not implemented" (a failure, not a skip) and is not run.
ext="${POOL_SEALEDCOOKIE_EXT:-sealedcookie}" # the extension the pool loads
ext_has() { "$SRV_PHP_BIN" -n -d "extension=$ext" "$@" >/dev/null 2>&1; }
has_facts=0 has_counters=0 has_revoke=0 has_activate=0
ext_has -r 'exit(function_exists("sealedcookie_facts") ? 0 : 1);' && has_facts=1
ext_has -r 'exit(function_exists("sealedcookie_counters") ? 0 : 1);' && has_counters=1
ext_has -r 'exit(ini_get("sealedcookie.revoked_before") === false ? 1 : 0);' && has_revoke=1
# A key file whose first key carries an activation time loads without a warning.
probe_keys="$SRV_DIR/probe-keys"
(umask 077 && printf '%s\n' "a:$(srv_new_key) activate=2000-01-01T00:00:00Z" "b:$(srv_new_key)" >"$probe_keys")
probe_out=$("$SRV_PHP_BIN" -n -d "extension=$ext" -d display_startup_errors=1 -d error_reporting=-1 \
  -d "sealedcookie.key_file=$probe_keys" -r 'echo "loaded\n";' 2>&1)
[ "$probe_out" = loaded ] && has_activate=1
rm -f "$probe_keys"
missing() { # missing FLAG WHAT: a FAIL line when FLAG is 0
  [ "$1" = 1 ] || check "$2: not implemented in the extension (yet)" false
}
missing "$has_facts" "sealedcookie_facts()"
missing "$has_counters" "sealedcookie_counters()"
missing "$has_revoke" "sealedcookie.revoked_before"
missing "$has_activate" "key activation times in the key file (activate=)"
if [ -z "$POOL_FAKETIME_LIB" ]; then
  check "libfaketime installed (scripts/deps.sh: faketime)" false
fi
# the checks every issue 11 run shares: 0 failed, 0 lost, 0 unreachable, every user out
run_checks() { # run_checks NAME WHAT USERS
  check "$2 run completed" test -s "$SRV_DIR/results/$1.json"
  check "$2: driver finished in time" eq "$(get "$1" aborted)" 0
  check "$2: 0 failed requests" eq "$(get "$1" failed)" 0
  check "$2: 0 sessions lost" eq "$(get "$1" lost)" 0
  check "$2: every user passed its final check and logged out" \
    eq "$(get "$1" unreachable)/$(get "$1" logouts)" "0/$3"
}
# phase_of NAME INDEX FIELD KEY: a count from one phase of a run (0 if absent)
phase_of() {
  "$SRV_PHP_BIN" -n -r '$r = json_decode(file_get_contents($argv[1]), true);
    echo (int) ($r["phases"][(int) $argv[2]][$argv[3]][$argv[4]] ?? 0);' \
    "$SRV_DIR/results/$1.json" "$2" "$3" "$4" 2>/dev/null || echo 0
}
# clock_ok NAME SERVER SKEW: every answer of SERVER showed its time() SKEW s (+-2) from ours
clock_ok() {
  "$SRV_PHP_BIN" -n -r '$r = json_decode(file_get_contents($argv[1]), true);
    $c = $r["seen"]["clock"][$argv[2]] ?? null; $s = (int) $argv[3];
    exit($c !== null && $c[0] >= $s - 2 && $c[1] <= $s + 2 ? 0 : 1);' "$SRV_DIR/results/$1.json" "$2" "$3"
}

onepush_users=${TEST_POOL_ONEPUSH_USERS:-40}
onepush_checks() { # onepush_checks SKEW RC: the checks of one one-push run
  local skew=$1 n="onepush${1//[+-]/}" w="one-push rotation (clock ${1}s)" old_sealed new_sealed late p s
  check "$w: every reload came back within the lead, every wait was reached" eq "$2" 0
  run_checks "$n" "$w" "$onepush_users"
  check "$w: server 3's PHP time() was ${skew}s off in every answer (libfaketime), servers 1-2 not" \
    eval 'clock_ok "$n" fpm3 "$skew" && clock_ok "$n" fpm1 0 && clock_ok "$n" fpm2 0'
  # phases: 0 before, 1 push + reloads, 2 waiting for activation, 3 activated, 4 second push, 5 after
  old_sealed=$(($(phase_of "$n" 3 sealed_keys k1old) + $(phase_of "$n" 4 sealed_keys k1old) + $(phase_of "$n" 5 sealed_keys k1old)))
  new_sealed=$(phase_of "$n" 3 sealed_keys k2new)
  check "$w: once every clock passed the activation, every seal used the new key ($new_sealed new, $old_sealed old)" \
    eq "$old_sealed/$((new_sealed > 0))" "0/1"
  if [ "$has_counters" = 1 ]; then
    check "$w: the servers' counters saw seals move to the new key (seals_by_key.k2new $(get "$n" counters.activated.seals_by_key.k2new))" \
      gt0 "$(get "$n" counters.activated.seals_by_key.k2new)"
  fi
  late=0
  for p in 4 5; do
    for s in resealed invalid expired; do late=$((late + $(phase_of "$n" "$p" statuses "$s"))); done
    late=$((late + $(phase_of "$n" "$p" sent_keys k1old)))
  done
  check "$w: after the old key's removal no cookie needed it" eq "$late" 0
  check "$w: at the end every user held a cookie sealed by the new key" \
    eq "$(get "$n" last_keys)" "{\"k2new\":$onepush_users}"
}
# A skew of minutes makes a run wait minutes for the clocks: such runs (|skew| > 30 s) start
# now, in the background, in their own directory and PID list, while the other runs go on;
# the others run in their place below.
bg_pids=() bg_skews=() fg_skews=()
if [ "$has_activate" = 1 ] && [ -n "$POOL_FAKETIME_LIB" ]; then
  for skew in ${TEST_POOL_SKEWS:--5 +180}; do
    if ((${skew#[+-]} <= 30)); then
      fg_skews+=("$skew")
      continue
    fi
    n="onepush${skew//[+-]/}"
    echo "# sealedcookie: one-push key rotation under load, $onepush_users users, server 3's clock ${skew}s (libfaketime)"
    echo "  (in the background at ${POOL_BG_RATE:-80} requests/s: its output follows the other runs)"
    POOL_ROTATION_RATE=${POOL_BG_RATE:-80} pool_background "$n" \
      pool_scenario_onepush "$n" "sealedcookie, one-push rotation, clock ${skew}s" "$onepush_users" "$skew"
    bg_pids+=("$POOL_BG_PID")
    bg_skews+=("$skew")
  done
fi

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

# ---- one-push rotation, clocks a few seconds apart ------------------------------------
for skew in "${fg_skews[@]}"; do
  n="onepush${skew//[+-]/}"
  echo "# sealedcookie: one-push key rotation under load, $onepush_users users, server 3's clock ${skew}s (libfaketime)"
  srv_isolated pool_scenario_onepush "$n" "sealedcookie, one-push rotation, clock ${skew}s" "$onepush_users" "$skew"
  onepush_checks "$skew" $?
done

# ---- global revocation; broken key file on a reload (issue 11) ------------------------
revoke_a=${TEST_POOL_REVOKE_USERS:-40}
revoke_b=$revoke_a
if [ "$has_revoke" = 1 ]; then
  echo "# sealedcookie: global revocation under load: group A ($revoke_a users) logs in before T, revoked_before = T pushed, group B ($revoke_b) after"
  srv_isolated pool_scenario_revocation revocation "sealedcookie, global revocation" "$revoke_a" "$revoke_b"
  rc=$?
  w="revocation"
  check "$w: every reload came back, every wait was reached" eq "$rc" 0
  run_checks revocation "$w" $((revoke_a + revoke_b))
  check "$w: each group A user saw \"revoked\" exactly once ($(get revocation revoked_users) of $revoke_a)" \
    eq "$(get revocation revoked_expected)/$(get revocation revoked_users)/$(get revocation seen.status.revoked)" \
    "$revoke_a/$revoke_a/$revoke_a"
  check "$w: no other session was revoked (group B, group A's new sessions)" eq "$(get revocation revoked_unexpected)" 0
fi

broken_users=${TEST_POOL_BROKEN_USERS:-40}
echo "# sealedcookie: server 2 reloaded with a broken key file under load, $broken_users users"
srv_isolated pool_scenario_broken_key broken "sealedcookie, broken key file on 1 reload" "$broken_users"
rc=$?
w="broken key file"
check "$w: the run's waits were reached" eq "$rc" 0
run_checks broken "$w" "$broken_users"
check "$w: server 2's php-fpm refused to start (master exited, status $(get broken broken_key.exit_status))" \
  eq "$(get broken broken_key.refused)" 1
check "$w: server 2's log names the problem (a sealedcookie: line)" gt0 "$(get broken broken_key.log_lines)"
check "$w: server 2 serves again once the file is restored and it is started" eq "$(get broken broken_key.restarted)" 1

# ---- 3. negative control: the checks above can see a loss --------------------------
echo "# negative control: server 3 holds a different key, so the driver must see lost sessions"
srv_isolated pool_scenario_foreign_key foreign "control: 1 server with a foreign key" 20 5
control_lost=$(get foreign lost)
check "control: a server with a foreign key makes the driver report lost sessions (${control_lost:-none})" gt0 "$control_lost"

# ---- counters (issue 11): the servers' own counts against the driver's --------------
counters_users=${TEST_POOL_COUNTERS_USERS:-40}
if [ "$has_counters" = 1 ]; then
  echo "# sealedcookie: $counters_users users x 8 increments, every server's counters before and after"
  srv_isolated pool_scenario_counters counters "sealedcookie, counters run" "$counters_users" 8
  run_checks counters "counters run" "$counters_users"
  for n in counters foreign; do
    check "counters ($n run): opens by status, reason and key, seals by key equal the driver's counts" \
      eq "$(get "$n" counters_match)" 1
  done
fi

# ---- the one-push runs that went in the background: wait for them, check them -------
for k in "${!bg_pids[@]}"; do
  pool_background_wait "${bg_pids[$k]}"
  rc=$?
  echo "# sealedcookie: one-push key rotation, server 3's clock ${bg_skews[$k]}s (ran in the background)"
  cat "$SRV_DIR/onepush${bg_skews[$k]//[+-]/}.bg.out"
  onepush_checks "${bg_skews[$k]}" "$rc"
done

# ---- 4. php-memcached for comparison (reported, not asserted) ------------------------
if [ "${TEST_POOL_MEMCACHED:-1}" != 0 ]; then
  echo "# php-memcached, 2 nodes, node 1 killed mid-run (reported only)"
  srv_isolated pool_scenario_kill memcached "memcached 2 nodes, 1 node killed" memcached "$users" "$rounds" || true
  srv_isolated pool_scenario_kill memcached-replica "memcached 2 nodes + replicas, 1 killed" memcached-replica "$users" "$rounds" || true
  srv_isolated pool_scenario_kill memcached-replica-nolock "memcached + replicas, no locking, 1 killed" memcached-replica-nolock "$users" "$rounds" || true
fi

echo
results=()
for n in sealed memcached memcached-replica memcached-replica-nolock rotation onepush revocation broken \
  counters; do
  for f in "$SRV_DIR/results/$n".json "$SRV_DIR/results/$n"[0-9]*.json; do
    [ -f "$f" ] && results+=("$f")
  done
done
if ((${#results[@]})); then
  pool_report table "${results[@]}"
  for f in "${results[@]}"; do pool_report details "$f"; done
  for f in "${results[@]}"; do
    case $f in */rotation.json | */onepush*.json | */revocation.json | */broken.json) ;; *) continue ;; esac
    echo "  phases of $(basename "$f" .json):"
    pool_report phases "$f"
  done
  for n in counters foreign; do
    [ -f "$SRV_DIR/results/$n.json" ] && pool_report counters "$SRV_DIR/results/$n.json"
  done
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
srv_stop_background
srv_stop_tracked
if [ -n "${POOL_KEEP:-}" ]; then echo "logs kept in $SRV_DIR"; else rm -rf "$SRV_DIR"; fi
echo "pool: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
