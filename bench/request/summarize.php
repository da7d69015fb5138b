<?php
// Markdown table from bench/request/run.sh's rows (argv[1]).
// req/s, p50 and p99 are medians over the rounds. The ratios are computed per
// round (variant / floor of the same round, so slow drift cancels) and the
// median of those is shown.

require __DIR__ . '/stats.php';

$rows = tsvRows($argv[1]);
$byVariant = [];
foreach ($rows as $row) {
    [$round, $variant, $rps, $p50, $p99, $requests, $errors, $lost] = $row;
    [$phpCpu, $nginxCpu, $wrkCpu] = [$row[8] ?? NAN, $row[9] ?? NAN, $row[10] ?? NAN];
    $byVariant[$variant][] = compact('rps', 'p50', 'p99', 'requests', 'errors', 'lost', 'phpCpu', 'nginxCpu', 'wrkCpu');
}
$rpsByRound = rpsByRound($rows);
$ratio = function (string $variant, string $floor) use ($rpsByRound): string {
    $ratio = medianRatio($rpsByRound, $variant, $floor);
    return $ratio === null ? '-' : sprintf('%.2f', $ratio);
};

// The floors keep no session per browser (sessionfloor's handler shares one
// session across the process), so their counter is not checked.
$floors = ['none', 'cookie', 'sessionfloor'];

echo "| variant | req/s (median) | req/s per round | p50 ms | p99 ms | × no-session | × cookie floor | × session floor | CPU µs/req: PHP | nginx | wrk | requests | errors | sessions lost |\n";
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
foreach ($byVariant as $variant => $runs) {
    printf(
        "| %s | %.0f | %s | %.2f | %.2f | %s | %s | %s | %.0f | %.0f | %.0f | %d | %d | %s |\n",
        $variant,
        median(array_column($runs, 'rps')),
        implode(' / ', array_map(fn($r) => sprintf('%.0f', $r), array_column($runs, 'rps'))),
        median(array_column($runs, 'p50')) / 1000,
        median(array_column($runs, 'p99')) / 1000,
        $ratio($variant, 'none'),
        $ratio($variant, 'cookie'),
        $ratio($variant, 'sessionfloor'),
        median(array_map('floatval', array_column($runs, 'phpCpu'))),
        median(array_map('floatval', array_column($runs, 'nginxCpu'))),
        median(array_map('floatval', array_column($runs, 'wrkCpu'))),
        array_sum(array_column($runs, 'requests')),
        array_sum(array_column($runs, 'errors')),
        in_array($variant, $floors, true) ? '-' : (string) array_sum(array_column($runs, 'lost')),
    );
}
