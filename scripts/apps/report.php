<?php
// Size tables and size comparison for scripts/test-apps.sh.
//   php report.php table RESULT.json...   per application, the session after every step:
//     raw        the encoded session the save handler is given (bytes), read back through
//                the size probe; taken from the files-handler reference run when there is one
//     deflate-6  raw deflate (zlib level 6) of the same
//     design c=0, c=1  the data cookies the design gives for raw (and deflate-6):
//                session + 62 bytes, base64url, chunked; what the sealed columns must show
//     sealed     per sealedcookie configuration: the data cookies the browser holds after
//                the step, name=value of every chunk summed, [number of cookies]
//     Cookie     the whole Cookie request header the next request carries
//   php report.php compare REFERENCE.json RUN.json   "ok"/"FAIL" lines: at every step the
//     session RUN's servers read back is as large as REFERENCE's (files handler).
declare(strict_types=1);
require __DIR__ . '/flow.php';

/** Sizes may differ by a few bytes between runs (ids, timestamps): allowed slack. */
const SLACK_BYTES = 16;

function load(string $f): ?array
{
    $r = json_decode((string) @file_get_contents($f), true);
    return is_array($r) && !empty($r['steps']) ? $r : null;
}

function cell(int $v): string
{
    return $v < 0 ? '-' : (string) $v;
}

function is_reference(array $r): bool
{
    return str_contains($r['label'], 'files');
}

function compare_runs(array $ref, array $run): int
{
    $bad = [];
    foreach ($ref['steps'] as $i => $s) {
        $t = $run['steps'][$i] ?? null;
        if ($t === null || $t['step'] !== $s['step']) {
            $bad[] = "{$s['step']}: step missing";
        } elseif (abs($t['raw'] - $s['raw']) > SLACK_BYTES) {
            $bad[] = "{$s['step']}: " . cell($t['raw']) . ' instead of ' . cell($s['raw']);
        }
    }
    $ok = $bad === [];
    echo ($ok ? 'ok   - ' : 'FAIL - '), "{$run['label']}: at every step the servers read back a session as"
        . " large as with the files handler (within " . SLACK_BYTES . ' bytes)'
        . ($ok ? '' : ' (' . implode('; ', array_slice($bad, 0, 4)) . (count($bad) > 4 ? '; ...' : '') . ')'), "\n";
    return $ok ? 0 : 1;
}

function print_table(array $head, array $rows): void
{
    $w = [];
    foreach (array_merge([$head], $rows) as $row) {
        foreach ($row as $k => $c) {
            $w[$k] = max($w[$k] ?? 0, strlen($c));
        }
    }
    $line = function (array $row) use ($w): string {
        $out = [];
        foreach ($row as $k => $c) {
            $out[] = $k === 0 ? str_pad($c, $w[$k]) : str_pad($c, $w[$k], ' ', STR_PAD_LEFT);
        }
        return '| ' . implode(' | ', $out) . ' |';
    };
    echo $line($head), "\n";
    echo '|', implode('|', array_map(fn ($n, $k) => str_repeat('-', $n + 1) . ($k === 0 ? '-' : ':'), $w,
        array_keys($w))), "|\n";
    foreach ($rows as $row) {
        echo $line($row), "\n";
    }
    echo "\n";
}

function table(array $files): void
{
    $apps = [];
    foreach ($files as $f) {
        $r = load($f);
        if ($r !== null) {
            $apps[$r['app'] ?: $r['label']][] = $r;
        }
    }
    foreach ($apps as $app => $list) {
        $ref = null;
        $sealed = [];
        foreach ($list as $r) {
            if (is_reference($r)) {
                $ref ??= $r;
            } else {
                $sealed[] = $r;
            }
        }
        $base = $ref ?? $list[0];
        $head = ['step', 'raw', 'deflate-6', 'design c=0', 'design c=1'];
        $nameSize = strlen($base['data_cookie'] ?? 'PHPSESSID_SC');
        foreach ($sealed as $r) {
            $head[] = 'sealed, ' . trim(str_replace([$app, 'Symfony', 'phpMyAdmin'], '', $r['label']), ' ,');
            $head[] = 'Cookie';
        }
        $rows = [];
        $notes = [];
        foreach ($base['steps'] as $i => $s) {
            $row = [$s['step'], cell($s['raw']), cell($s['deflated'])];
            foreach ([-1, $s['deflated']] as $d) {
                [$wire, $n] = $s['raw'] < 0 ? [-1, 0] : predicted_data_cookies($nameSize, $s['raw'], $d);
                $row[] = $wire < 0 ? '-' : "$wire [$n]";
            }
            foreach ($sealed as $r) {
                $t = $r['steps'][$i] ?? null;
                if ($t === null || $t['step'] !== $s['step']) {
                    array_push($row, '?', '?');
                    continue;
                }
                $mark = '';
                if ($ref !== null && abs($t['raw'] - $s['raw']) > SLACK_BYTES) {
                    $mark = ' *';
                    $notes[$r['label']] = true;
                }
                $row[] = ($t['cookies'] > 0 ? "{$t['sealed']} [{$t['cookies']}]" : '0') . $mark;
                $row[] = (string) $t['cookie_header'];
            }
            $rows[] = $row;
        }
        echo "## $app: session size per step (bytes)\n";
        print_table($head, $rows);
        echo 'raw, deflate-6: the session as the app wrote it, from "', $base['label'], "\".\n";
        echo "design c=0 / c=1: data cookies the envelope arithmetic gives for raw, uncompressed /"
            . " compressed (when shorter): name=value summed [cookies].\n";
        echo "sealed: data cookies the browser holds after the step, name=value summed [cookies];"
            . " Cookie: the next request's whole Cookie header.\n";
        if ($notes !== []) {
            echo "*: the servers read back a session of another size than with the files handler"
                . " (not saved: over max_size, or lost).\n";
        }
        foreach ($list as $r) {
            echo "{$r['label']}: {$r['requests']} requests, largest Cookie header {$r['max_cookie_header']},"
                . " largest response header block {$r['max_response_header']}; {$r['passed']} checks passed,"
                . " {$r['failed']} failed\n";
        }
        echo "\n";
    }
}

$mode = $argv[1] ?? '';
if ($mode === 'table') {
    table(array_slice($argv, 2));
} elseif ($mode === 'compare' && count($argv) === 4) {
    $ref = load($argv[2]);
    $run = load($argv[3]);
    if ($ref === null || $run === null) {
        echo "FAIL - size comparison: a result file is missing\n";
        exit(1);
    }
    exit(compare_runs($ref, $run));
} else {
    fwrite(STDERR, "usage: report.php table RESULT.json... | compare REFERENCE.json RUN.json\n");
    exit(2);
}
