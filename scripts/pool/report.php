<?php
// Summaries for the pool demo, from the driver's result, its per-request log and the
// events the scripts noted (kills, reloads).
//
//   php report.php collect LABEL DIR OUT.json   merge one run into OUT.json
//   php report.php table OUT.json...            the comparison table
//   php report.php phases OUT.json              per-phase lines of a rotation run
//   php report.php details OUT.json             servers, statuses, top errors of one run
//   php report.php counters OUT.json            the servers' counters next to the driver's counts
//   php report.php get OUT.json KEY             one value (for the test's checks)
//   php report.php counter-sum DIR TAG PATH     one counter summed over DIR/counters-TAG-*.json
declare(strict_types=1);

$cmd = $argv[1] ?? '';

/** @return list<array{float,string}> */
function events(string $dir): array
{
    $ev = [];
    foreach (@file($dir . '/events.log', FILE_IGNORE_NEW_LINES) ?: [] as $l) {
        [$t, $label] = explode(' ', $l, 2) + [1 => ''];
        $ev[] = [(float) $t, $label];
    }
    return $ev;
}

/** Key id (hex) => label, from the keyids file the rotation scenario writes. */
function keyLabels(string $dir): array
{
    $m = [];
    foreach (@file($dir . '/keyids', FILE_IGNORE_NEW_LINES) ?: [] as $l) {
        [$id, $label] = explode(' ', $l, 2) + [1 => ''];
        $m[$id] = $label;
    }
    return $m;
}

/** Counts by key id, renamed to the labels we know; unknown ids stay hex. */
function labelled(array $counts, array $labels): array
{
    $out = [];
    foreach ($counts as $id => $n) {
        $name = $id === '-' ? 'none' : ($labels[$id] ?? "id:$id");
        $out[$name] = ($out[$name] ?? 0) + $n;
    }
    ksort($out);
    return $out;
}

/** @return list<array<string,mixed>> */
function requests(string $dir): array
{
    $out = [];
    foreach (@file($dir . '/requests.log', FILE_IGNORE_NEW_LINES) ?: [] as $l) {
        $f = explode(' ', $l);
        if (count($f) < 8) {
            continue;
        }
        $out[] = ['start' => (float) $f[0], 'end' => (float) $f[1], 'user' => $f[2], 'action' => $f[3],
                  'code' => (int) $f[4], 'server' => $f[5], 'status' => $f[6], 'outcome' => $f[7],
                  'key' => $f[8] ?? '-', 'sealed' => $f[9] ?? '-'];
    }
    return $out;
}

/**
 * Each server's sealedcookie_counters() saved as DIR/counters-TAG-N.json by lib.sh's
 * pool_counters: tag => [server => counters]. Servers without counters are left out.
 * @return array<string,array<string,array<string,mixed>>>
 */
function counterFiles(string $dir): array
{
    $out = [];
    foreach (glob($dir . '/counters-*-*.json') ?: [] as $f) {
        if (!preg_match('~/counters-(\w+)-(\d+)\.json$~', $f, $m)) {
            continue;
        }
        $j = json_decode((string) file_get_contents($f), true);
        if (is_array($j) && is_array($j['counters'] ?? null)) {
            $out[$m[1]]['fpm' . $m[2]] = $j['counters'];
        }
    }
    ksort($out);
    return $out;
}

/** Nested counters as "a.b" => number. @return array<string,int|float> */
function flat(array $a, string $prefix = ''): array
{
    $out = [];
    foreach ($a as $k => $v) {
        if (is_array($v)) {
            $out += flat($v, $prefix . $k . '.');
        } elseif (is_int($v) || is_float($v)) {
            $out[$prefix . $k] = $v;
        }
    }
    return $out;
}

/** "a.b" => n back to nested arrays. */
function nest(array $flat): array
{
    $out = [];
    foreach ($flat as $k => $v) {
        $ref = &$out;
        foreach (explode('.', (string) $k) as $part) {
            $ref = &$ref[$part];
        }
        $ref = $v;
        unset($ref);
    }
    return $out;
}

