<?php
// Markdown table from bench/request/run.sh's rows (argv[1]).
// req/s, p50 and p99 are medians over the rounds. The ratios are computed per
// round (variant / floor of the same round, so slow drift cancels) and the
// median of those is shown.

function median(array $values): float
{
    sort($values);
    $n = count($values);
    return $n === 0 ? NAN : ($n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2);
}

$rows = array_map(fn($line) => explode("\t", $line), file($argv[1], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES));
array_shift($rows);  // header
$byVariant = [];
$rpsByRound = [];
foreach ($rows as [$round, $variant, $rps, $p50, $p99, $requests, $errors, $lost]) {
    $byVariant[$variant][] = compact('rps', 'p50', 'p99', 'requests', 'errors', 'lost');
    $rpsByRound[$round][$variant] = (float) $rps;
}

$ratio = function (string $variant, string $floor) use ($rpsByRound): string {
    $ratios = [];
    foreach ($rpsByRound as $round) {
        if (isset($round[$variant], $round[$floor]) && $round[$floor] > 0) {
            $ratios[] = $round[$variant] / $round[$floor];
        }
    }
    return $ratios ? sprintf('%.2f', median($ratios)) : '-';
};

echo "| variant | req/s (median) | req/s per round | p50 ms | p99 ms | × no-session | × cookie floor | requests | errors | sessions lost |\n";
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";
foreach ($byVariant as $variant => $runs) {
    printf(
        "| %s | %.0f | %s | %.2f | %.2f | %s | %s | %d | %d | %s |\n",
        $variant,
        median(array_column($runs, 'rps')),
        implode(' / ', array_map(fn($r) => sprintf('%.0f', $r), array_column($runs, 'rps'))),
        median(array_column($runs, 'p50')) / 1000,
        median(array_column($runs, 'p99')) / 1000,
        $ratio($variant, 'none'),
        $ratio($variant, 'cookie'),
        array_sum(array_column($runs, 'requests')),
        array_sum(array_column($runs, 'errors')),
        in_array($variant, ['none', 'cookie'], true) ? '-' : (string) array_sum(array_column($runs, 'lost')),
    );
}
