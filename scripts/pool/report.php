<?php
// Summaries for the pool demo, from the driver's result, its per-request log and the
// events the scripts noted (kills, reloads).
//
//   php report.php collect LABEL DIR OUT.json   merge one run into OUT.json
//   php report.php table OUT.json...            the comparison table
//   php report.php phases OUT.json              per-phase lines of a rotation run
//   php report.php details OUT.json             servers, statuses, top errors of one run
//   php report.php get OUT.json KEY             one value (for the test's checks)
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
                  'key' => $f[8] ?? '-'];
    }
    return $out;
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
        $phases = [];
        $marks = array_values(array_filter($ev, static fn($e) => strpos($e[1], 'phase ') === 0));
        $bounds = array_merge([[0.0, 'phase 0: before rotation']], $marks);
        foreach ($bounds as $k => [$t, $name]) {
            $tEnd = $bounds[$k + 1][0] ?? INF;
            $in = array_filter($reqs, static fn($r) => $r['start'] >= $t && $r['start'] < $tEnd);
            $st = [];
            $keys = [];
            foreach ($in as $r) {
                if ($r['outcome'] === 'ok') {
                    $st[$r['status']] = ($st[$r['status']] ?? 0) + 1;
                }
                if ($r['key'] !== '-') {
                    $keys[$r['key']] = ($keys[$r['key']] ?? 0) + 1;
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
            ];
        }
        if ($marks) {
            $res['phases'] = $phases;
        }
        // nginx logs each upstream failure it retried on (or passed on from) the next server
        $res['nginx_upstream_errors'] = countLines($dir . '/nginx-error.log', '[error]');
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
        if (!empty($r['aborted'])) {
            echo "    driver hit its time limit\n";
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
            printf("  %s\n      %d requests, %d failed, %d lost; read status: %s; cookies sent, by sealing key: %s\n",
                $p['name'], $p['requests'], $p['failed'], $p['lost'], implode(' ', $st) ?: '-', implode(' ', $ks) ?: '-');
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
        fwrite(STDERR, "usage: report.php collect|table|phases|details|get ...\n");
        exit(2);
}
