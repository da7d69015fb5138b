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

/** The ratios variant / floor, one per round that ran both. */
function roundRatios(array $rpsByRound, string $variant, string $floor): array
{
    $ratios = [];
    foreach ($rpsByRound as $round) {
        if (isset($round[$variant], $round[$floor]) && $round[$floor] > 0) {
            $ratios[] = $round[$variant] / $round[$floor];
        }
    }
    return $ratios;
}

/** Median over rounds of (variant / floor) within each round, or null. */
function medianRatio(array $rpsByRound, string $variant, string $floor): ?float
{
    $ratios = roundRatios($rpsByRound, $variant, $floor);
    return $ratios ? median($ratios) : null;
}

/** First and third quartile (linear interpolation), for the spread of round ratios. */
function quartiles(array $values): array
{
    sort($values);
    $at = function (float $p) use ($values): float {
        $i = $p * (count($values) - 1);
        $low = (int) floor($i);
        $high = (int) ceil($i);
        return $values[$low] + ($values[$high] - $values[$low]) * ($i - $low);
    };
    return $values ? [$at(0.25), $at(0.75)] : [NAN, NAN];
}

/** "0.88× (rounds: middle half 0.83–0.93)" for variant / floor, or "-". */
function ratioWithSpread(array $rpsByRound, string $variant, string $floor): string
{
    $ratios = roundRatios($rpsByRound, $variant, $floor);
    if (!$ratios) {
        return '-';
    }
    [$q1, $q3] = quartiles($ratios);
    return sprintf('%.2f× (middle half of rounds %.2f–%.2f)', median($ratios), $q1, $q3);
}
