--TEST--
Chunking: a missing chunk makes the whole value invalid (empty session, no error); the response expires what is left
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
foreach (['PHPSESSID_SC_1', 'PHPSESSID_SC_2'] as $missing) {
    $d = clone $c;
    unset($d->cookies[$missing]);
    $r = $d->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "without $missing:\n", $r->body, $r->describeChunks('PHPSESSID_SC'), "\n";
}
?>
--EXPECT--
without PHPSESSID_SC_1:
bool(true)
0 invalid
PHPSESSID_SC: deleted
PHPSESSID_SC_2: deleted
without PHPSESSID_SC_2:
bool(true)
0 invalid
PHPSESSID_SC: deleted
PHPSESSID_SC_1: deleted
