<?php
// Sums up the thread test: php check.php DIR MIN_THREADS
// Reads DIR/client-*.json (client.php) and DIR/error.log (apache), prints the
// figures and failures, then exactly one line "zts-threads: N passed, M failed"
// (N, M: requests that passed/failed every check, plus the checks over all
// clients below). Exits 1 when anything failed.
[, $dir, $minThreads] = $argv;
$minThreads = (int) $minThreads;
$passed = 0;
$failed = 0;
$clients = glob("$dir/client-*.json");
$expected = (int) trim((string) @file_get_contents("$dir/clients"));
$requests = 0;
$sessions = 0;
$samples = [];
$sidOwner = [];
$sealedOwner = [];
$crossed = [];
$modes = [];
$mostChunks = 0;
foreach ($clients as $file) {
    $c = json_decode((string) file_get_contents($file), true);
    if (!is_array($c)) {
        echo "zts-threads: $file is not a summary\n";
        $failed++;
        continue;
    }
    $modes[$c['mode']] = ($modes[$c['mode']] ?? 0) + 1;
    $requests += $c['requests'];
    $passed += $c['ok'];
    $failed += count($c['failures']);
    foreach (array_slice($c['failures'], 0, 5) as $f) echo "  FAIL $f\n";
    if (count($c['failures']) > 5) echo '  ... and ' . (count($c['failures']) - 5) . " more for {$c['id']}\n";
    $mostChunks = max($mostChunks, $c['most_data_cookies']);
    $sessions += $c['mode'] === 'normal' ? 1 : 2;
    foreach ($c['sids'] as $sid) {
        if (isset($sidOwner[$sid]) && $sidOwner[$sid] !== $c['id']) $crossed[] = "session id shared by {$sidOwner[$sid]} and {$c['id']}";
        $sidOwner[$sid] = $c['id'];
    }
    foreach ($c['sealed'] as $h) {
        if (isset($sealedOwner[$h]) && $sealedOwner[$h] !== $c['id']) $crossed[] = "a sealed value sent to both {$sealedOwner[$h]} and {$c['id']}";
        $sealedOwner[$h] = $c['id'];
    }
    foreach ($c['samples'] as $s) $samples[] = $s;
}

/** Checks over all clients: [what, ok, detail]. */
$checks = [];
$checks[] = ['every client finished', count($clients) === $expected && $expected > 0,
    count($clients) . " of $expected summaries"];
$checks[] = ['no session id or sealed value crossed between clients', !$crossed,
    $crossed ? implode('; ', array_slice(array_unique($crossed), 0, 5)) : count($sidOwner) . ' ids, ' . count($sealedOwner) . ' sealed values'];

$threads = [];
$pids = [];
foreach ($samples as [$pid, $tid]) {
    $threads["$pid/$tid"] = ($threads["$pid/$tid"] ?? 0) + 1;
    $pids[$pid] = true;
}
$checks[] = ["requests served by at least $minThreads threads", count($threads) >= $minThreads,
    count($threads) . ' threads in ' . count($pids) . ' process(es)'];

// Most requests in progress at once, from the [t0, t1] each request reported
// (hrtime: one monotonic clock for the whole machine), and on how many threads.
$events = [];
foreach ($samples as [$pid, $tid, $t0, $t1]) {
    $events[] = [$t0, 1, "$pid/$tid"];
    $events[] = [$t1, -1, "$pid/$tid"];
}
usort($events, fn($a, $b) => $a[0] <=> $b[0] ?: $a[1] <=> $b[1]);
$now = [];
$most = 0;
foreach ($events as [, $d, $t]) {
    if ($d > 0) $now[$t] = ($now[$t] ?? 0) + 1;
    elseif (--$now[$t] === 0) unset($now[$t]);
    $most = max($most, count($now));
}
$checks[] = ['requests in progress on several threads at once', $most >= 2,
    "at most $most threads inside a request at the same moment"];

$log = (string) @file_get_contents("$dir/error.log");
$bad = preg_grep('/exit signal|Segmentation|AH00052|PHP (Fatal|Warning|Notice)|zend_mm_heap|Assertion|double free|corrupted/i',
    explode("\n", $log));
$checks[] = ['apache error log clean (no crash, no PHP warning)', !$bad,
    $bad ? implode(' | ', array_slice($bad, 0, 3)) : 'nothing'];

$statics = trim((string) @file_get_contents("$dir/statics.txt"));
// With --list, the verdict is the last line.
if (preg_match('/^statics: \d+ symbols, all known$/m', $statics, $m)) $statics = $m[0];
$checks[] = ['no writable static outside the module globals (statics.sh)',
    (bool) preg_match('/^statics: \d+ symbols, all known$/', $statics), str_replace("\n", ' | ', $statics)];

foreach ($checks as [$what, $ok, $detail]) {
    echo ($ok ? '  ok   ' : '  FAIL ') . "$what: $detail\n";
    $ok ? $passed++ : $failed++;
}
$perThread = $threads ? array_values($threads) : [0];
printf("zts-threads: %d requests from %d clients (%s), %d sessions (up to %d data cookies each), %d threads (requests per thread %d..%d), up to %d at once\n",
    $requests, count($clients), implode(', ', array_map(fn($m, $n) => "$n $m", array_keys($modes), $modes)),
    $sessions, $mostChunks, count($threads), min($perThread), max($perThread), $most);
echo "zts-threads: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);
