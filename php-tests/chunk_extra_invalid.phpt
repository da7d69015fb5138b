--TEST--
Chunking: an extra chunk (NAME_<count> present) makes the value invalid, also beside a one-cookie value
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
$d = clone $c;
$d->cookies['PHPSESSID_SC_3'] = $d->cookies['PHPSESSID_SC_2'];
$r = $d->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
echo $r->body, $r->describeChunks('PHPSESSID_SC'), "\n";
// One-cookie value with a NAME_1 beside it.
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["a"] = 1;');
$c->cookies['PHPSESSID_SC_1'] = 'AAAA';
$r = $c->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
echo $r->body, $r->describeChunks('PHPSESSID_SC'), "\n";
?>
--EXPECT--
bool(true)
0 invalid
PHPSESSID_SC: deleted
PHPSESSID_SC_1: deleted
PHPSESSID_SC_2: deleted
PHPSESSID_SC_3: deleted
bool(true)
0 invalid
PHPSESSID_SC: deleted
PHPSESSID_SC_1: deleted
