<?php
// The soak's tables and figures (scripts/soak.sh), from the sampler's lines
// (scripts/soak/sample.php) and wrk's RESULT line (scripts/soak/users.lua).
//
//   php -n report.php --samples F --wrk F --seconds S --flat-kib X --figures F
//       prints the tables (markdown); writes the figures the checks use to --figures (JSON)
//   php -n report.php get FIGURES KEY
//       prints one of them
//
// The run is cut in thirds by time: start, middle, end. Per third: requests, req/s,
// errors and lost sessions (from the wrk threads' running totals; socket errors and
// timeouts are in wrk's final count only, so in the "all" row only), and the lowest and
// highest RSS of any php-fpm worker. Per worker: its RSS before the load and its highest
// RSS in each third; "end − middle", the most any worker's highest grew from the middle
// third to the end third, is the flat-memory figure (scripts/soak.sh says why).
declare(strict_types=1);

/** @return array<string,int|float> wrk's RESULT line as KEY => number, [] when missing */
function soak_wrk_result(string $file): array
{
    if (!preg_match('/^RESULT (.*)$/m', (string) @file_get_contents($file), $m)) {
        return [];
    }
    $out = [];
    foreach (explode(' ', trim($m[1])) as $pair) {
        [$k, $v] = explode('=', $pair, 2) + [1 => '0'];
        $out[$k] = str_contains($v, '.') ? (float) $v : (int) $v;
    }
    return $out;
}

/** @return list<array<string,mixed>> the sampler's lines */
function soak_samples(string $file): array
{
    $samples = [];
    foreach (@file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
        $s = json_decode($line, true);
        if (is_array($s)) {
            $samples[] = $s;
        }
    }
    return $samples;
}

/** Errors in a set of running totals: any answer but a good session or a lost one. */
function soak_errors(array $load): int
{
    return $load['non200'] + $load['unmatched'] + $load['bad'];
}

/** @param list<array<string,mixed>> $samples @return list<int> every worker's RSS in them */
function soak_rss_values(array $samples): array
{
    return array_merge([], ...array_map(static fn(array $s) => array_values($s['rss']), $samples));
}

/**
 * The samples taken under load (all but the first) by third of the run, in order.
 * @return array<string,list<array<string,mixed>>> 'start' | 'middle' | 'end' => samples
 */
function soak_thirds(array $samples, float $seconds): array
{
    $thirds = ['start' => [], 'middle' => [], 'end' => []];
    $names = array_keys($thirds);
    foreach (array_slice($samples, 1) as $s) {
        $thirds[$names[min(2, (int) floor(3 * $s['t'] / $seconds))]][] = $s;
    }
    return $thirds;
}

/** The first table: per third, then the whole run from wrk's own totals. */
function soak_print_parts(array $samples, array $thirds, array $wrk): void
{
    echo "| part | seconds | requests | req/s | errors | lost sessions | worker RSS min (KiB) | worker RSS max (KiB) |\n";
    echo "|---|---|---:|---:|---:|---:|---:|---:|\n";
    $row = static function (string $part, float $from, float $to, int $n, int $errors, int $lost, array $kib): void {
        printf("| %s | %d–%d | %s | %s | %d | %d | %s | %s |\n", $part, (int) round($from), (int) round($to),
            number_format($n), number_format($to > $from ? $n / ($to - $from) : 0), $errors, $lost,
            $kib ? number_format(min($kib)) : '-', $kib ? number_format(max($kib)) : '-');
    };
    $prev = $samples[0];
    foreach ($thirds as $part => $in) {
        $last = $in ? end($in) : $prev;
        $row($part, $prev['t'], $last['t'], $last['load']['responses'] - $prev['load']['responses'],
            soak_errors($last['load']) - soak_errors($prev['load']), $last['load']['lost'] - $prev['load']['lost'],
            soak_rss_values($in));
        $prev = $last;
    }
    $row('all', 0, $wrk['seconds'], $wrk['requests'], $wrk['errors'], $wrk['lost'],
        soak_rss_values(array_slice($samples, 1)));
}

