<?php
// Size tables for scripts/test-apps.sh: per application, the session after every step of
// its flow. raw: the encoded session the save handler is given (bytes); deflate-6: raw
// deflate, zlib level 6, of the same; sealed: the data cookies the browser holds after
// the step (name=value of every chunk, summed; chunk count in brackets), one column per
// configuration; Cookie: the whole Cookie request header the next request carries.
//   php report.php RESULT.json...
declare(strict_types=1);

$runs = [];
foreach (array_slice($argv, 1) as $f) {
    $r = json_decode((string) file_get_contents($f), true);
    if (is_array($r) && !empty($r['steps'])) {
        $runs[$r['app'] ?: $r['label']][] = $r;
    }
}

function cell(int $v): string
{
    return $v < 0 ? '-' : (string) $v;
}

foreach ($runs as $app => $list) {
    $first = $list[0];
    $head = ['step', 'raw', 'deflate-6'];
    foreach ($list as $r) {
        $short = trim(str_replace($app, '', $r['label']));
        $head[] = "sealed $short";
        $head[] = 'Cookie';
    }
    $rows = [];
    $rawDiff = 0;
    foreach ($first['steps'] as $i => $s) {
        $row = [$s['step'], cell($s['raw']), cell($s['deflated'])];
        foreach ($list as $r) {
            $t = $r['steps'][$i] ?? null;
            if ($t === null || $t['step'] !== $s['step']) {
                array_push($row, '?', '?');
                continue;
            }
            $row[] = $t['cookies'] > 0 ? "{$t['sealed']} [{$t['cookies']}]" : '0';
            $row[] = (string) $t['cookie_header'];
            if ($t['raw'] >= 0 && $s['raw'] >= 0) {
                $rawDiff = max($rawDiff, abs($t['raw'] - $s['raw']));
            }
        }
        $rows[] = $row;
    }
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
    echo "## $app: session size per step (bytes)\n";
    echo $line($head), "\n";
    echo '|', implode('|', array_map(fn ($n, $k) => str_repeat('-', $n + 1) . ($k === 0 ? '-' : ':'), $w, array_keys($w))), "|\n";
    foreach ($rows as $row) {
        echo $line($row), "\n";
    }
    echo "raw, deflate-6: from the run \"{$first['label']}\"";
    if (count($list) > 1) {
        echo "; the other runs' raw sizes differ by at most $rawDiff bytes at any step";
    }
    echo ".\nsealed: data cookies held by the browser after the step, name=value summed [cookies];"
        . " Cookie: the next request's whole Cookie header.\n";
    foreach ($list as $r) {
        echo "{$r['label']}: {$r['requests']} requests, largest Cookie header {$r['max_cookie_header']},"
            . " largest response header block {$r['max_response_header']}; checks {$r['passed']} passed,"
            . " {$r['failed']} failed\n";
    }
    echo "\n";
}
