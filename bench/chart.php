<?php
// The benchmark results as a picture: reads the tables scripts/bench.sh wrote to
// bench/results.md (argv[1]) and writes one SVG (argv[2]) with two panels: request rate by
// handler next to the three floors (nginx + php-fpm + wrk), and the per-cycle time by
// handler and session size (php-cgi). Plain PHP, no chart library, no network:
//   php -n bench/chart.php bench/results.md bench/results.svg
declare(strict_types=1);

[$self, $in, $out] = $argv + [null, 'bench/results.md', 'bench/results.svg'];
$md = file_get_contents($in);
if ($md === false) {
    fwrite(STDERR, "chart: cannot read $in\n");
    exit(1);
}

/** Rows of the first markdown table after the heading line that starts with $heading. */
function table(string $md, string $heading): array
{
    $at = strpos($md, "\n$heading");
    if ($at === false) {
        return [];
    }
    $rows = [];
    foreach (explode("\n", substr($md, $at + 1)) as $line) {
        if (str_starts_with($line, '|')) {
            $rows[] = array_map('trim', explode('|', trim($line, '|')));
        } elseif ($rows) {
            break;
        }
    }
    $head = array_shift($rows);
    array_shift($rows); // |---|
    return array_map(static fn(array $r): array => array_combine($head, array_pad($r, count($head), '')), $rows);
}

$requests = table($md, '## Requests');
$cycles = table($md, '## Per cycle');
if (!$requests || !$cycles) {
    fwrite(STDERR, "chart: no Requests or Per cycle table in $in\n");
    exit(1);
}
$floors = ['none' => 'floor: no session', 'cookie' => 'floor: cookie bytes only', 'sessionfloor' => 'floor: session, null handler'];
$color = static fn(string $v): string => match (true) {
    isset($floors[$v]) => '#9aa0a6',
    $v === 'sealedcookie' => '#1a73e8',
    default => '#f29900',
};
$esc = static fn($s): string => htmlspecialchars((string) $s, ENT_XML1 | ENT_QUOTES);
$when = preg_match('/^Run (.+?) with/m', $md, $m) ? $m[1] : '';

$W = 860;
$left = 230;
$barW = $W - $left - 90;
$svg = [];
$y = 30;
$svg[] = "<text x='20' y='$y' class='t'>sealedcookie benchmarks" . ($when ? ' (' . $esc($when) . ')' : '') . '</text>';

// Panel 1: requests per second, median over rounds.
$y += 30;
$svg[] = "<text x='20' y='$y' class='h'>Requests per second (nginx + php-fpm + wrk, median of rounds; higher is better)</text>";
$y += 12;
$max = max(array_map(static fn(array $r): float => (float) $r['req/s (median)'], $requests));
foreach ($requests as $r) {
    $v = $r['variant'];
    $rate = (float) $r['req/s (median)'];
    $w = round($barW * $rate / $max, 1);
    $label = $floors[$v] ?? $v;
    $svg[] = "<text x='" . ($left - 8) . "' y='" . ($y + 15) . "' class='l'>" . $esc($label) . '</text>';
    $svg[] = "<rect x='$left' y='$y' width='$w' height='20' fill='{$color($v)}'/>";
    $svg[] = "<text x='" . ($left + $w + 6) . "' y='" . ($y + 15) . "' class='v'>" . number_format($rate) . '</text>';
    $y += 26;
}
// The session floor as a line: what any handler could reach at best.
foreach ($requests as $r) {
    if ($r['variant'] === 'sessionfloor') {
        $x = $left + round($barW * (float) $r['req/s (median)'] / $max, 1);
        $top = $y - 26 * count($requests) - 4;
        $svg[] = "<line x1='$x' y1='$top' x2='$x' y2='" . ($y - 2) . "' class='f'/>";
        $svg[] = "<text x='$left' y='" . ($y + 10) . "' class='s'>dashed line: the session floor, PHP's session "
            . 'machinery with a save handler that does nothing (the best any handler can do)</text>';
        $y += 10;
    }
}

// Panel 2: microseconds per cycle, by handler and session size.
$y += 30;
$svg[] = "<text x='20' y='$y' class='h'>Microseconds per session cycle (start, change, write; php-cgi; lower is better)</text>";
$y += 8;
$sizes = array_values(array_filter(array_keys($cycles[0]), static fn(string $k): bool => str_starts_with($k, 'µs/cycle at ')));
$shades = ['#c6dafc', '#7baaf7', '#1a56b0'];
$legend = $y + 14;
foreach ($sizes as $i => $s) {
    $x = $left + 150 * $i;
    $svg[] = "<rect x='$x' y='" . ($legend - 10) . "' width='12' height='12' fill='{$shades[$i % 3]}'/>";
    $svg[] = "<text x='" . ($x + 18) . "' y='$legend' class='v'>session " . $esc(substr($s, strlen('µs/cycle at '))) . '</text>';
}
$y = $legend + 10;
$max = 0.0;
foreach ($cycles as $r) {
    foreach ($sizes as $s) {
        $max = max($max, (float) $r[$s]);
    }
}
foreach ($cycles as $r) {
    $name = explode(' (', $r['handler'])[0];
    $label = $name === 'none' ? 'floor: no session' : $name;
    $svg[] = "<text x='" . ($left - 8) . "' y='" . ($y + 20) . "' class='l'>" . $esc($label) . '</text>';
    foreach ($sizes as $i => $s) {
        $us = (float) $r[$s];
        $w = max(1.0, round($barW * $us / $max, 1));
        $fill = $name === 'none' ? '#9aa0a6' : $shades[$i % 3];
        $svg[] = "<rect x='$left' y='$y' width='$w' height='9' fill='$fill'/>";
        $svg[] = "<text x='" . ($left + $w + 6) . "' y='" . ($y + 8) . "' class='s'>" . $esc($r[$s]) . ' µs</text>';
        $y += 10;
    }
    $y += 8;
}
$H = $y + 20;
$style = 'text{font-family:"DejaVu Sans",Verdana,sans-serif;fill:#222}.t{font-size:17px;font-weight:bold}'
    . '.h{font-size:14px;font-weight:bold}.l{font-size:13px;text-anchor:end}.v{font-size:12px}.s{font-size:9px}'
    . '.f{stroke:#5f6368;stroke-dasharray:4 3}';
$doc = "<svg xmlns='http://www.w3.org/2000/svg' width='$W' height='$H' viewBox='0 0 $W $H'>\n"
    . "<!-- generated by bench/chart.php from " . $esc(basename($in)) . " -->\n<style>$style</style>\n"
    . "<rect width='100%' height='100%' fill='#fff'/>\n" . implode("\n", $svg) . "\n</svg>\n";
file_put_contents($out, $doc);
echo "chart: wrote $out\n";
