<?php
// The soak's sampler (scripts/soak.sh): at once and then every --interval seconds until
// --stop-file exists, one JSON line to --out with the seconds since it started, the
// load's running totals (the progress files of the wrk threads, scripts/soak/users.lua)
// and the resident memory (VmRSS, KiB) of every php-fpm worker, found as the children of
// the masters given as NAME=PID.
//
//   php -n sample.php --out F --progress-dir D --stop-file S [--interval 5]
//       [--max-seconds T] fpm1=PID fpm2=PID ...
//
// A line: {"t":5.0,"load":{"responses":..,"ok":..,"lost":..,"bad":..,"non200":..,
//          "unmatched":..,"spare":..},"rss":{"fpm1/1234":23456,...}}
// Reads /proc only; stops at --max-seconds whatever happens.
declare(strict_types=1);

const LOAD_FIELDS = ['responses', 'ok', 'lost', 'bad', 'non200', 'unmatched', 'spare'];

/** @return array<string,int> the wrk threads' totals, summed */
function soak_load(string $dir): array
{
    $sum = array_fill_keys(LOAD_FIELDS, 0);
    foreach (glob("$dir/thread-*") ?: [] as $file) {
        if (str_ends_with($file, '.tmp')) {
            continue;
        }
        $values = preg_split('/\s+/', trim((string) @file_get_contents($file)));
        if (count($values) !== count(LOAD_FIELDS)) {
            continue;
        }
        foreach (LOAD_FIELDS as $i => $name) {
            $sum[$name] += (int) $values[$i];
        }
    }
    return $sum;
}

/** @return array<string,int> "NAME/PID" => VmRSS in KiB, for every child of each master */
function soak_rss(array $masters): array
{
    $rss = [];
    foreach ($masters as $name => $master) {
        $children = trim((string) @file_get_contents("/proc/$master/task/$master/children"));
        foreach ($children === '' ? [] : explode(' ', $children) as $pid) {
            $status = (string) @file_get_contents("/proc/$pid/status");
            if (preg_match('/^VmRSS:\s+(\d+) kB/m', $status, $m)) {
                $rss["$name/$pid"] = (int) $m[1];
            }
        }
    }
    ksort($rss, SORT_NATURAL);
    return $rss;
}

$opt = getopt('', ['out:', 'progress-dir:', 'stop-file:', 'interval:', 'max-seconds:'], $rest);
foreach (['out', 'progress-dir', 'stop-file'] as $required) {
    if (!isset($opt[$required])) {
        fwrite(STDERR, "sample: --$required required\n");
        exit(2);
    }
}
$masters = [];
foreach (array_slice($argv, $rest) as $arg) {
    [$name, $pid] = explode('=', $arg, 2) + [1 => ''];
    if (!preg_match('/^[1-9][0-9]*$/', $pid)) {
        fwrite(STDERR, "sample: NAME=PID expected, got '$arg'\n");
        exit(2);
    }
    $masters[$name] = (int) $pid;
}
$interval = max(0.2, (float) ($opt['interval'] ?? 5));
$maxSeconds = (float) ($opt['max-seconds'] ?? 7200);
$out = fopen($opt['out'], 'w');
$t0 = microtime(true);
for ($k = 0; ; $k++) {
    $line = ['t' => round(microtime(true) - $t0, 2), 'load' => soak_load($opt['progress-dir']),
        'rss' => soak_rss($masters)];
    fwrite($out, json_encode($line) . "\n");
    fflush($out);
    // The next sample on the grid k * interval, so the samples do not drift.
    while (microtime(true) < $t0 + ($k + 1) * $interval) {
        if (file_exists($opt['stop-file']) || microtime(true) - $t0 > $maxSeconds) {
            break 2;
        }
        usleep(100000);
    }
}
fclose($out);
