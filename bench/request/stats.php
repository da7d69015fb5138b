<?php
// Helpers shared by the summaries of bench/request and bench/cycle.

function median(array $values): float
{
    sort($values);
    $n = count($values);
    return $n === 0 ? NAN : ($n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2);
}

/** Rows of a tab-separated file, header dropped. */
function tsvRows(string $file): array
{
    $rows = array_map(fn($line) => explode("\t", $line), file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES));
    array_shift($rows);
    return $rows;
}

/** Request rows: round => variant => req/s. */
function rpsByRound(array $rows): array
{
    $byRound = [];
    foreach ($rows as [$round, $variant, $rps]) {
        $byRound[$round][$variant] = (float) $rps;
    }
    return $byRound;
}

/** Median over rounds of (variant / floor) within each round, or null. */
function medianRatio(array $rpsByRound, string $variant, string $floor): ?float
{
    $ratios = [];
    foreach ($rpsByRound as $round) {
        if (isset($round[$variant], $round[$floor]) && $round[$floor] > 0) {
            $ratios[] = $round[$variant] / $round[$floor];
        }
    }
    return $ratios ? median($ratios) : null;
}
