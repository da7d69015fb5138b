--TEST--
Counters: one php-fpm master's workers share them (shared memory made before the fork); after concurrent clients on three workers they equal exactly what the clients saw (opens by outcome and reason, by key, seals, bytes, deletes, late changes); the OpenMetrics text and phpinfo() show the same numbers; sealedcookie.counters=0 turns them off
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
const CLIENTS = 4;
// Fewer under valgrind (run-tests -m traces every process the test starts).
define('ROUNDS', getenv('USE_ZEND_ALLOC') === '0' ? 3 : 15);
[$proc, $log, $ports, $conf] = sc_fpm_master(sc_client_ini(), ['www' => ['fpm:pm.max_children' => 3]]);
$port = $ports['www'];

// Concurrent clients, each its own process.
$children = [];
for ($i = 0; $i < CLIENTS; $i++) {
    // extension_dir as run-tests gave it to this process: the client finds the build there.
    $children[] = proc_open([PHP_BINARY, '-n', '-d', 'extension_dir=' . ini_get('extension_dir'),
        __DIR__ . '/helpers/counters_client.php', (string) ROUNDS, (string) $port],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $outputs[] = $pipes;
}
$seen = [];
foreach ($children as $n => $child) {
    $out = stream_get_contents($outputs[$n][1]);
    $err = stream_get_contents($outputs[$n][2]);
    proc_close($child);
    $counts = json_decode($out, true) ?? throw new RuntimeException("client $n: $out $err");
    foreach ($counts as $k => $v) {
        if ($k === 'pids') $pids = array_merge($pids ?? [], $v);
        else $seen[$k] = ($seen[$k] ?? 0) + $v;
    }
}

$server = new ScClient([], "fpm@$port");
$counters = json_decode($server->request('echo json_encode(sealedcookie_counters());')->body, true);
echo "served by more than one worker: ", var_export(count(array_unique($pids)) > 1, true), "\n";

$compare = [
    'opens none' => [$counters['opens']['none'], $seen['none']],
    'opens valid' => [$counters['opens']['valid'], $seen['valid']],
    'opens invalid' => [$counters['opens']['invalid'], $seen['invalid']],
    'reason tampered' => [$counters['open_reasons']['tampered'], $seen['tampered']],
    'reason moved' => [$counters['open_reasons']['moved'], $seen['moved']],
    'reason malformed' => [$counters['open_reasons']['malformed'], $seen['malformed']],
    'opened by key a' => [$counters['opens_by_key']['a'], $seen['valid']],
    'sealed by key a' => [$counters['seals_by_key']['a'], $seen['seals']],
    'seals' => [$counters['seals'], $seen['seals']],
    'bytes sealed' => [$counters['bytes_sealed'], $seen['bytes']],
    'deletes' => [$counters['deletes'], $seen['deletes']],
    'late changes' => [$counters['refusals']['late_change'], $seen['late']],
];
foreach ($compare as $what => [$server_count, $client_count]) {
    echo str_pad($what, 17), $server_count === $client_count && $client_count > 0
        ? "equal" : "DIFFER: counters $server_count, clients $client_count", "\n";
}
echo "other outcomes zero: ", var_export($counters['opens']['resealed'] + $counters['opens']['expired']
    + $counters['opens']['revoked'] + $counters['open_reasons']['unknown_key'] === 0, true), "\n";

// The same numbers in the OpenMetrics text and in phpinfo().
$metrics = $server->request('header("Content-Type: text/plain"); echo sealedcookie_metrics();')->body;
echo "metrics valid: ", var_export(str_contains($metrics, 'sealedcookie_opens_total{status="valid"} ' . $seen['valid'] . "\n"), true),
    ", sealed by a: ", var_export(str_contains($metrics, 'sealedcookie_seals_by_key_total{key="a"} ' . $seen['seals'] . "\n"), true),
    ", ends with EOF: ", var_export(str_ends_with($metrics, "# EOF\n"), true), "\n";
$bad_lines = array_filter(explode("\n", trim($metrics)),
    fn($l) => !preg_match('/^(# (HELP|TYPE) sealedcookie_\w+ .+|# EOF|sealedcookie_\w+(\{\w+="[\w-]+"\})? \d+)$/', $l));
echo "lines not in the format: ", count($bad_lines), "\n";
$info = strip_tags($server->request('phpinfo(INFO_MODULES);')->body);
echo "phpinfo: ", var_export(str_contains($info, "valid {$seen['valid']}, resealed 0"), true), "\n";
$errors = sc_fpm_master_stop($proc, $log, $conf);
echo "no key text in the log: ", var_export(!str_contains($errors, sc_key_material(SC_KEY_A)), true), "\n";

// Off: the functions say so.
$off = new ScClient(['sealedcookie.counters' => '0']);
echo "off: ", $off->request('var_dump(sealedcookie_counters(), sealedcookie_metrics());')->body;
?>
--EXPECT--
served by more than one worker: true
opens none       equal
opens valid      equal
opens invalid    equal
reason tampered  equal
reason moved     equal
reason malformed equal
opened by key a  equal
sealed by key a  equal
seals            equal
bytes sealed     equal
deletes          equal
late changes     equal
other outcomes zero: true
metrics valid: true, sealed by a: true, ends with EOF: true
lines not in the format: 0
phpinfo: true
no key text in the log: true
off: bool(false)
bool(false)
