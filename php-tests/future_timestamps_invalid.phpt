--TEST--
A value created or last written more than 5 minutes ahead of the server's clock is "invalid" (it would never expire); within 5 minutes it opens
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi();
if (!extension_loaded('sodium')) die('skip sodium extension needed to forge the value'); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
const SC_TEST_CONTEXT = 'timestamps-test';  // sealedcookie.context, bound into the value
$cases = [
    'created a year ahead' => [365 * 86400, 0],
    'last write a year ahead' => [0, 365 * 86400],
    'created 6 minutes ahead' => [360, 0],
    'both 1 minute ahead' => [60, 60],
];
foreach ($cases as $what => [$created, $written]) {
    $c = new ScClient(['session.gc_maxlifetime' => '1440', 'sealedcookie.max_lifetime' => '3600',
        'sealedcookie.context' => SC_TEST_CONTEXT]);
    $c->request('session_start(); $_SESSION["x"] = 1;');
    $now = time();
    $c->cookies['PHPSESSID_SC'] = sc_reseal($c->cookies['PHPSESSID_SC'], $c->cookies['PHPSESSID'],
        $now + $created, $now + $written, SC_TEST_CONTEXT);
    $r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "$what: ", $r->body;
}
?>
--EXPECT--
created a year ahead: [] invalid
last write a year ahead: [] invalid
created 6 minutes ahead: [] invalid
both 1 minute ahead: {"x":1} valid
