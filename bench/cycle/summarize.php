<?php
// Markdown table from bench/cycle/run.sh's rows (argv[1]): per handler and
// session size, the median over repetitions of each run's median cycle time, in
// microseconds; "lost" counts runs whose session did not survive every cycle.

require __DIR__ . '/../request/stats.php';

$rows = tsvRows($argv[1]);
$cells = [];
$sizes = [];
foreach ($rows as [$rep, $size, $handler, $median, $mean, $cycles, $kept]) {
    $lost = $handler !== 'none' && (int) $kept !== (int) $cycles;
    $cells[$handler][$size][] = ['median' => (int) $median, 'lost' => $lost];
    $sizes[$size] = true;
}
$sizes = array_keys($sizes);
sort($sizes);

$label = fn(int $bytes) => $bytes % 1024 === 0 ? ($bytes / 1024) . ' KiB' : "$bytes B";
echo '| handler | ' . implode(' | ', array_map(fn($s) => 'µs/cycle at ' . $label($s), $sizes)) . " |\n";
echo '|---|' . str_repeat('---:|', count($sizes)) . "\n";
foreach ($cells as $handler => $bySize) {
    $out = [];
    foreach ($sizes as $size) {
        $runs = $bySize[$size] ?? [];
        if (!$runs) {
            $out[] = '-';
            continue;
        }
        $lost = count(array_filter(array_column($runs, 'lost')));
        $us = median(array_column($runs, 'median')) / 1000;
        $out[] = sprintf('%.1f', $us) . ($lost ? " ($lost of " . count($runs) . ' runs lost the session)' : '');
    }
    $name = $handler === 'none' ? 'none (no session: sending the headers only)' : $handler;
    echo "| $name | " . implode(' | ', $out) . " |\n";
}
