<?php
// Instructions per request from two callgrind runs of `php-cgi -T N`:
// (cost at N2 requests - cost at N1 requests) / (N2 - N1), so start-up and
// compilation cancel out. Reads `callgrind_annotate --auto=no --threshold=100`
// output (self cost, and --inclusive=yes for inclusive cost).
//
//   php profile_diff.php total N1 N2 self1 self2
//       prints the instructions per request
//   php profile_diff.php report N1 N2 self1 self2 incl1 incl2 [label]
//       prints a markdown breakdown: by object, top functions (self), and the
//       inclusive cost of the extension's entry points

/** @return array{0: int, 1: array<string, array{int, string, string}>} total, key => [Ir, function, object] */
function parse(string $file): array
{
    $total = 0;
    $functions = [];
    foreach (file($file, FILE_IGNORE_NEW_LINES) as $line) {
        if (!preg_match('/^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$/', $line, $m)) {
            continue;
        }
        $ir = (int) str_replace(',', '', $m[1]);
        $rest = $m[2];
        if ($rest === 'PROGRAM TOTALS') {
            $total = $ir;
            continue;
        }
        $object = '?';
        if (preg_match('/^(.*) \[([^\]]+)\]$/', $rest, $o)) {
            [$rest, $object] = [$o[1], $o[2]];
        }
        $colon = strpos($rest, ':');
        $function = $colon === false ? $rest : substr($rest, $colon + 1);
        $functions[$rest . ' ' . $object] = [$ir, $function, $object];
    }
    return [$total, $functions];
}

/** Per-request cost of every function: key => [Ir per request, function, object]. */
function perRequest(string $a, string $b, int $n1, int $n2): array
{
    [, $first] = parse($a);
    [, $second] = parse($b);
    $out = [];
    foreach ($second as $key => [$ir, $function, $object]) {
        $delta = ($ir - ($first[$key][0] ?? 0)) / ($n2 - $n1);
        if ($delta > 0.5) {
            $out[$key] = [$delta, $function, $object];
        }
    }
    uasort($out, fn($x, $y) => $y[0] <=> $x[0]);
    return $out;
}

function group(string $object): string
{
    return match (true) {
        str_contains($object, 'sealedcookie') => 'sealedcookie.so (our glue + core)',
        str_contains($object, 'libsodium') => 'libsodium (AEAD, called by us)',
        str_contains($object, 'libc.so') => 'libc (memset/memcpy/malloc, mostly PHP)',
        str_contains($object, 'ld-linux') => 'dynamic loader',
        default => 'PHP (php-cgi, opcache, other extensions)',
    };
}

function shortName(string $function, string $object = ''): string
{
    if (preg_match('/^0x[0-9a-f]+/', $function)) {  // a static function of a stripped library
        return $function . (str_contains($object, 'libsodium') ? ' (ChaCha20/Poly1305 core)' : ' (static)');
    }
    $function = str_replace(['sealedcookie::', '(anonymous namespace)::'], ['', ''], $function);
    return preg_replace('/\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)( const)?/', '()', $function);
}

$mode = $argv[1];
if ($mode === 'total') {
    [$n1, $n2] = [(int) $argv[2], (int) $argv[3]];
    printf("%.0f\n", (parse($argv[5])[0] - parse($argv[4])[0]) / ($n2 - $n1));
    exit(0);
}

[$n1, $n2] = [(int) $argv[2], (int) $argv[3]];
$self = perRequest($argv[4], $argv[5], $n1, $n2);
$inclusive = perRequest($argv[6], $argv[7], $n1, $n2);
$total = (parse($argv[5])[0] - parse($argv[4])[0]) / ($n2 - $n1);
$label = $argv[8] ?? 'this variant';

$byGroup = [];
foreach ($self as [$ir, , $object]) {
    $byGroup[group($object)] = ($byGroup[group($object)] ?? 0) + $ir;
}
arsort($byGroup);
printf("Where the %s request's %.0f instructions go (self cost by object):\n\n", $label, $total);
echo "| object | instructions per request | share |\n|---|---:|---:|\n";
foreach ($byGroup as $name => $ir) {
    printf("| %s | %.0f | %.1f%% |\n", $name, $ir, 100 * $ir / $total);
}

echo "\nTop functions (self cost per request):\n\n| function | object | instructions | share |\n|---|---|---:|---:|\n";
foreach (array_slice($self, 0, 15) as [$ir, $function, $object]) {
    printf("| `%s` | %s | %.0f | %.1f%% |\n", shortName($function, $object), basename($object), $ir, 100 * $ir / $total);
}

// PHP's request phases and session machinery, to put the extension's share in context.
$phpPhases = ['php_request_startup', 'php_execute_script', 'php_request_shutdown', 'php_session_start',
    'php_session_flush', 'php_var_unserialize', 'php_var_serialize', 'sapi_send_headers'];
echo "\nInclusive cost per request: PHP's phases and session machinery, then the extension's entry points and\n";
echo "core (a caller includes its callees: ps_read_sealedcookie is inside php_session_start):\n\n";
echo "| function | instructions | share |\n|---|---:|---:|\n";
$shown = [];
foreach ($inclusive as [$ir, $function, $object]) {
    if (in_array($function, $phpPhases, true)) {
        printf("| `%s` (PHP) | %.0f | %.1f%% |\n", $function, $ir, 100 * $ir / $total);
    }
}
foreach ($inclusive as [$ir, $function, $object]) {
    $interesting = str_contains($object, 'sealedcookie') || str_starts_with($function, 'crypto_aead_');
    $name = shortName($function, $object);
    if ($interesting && $ir >= 0.002 * $total && !isset($shown[$name])) {  // overloads: the outer one
        $shown[$name] = true;
        printf("| `%s` | %.0f | %.1f%% |\n", $name, $ir, 100 * $ir / $total);
    }
}