/** The counters of one tag summed over the servers, minus those of $minus (if any). */
function summed(array $byServer, array $minus = []): array
{
    $sum = [];
    foreach ($byServer as $server => $c) {
        $before = flat($minus[$server] ?? []);
        foreach (flat($c) as $k => $v) {
            $sum[$k] = ($sum[$k] ?? 0) + $v - ($before[$k] ?? 0);
        }
    }
    ksort($sum);
    return $sum;
}

/**
 * The comparison of the counters' growth during the run with what the driver saw:
 * rows [what, driver, counters]. The counter groups: opens by status, by reason, by
 * key label; seals by key label (the driver reads the key id of every sealed value it
 * was sent, mapped to labels through the keyids file).
 * @return list<array{string,int,int|null}>
 */
function comparison(array $sum, array $seen, array $labels): array
{
    $groups = [
        // [driver's seen key, counters' group (first one present), row prefix]
        ['status', ['opens', 'opens_by_status', 'opens_by_outcome'], 'opens'],
        ['reason', ['open_reasons', 'opens_by_reason', 'reasons'], 'open reasons'],
        ['open_key', ['opens_by_key', 'opens_by_key_label'], 'opens by key'],
        ['seal_key', ['seals_by_key', 'seals_by_key_label'], 'seals by key'],
        ['seal_bytes', ['bytes_sealed'], 'bytes'],
        ['delete', ['deletes'], 'deletes'],
    ];
    foreach (['deletes' => 'data cookie', 'bytes_sealed' => 'bytes sealed'] as $k => $name) {
        if (isset($sum[$k])) { // one number: shaped as a group of one
            $sum["$k.$name"] = $sum[$k];
            unset($sum[$k]);
        }
    }
    $rows = [];
    foreach ($groups as [$mine, $candidates, $title]) {
        $driver = $seen[$mine] ?? [];
        if ($mine === 'seal_key') {
            $driver = labelled($driver, $labels);
        }
        $group = null;
        foreach ($candidates as $g) {
            foreach (array_keys($sum) as $k) {
                if (str_starts_with($k, $g . '.')) {
                    $group = $g;
                    break 2;
                }
            }
        }
        $theirs = [];
        foreach ($sum as $k => $v) {
            if ($group !== null && str_starts_with($k, $group . '.')) {
                $theirs[substr($k, strlen($group) + 1)] = $v;
            }
        }
        $names = array_unique(array_merge(array_keys($driver), array_keys($theirs)));
        sort($names);
        $dt = $ct = 0;
        foreach ($names as $n) {
            $d = (int) ($driver[$n] ?? 0);
            $c = $group === null ? null : (int) ($theirs[$n] ?? 0);
            if ($d === 0 && $c === 0) {
                continue;
            }
            $rows[] = ["$title: $n", $d, $c];
            $dt += $d;
            $ct += (int) $c;
        }
        if (count($names) !== 1) {
            $rows[] = ["$title: total", $dt, $group === null ? null : $ct];
        }
    }
    return $rows;
}

function countLines(string $file, string $needle): int
{
    $n = 0;
    foreach (@file($file) ?: [] as $l) {
        if (strpos($l, $needle) !== false) {
            $n++;
        }
    }
    return $n;
}

