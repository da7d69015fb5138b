<?php
// The issue's targets, checked against one run (information, not a test):
// argv[1] = bench/request rows, argv[2] = bench/cycle rows.
require __DIR__ . '/stats.php';

$requestRows = tsvRows($argv[1]);
$byRound = rpsByRound($requestRows);
$rps = [];
foreach ($requestRows as [, $variant, $value]) {
    $rps[$variant][] = (float) $value;
}
$cycle = [];
foreach (tsvRows($argv[2]) as [, $size, $handler, $medianNs]) {
    $cycle[$handler][(int) $size][] = (int) $medianNs;
}

$line = function (string $what, ?bool $met, string $measured): void {
    printf("| %s | %s | %s |\n", $what, $met === null ? 'not measured' : ($met ? 'met' : '**missed**'), $measured);
};

echo "| target | result | measured |\n|---|---|---|\n";
foreach (['cookie' => 0.95, 'none' => 0.90] as $floor => $wanted) {
    $ratio = medianRatio($byRound, 'sealedcookie', $floor);
    $name = $floor === 'none' ? 'no-session floor' : 'cookie floor';
    $line("req/s ≥ {$wanted}× the $name", $ratio === null ? null : $ratio >= $wanted,
        ratioWithSpread($byRound, 'sealedcookie', $floor));
}
foreach (['files', 'memcached', 'redis', 'userland'] as $other) {
    $ratio = medianRatio($byRound, 'sealedcookie', $other);
    $line("req/s ahead of $other", $ratio === null ? null : $ratio > 1,
        $ratio === null ? '-' : sprintf('%.2f× (medians %.0f vs %.0f req/s)', $ratio,
            median($rps['sealedcookie']), median($rps[$other])));
}
$ours = isset($cycle['sealedcookie'][1024]) ? median($cycle['sealedcookie'][1024]) / 1000 : null;
$files = isset($cycle['files'][1024]) ? median($cycle['files'][1024]) / 1000 : null;
$line('fewer µs per cycle than files at 1 KiB', $ours === null || $files === null ? null : $ours < $files,
    $ours === null || $files === null ? '-' : sprintf('%.1f µs vs %.1f µs', $ours, $files));

// Information, not a target: the ceiling PHP's session machinery leaves to any
// cookie- or memory-based handler (bench/nullhandler under the cookie floor's bytes).
$pairs = [['sessionfloor', 'cookie'], ['sessionfloor', 'none'], ['sealedcookie', 'sessionfloor']];
$spreads = array_map(fn($pair) => ratioWithSpread($byRound, ...$pair), $pairs);
if (!in_array('-', $spreads, true)) {
    vprintf("\nsession floor (PHP's session machinery + cookie bytes, handler doing nothing) = %s cookie floor;"
        . " %s no-session; sealedcookie = %s session floor\n", $spreads);
} else {
    echo "\nsession floor: not measured in this run\n";
}