/**
 * The second table: per worker, its RSS before the load and its highest in each third.
 * @return array{?int,string} the largest growth from the middle third to the end third, and whose
 */
function soak_print_workers(array $samples, array $thirds): array
{
    $max = [];
    foreach ($thirds as $part => $in) {
        foreach ($in as $s) {
            foreach ($s['rss'] as $w => $kib) {
                $max[$w][$part] = max($max[$w][$part] ?? 0, $kib);
            }
        }
    }
    $before = $samples[0]['rss'];
    [$growth, $worst] = [null, ''];
    echo "| php-fpm worker | RSS before the load (KiB) | max in start | max in middle | max in end | end − middle |\n";
    echo "|---|---:|---:|---:|---:|---:|\n";
    foreach ($max as $w => $m) {
        $g = isset($m['end'], $m['middle']) ? $m['end'] - $m['middle'] : null;
        if ($g !== null && ($growth === null || $g > $growth)) {
            [$growth, $worst] = [$g, $w];
        }
        $kib = static fn(string $part) => isset($m[$part]) ? number_format($m[$part]) : '-';
        printf("| %s | %s | %s | %s | %s | %s |\n", $w, isset($before[$w]) ? number_format($before[$w]) : '-',
            $kib('start'), $kib('middle'), $kib('end'), $g === null ? '-' : sprintf('%+d', $g));
    }
    return [$growth, $worst];
}

function soak_report(array $o): int
{
    $samples = soak_samples($o['samples']);
    $wrk = soak_wrk_result($o['wrk']);
    if (count($samples) < 2 || !$wrk) {
        fwrite(STDERR, "report: no samples under load in {$o['samples']}, or no RESULT line in {$o['wrk']}\n");
        return 1;
    }
    $wrk['errors'] = $wrk['connect'] + $wrk['read'] + $wrk['write'] + $wrk['timeout']
        + $wrk['non200'] + $wrk['unmatched'] + $wrk['bad'];
    $thirds = soak_thirds($samples, (float) $o['seconds']);
    soak_print_parts($samples, $thirds, $wrk);
    echo "\n";
    [$growth, $worst] = soak_print_workers($samples, $thirds);
    printf("\nFlat memory: each worker's highest RSS in the end third at most %d KiB above its highest in the"
        . " middle third (the most: %s).\n", $o['flat-kib'], $growth === null ? 'no worker sampled in both'
        : sprintf('%+d KiB, %s', $growth, $worst));
    printf("%d samples; %d users, %d of them with good answers, holding counters %d to %d at the end.\n",
        count($samples), $wrk['users'], $wrk['users_ok'], $wrk['n_min'], $wrk['n_max']);

    $workers = array_keys($samples[0]['rss']);
    $same = array_filter($samples, static fn(array $s) => array_keys($s['rss']) !== $workers) === [];
    $figures = [
        'requests' => $wrk['requests'], 'rps' => (int) round($wrk['requests'] / max(0.001, $wrk['seconds'])),
        'errors' => $wrk['errors'], 'lost' => $wrk['lost'], 'users' => $wrk['users'],
        'users_ok' => $wrk['users_ok'], 'samples' => count($samples),
        'samples_in_each_third' => (int) !in_array([], $thirds, true),
        'workers' => count($workers), 'workers_same' => (int) $same, 'growth_kib' => $growth,
    ];
    file_put_contents($o['figures'], json_encode($figures, JSON_PRETTY_PRINT) . "\n");
    return 0;
}

if (($argv[1] ?? '') === 'get' && $argc === 4) {
    $s = json_decode((string) @file_get_contents($argv[2]), true);
    $v = is_array($s) ? ($s[$argv[3]] ?? '') : '';
    echo is_bool($v) ? (int) $v : $v, "\n";
    exit(0);
}
$o = getopt('', ['samples:', 'wrk:', 'seconds:', 'flat-kib:', 'figures:']);
if (count($o) !== 5) {
    fwrite(STDERR, "usage: report.php --samples F --wrk F --seconds S --flat-kib X --figures F | get FIGURES KEY\n");
    exit(2);
}
exit(soak_report($o));