switch ($cmd) {
    case 'collect':
        [, , $label, $dir, $outFile] = $argv;
        $res = json_decode((string) @file_get_contents($dir . '/driver-result.json'), true);
        if (!is_array($res)) {
            $res = ['requests' => 0, 'failed' => 0, 'lost' => 0, 'unreachable' => 0, 'duration' => 0,
                    'error' => 'driver produced no result'];
        }
        $res['label'] = $label;
        $ev = events($dir);
        $res['events'] = array_map(static fn($e) => $e[1], $ev);
        $reqs = requests($dir);
        // Requests after the first kill: how many, and did the killed server answer any?
        foreach ($ev as [$t, $what]) {
            if (preg_match('/^kill (\S+)/', $what, $m)) {
                $after = array_filter($reqs, static fn($r) => $r['start'] > $t + 0.5);
                $res['kill'] = [
                    'target' => $m[1],
                    'requests_after' => count($after),
                    'failed_after' => count(array_filter($after, static fn($r) => $r['outcome'] === 'failed')),
                    'answered_by_target_after' => count(array_filter($after, static fn($r) => $r['server'] === $m[1])),
                ];
                break;
            }
        }
        // Rotation phases: events named "phase ..." split the run.
        $labels = keyLabels($dir);
        $res['last_keys'] = labelled($res['last_key_ids'] ?? [], $labels);
        $res['sealed_by_key'] = labelled($res['seen']['seal_key'] ?? [], $labels);
        $phases = [];
        $marks = array_values(array_filter($ev, static fn($e) => strpos($e[1], 'phase ') === 0));
        $bounds = array_merge([[0.0, 'phase 0: from the start']], $marks);
        foreach ($bounds as $k => [$t, $name]) {
            $tEnd = $bounds[$k + 1][0] ?? INF;
            $in = array_filter($reqs, static fn($r) => $r['start'] >= $t && $r['start'] < $tEnd);
            $st = [];
            $keys = [];
            $sealed = [];
            foreach ($in as $r) {
                if ($r['outcome'] !== 'failed') {
                    $st[$r['status']] = ($st[$r['status']] ?? 0) + 1;
                }
                if ($r['key'] !== '-') {
                    $keys[$r['key']] = ($keys[$r['key']] ?? 0) + 1;
                }
                if ($r['sealed'] !== '-') {
                    $sealed[$r['sealed']] = ($sealed[$r['sealed']] ?? 0) + 1;
                }
            }
            ksort($st);
            $phases[] = [
                'name' => substr($name, 6),
                'requests' => count($in),
                'failed' => count(array_filter($in, static fn($r) => $r['outcome'] === 'failed')),
                'lost' => count(array_filter($in, static fn($r) => strpos($r['outcome'], 'lost') === 0)),
                'statuses' => $st,
                'sent_keys' => labelled($keys, $labels),
                'sealed_keys' => labelled($sealed, $labels),
            ];
        }
        if ($marks) {
            $res['phases'] = $phases;
        }
        // nginx logs each upstream failure it retried on (or passed on from) the next server
        $res['nginx_upstream_errors'] = countLines($dir . '/nginx-error.log', '[error]');
        // The servers' counters, and their growth during the run next to the driver's counts
        $cf = counterFiles($dir);
        if ($cf) {
            $res['counters'] = array_map(static fn($t) => nest(summed($t)), $cf);
        }
        if (isset($cf['after'])) {
            $sum = summed($cf['after'], $cf['before'] ?? []);
            $rows = comparison($sum, $res['seen'] ?? [], $labels);
            $res['counters_vs_driver'] = $rows;
            $res['counters_match'] = $rows !== [] && array_filter($rows, static fn($r) => $r[1] !== $r[2]) === [];
            $res['counters_servers'] = count($cf['after']);
        }
        // libfaketime: each server's clock as its app reported it (time() minus ours)
        foreach (@file($dir . '/clock-offsets', FILE_IGNORE_NEW_LINES) ?: [] as $l) {
            [$srv, $off] = explode(' ', $l, 2) + [1 => ''];
            $res['clock_offsets'][$srv][] = (int) $off;
        }
        if (is_file($dir . '/revoked-before')) {
            $res['revoked_before'] = (int) file_get_contents($dir . '/revoked-before');
        }
        // Broken key file: what lib.sh saw, the extension's line from the server's log
        if (is_file($dir . '/broken-key')) {
            $res['broken_key'] = array_map('intval', (array) parse_ini_file($dir . '/broken-key'));
            foreach (['/fpm-2.out', '/fpm-2.log'] as $f) {
                foreach (@file($dir . $f, FILE_IGNORE_NEW_LINES) ?: [] as $l) {
                    if (stripos($l, 'sealedcookie') !== false && !isset($res['broken_key_log'])) {
                        $res['broken_key_log'] = substr(trim($l), 0, 240);
                    }
                }
            }
            $restart = null;
            foreach ($ev as [$t, $what]) {
                if (str_contains($what, 'started again')) {
                    $restart = $t;
                }
            }
            if ($restart !== null) {
                $res['broken_key']['answered_by_fpm2_after_restart'] = count(array_filter($reqs,
                    static fn($r) => $r['start'] > $restart && $r['server'] === 'fpm2'));
            }
        }
        file_put_contents($outFile, json_encode($res, JSON_PRETTY_PRINT) . "\n");
        break;

    case 'table':
        $rows = [];
        foreach (array_slice($argv, 2) as $f) {
            $r = json_decode((string) @file_get_contents($f), true);
            if (is_array($r)) {
                $rows[] = $r;
            }
        }
        $head = ['variant', 'requests', 'failed', 'sessions lost', 'duration'];
        $lines = [];
        foreach ($rows as $r) {
            $lost = (int) $r['lost'] + (int) ($r['unreachable'] ?? 0);
            $lines[] = [$r['label'], (string) $r['requests'], (string) $r['failed'], (string) $lost,
                        sprintf('%.1fs', $r['duration'])];
        }
        $w = array_map('strlen', $head);
        foreach ($lines as $l) {
            foreach ($l as $i => $c) {
                $w[$i] = max($w[$i], strlen($c));
            }
        }
        $fmt = static function (array $cells) use ($w): string {
            $o = [];
            foreach ($cells as $i => $c) {
                $o[] = $i === 0 ? str_pad($c, $w[$i]) : str_pad($c, $w[$i], ' ', STR_PAD_LEFT);
            }
            return '| ' . implode(' | ', $o) . " |\n";
        };
        echo $fmt($head);
        echo '|' . implode('|', array_map(static fn($x) => str_repeat('-', $x + 2), $w)) . "|\n";
        foreach ($lines as $l) {
            echo $fmt($l);
        }
        break;

    case 'details':
        $r = json_decode((string) file_get_contents($argv[2]), true);
        $srv = [];
        foreach ($r['by_server'] ?? [] as $k => $v) {
            $srv[] = "$k=$v";
        }
        printf("  %s: %d users (%d answered by 2+ servers), answers per server: %s\n", $r['label'],
            $r['users'] ?? 0, $r['users_on_several_servers'] ?? 0, implode(' ', $srv) ?: '-');
        if (!empty($r['follow_ups'])) {
            printf("    %d%% of answers came from another server than the same user's previous answer\n",
                (int) round(100 * $r['server_switches'] / $r['follow_ups']));
        }
        if (isset($r['kill'])) {
            printf("    killed %s mid-run: %d requests after the kill, %d failed, %d answered by %s\n",
                $r['kill']['target'], $r['kill']['requests_after'], $r['kill']['failed_after'],
                $r['kill']['answered_by_target_after'], $r['kill']['target']);
            if (str_starts_with($r['kill']['target'], 'fpm')) {
                printf("    nginx logged %d upstream error(s) (requests reset in flight or refused), retried on the next server\n",
                    $r['nginx_upstream_errors'] ?? 0);
            }
        }
        printf("    sessions lost: %d detected (logged out or counter reset) + %d unreachable at the end; %d users gave up logging in\n",
            $r['lost'] ?? 0, $r['unreachable'] ?? 0, $r['gave_up'] ?? 0);
        $st = [];
        foreach ($r['by_status'] ?? [] as $k => $v) {
            $st[] = "$k=$v";
        }
        if ($st) {
            printf("    session read status (action:status=count): %s\n", implode(' ', $st));
        }
        foreach ($r['errors'] ?? [] as $msg => $n) {
            printf("    %5d x %s\n", $n, $msg);
        }
        $seen = $r['seen'] ?? [];
        foreach (['status' => 'what the app saw (status=count, every response)', 'reason' => 'reasons (sealedcookie_facts)',
                  'open_key' => 'cookies opened, by key label (sealedcookie_facts)'] as $k => $title) {
            if (!empty($seen[$k])) {
                $o = [];
                foreach ($seen[$k] as $n => $v) {
                    $o[] = "$n=$v";
                }
                printf("    %s: %s\n", $title, implode(' ', $o));
            }
        }
        if (!empty($r['sealed_by_key'])) {
            $o = [];
            foreach ($r['sealed_by_key'] as $n => $v) {
                $o[] = "$n=$v";
            }
            printf("    sealed values the responses set, by key: %s\n", implode(' ', $o));
        }
        if (!empty($seen['clock'])) {
            $o = [];
            foreach ($seen['clock'] as $srvName => [$lo, $hi]) {
                $o[] = $lo === $hi ? "$srvName={$lo}s" : "$srvName={$lo}..{$hi}s";
            }
            printf("    server clocks (time() in answers minus the driver's clock): %s\n", implode(' ', $o));
        }
        if (!empty($r['expect_revoked_users']) || isset($r['revoked_before'])) {
            printf("    revocation (revoked_before=%s): group A %d users, %d saw \"revoked\" once as expected; group B %d users; %d unexpected revoked\n",
                $r['revoked_before'] ?? '-', $r['expect_revoked_users'] ?? 0, $r['revoked_users'] ?? 0,
                $r['late_users'] ?? 0, $r['revoked_unexpected'] ?? 0);
        }
        if (isset($r['broken_key'])) {
            $b = $r['broken_key'];
            printf("    broken key file on fpm2 + reload: master exited=%d (status %s), sealedcookie log lines=%d, served again after restart=%d (%d answers by fpm2 through nginx after it)\n",
                $b['refused'] ?? 0, $b['exit_status'] ?? '-', $b['log_lines'] ?? 0, $b['restarted'] ?? 0,
                $b['answered_by_fpm2_after_restart'] ?? 0);
            if (isset($r['broken_key_log'])) {
                printf("    fpm2 log: %s\n", $r['broken_key_log']);
            }
        }
        if (!empty($r['aborted'])) {
            echo "    driver hit its time limit\n";
        }
        break;

    case 'counters':
        $r = json_decode((string) file_get_contents($argv[2]), true);
        $rows = $r['counters_vs_driver'] ?? [];
        if (!$rows) {
            printf("  %s: no counters (sealedcookie_counters() missing on the servers)\n", $r['label'] ?? '?');
            break;
        }
        printf("  %s: counters summed over %d php-fpm servers (growth during the run) vs the driver\n",
            $r['label'], $r['counters_servers'] ?? 0);
        $w = max(array_map(static fn($x) => strlen($x[0]), $rows));
        printf("    %-{$w}s %8s %9s\n", '', 'driver', 'counters');
        foreach ($rows as [$what, $d, $c]) {
            printf("    %-{$w}s %8d %9s%s\n", $what, $d, $c === null ? 'absent' : (string) $c, $c === $d ? '' : '  <- differs');
        }
        break;

    case 'counter-sum':
        [, , $dir, $tag, $path] = $argv;
        $cf = counterFiles($dir);
        if (isset($cf[$tag])) {
            echo (int) (summed($cf[$tag])[$path] ?? 0), "\n";
        }
        break;

    case 'phases':
        $r = json_decode((string) file_get_contents($argv[2]), true);
        $lk = [];
        foreach ($r['last_keys'] ?? [] as $k => $v) {
            $lk[] = "$k=$v";
        }
        foreach ($r['phases'] ?? [] as $p) {
            $st = [];
            foreach ($p['statuses'] as $k => $v) {
                $st[] = "$k=$v";
            }
            $ks = [];
            foreach ($p['sent_keys'] ?? [] as $k => $v) {
                $ks[] = "$k=$v";
            }
            $ss = [];
            foreach ($p['sealed_keys'] ?? [] as $k => $v) {
                $ss[] = "$k=$v";
            }
            printf("  %s\n      %d requests, %d failed, %d lost; read status: %s; cookies sent, by sealing key: %s; sealed by the answers: %s\n",
                $p['name'], $p['requests'], $p['failed'], $p['lost'], implode(' ', $st) ?: '-', implode(' ', $ks) ?: '-',
                implode(' ', $ss) ?: '-');
        }
        if ($lk) {
            printf("  cookie each user held at the end (before logging out), by sealing key: %s\n", implode(' ', $lk));
        }
        break;

    case 'get':
        $r = json_decode((string) file_get_contents($argv[2]), true);
        $v = $r;
        foreach (explode('.', $argv[3]) as $k) {
            $v = is_array($v) ? ($v[$k] ?? null) : null;
        }
        echo is_array($v) ? json_encode($v) : (is_bool($v) ? ($v ? '1' : '0') : (string) $v), "\n";
        break;

    default:
        fwrite(STDERR, "usage: report.php collect|table|phases|details|counters|get|counter-sum ...\n");
        exit(2);
}
