--TEST--
Chunking: a session shrinking from three cookies to one expires NAME_1 and NAME_2 in the same response
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
echo implode(', ', array_keys(sc_jar_chunks($c, 'PHPSESSID_SC'))), "\n";
$r = $c->request('session_start(); $_SESSION["blob"] = "small";');
echo $r->describeChunks('PHPSESSID_SC'), "\n";
echo str_contains($c->cookies['PHPSESSID_SC'], '.') ? "prefixed\n" : "no prefix\n";
echo implode(', ', array_keys(sc_jar_chunks($c, 'PHPSESSID_SC'))), "\n";
$r = $c->request('session_start(); echo $_SESSION["blob"], " ", sealedcookie_status(), "\n";');
echo $r->body;
// From three to two: only NAME_2 goes.
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
$r = $c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 4000);');
echo $r->describeChunks('PHPSESSID_SC'), "\n";
$r = $c->request('session_start(); echo strlen($_SESSION["blob"]), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
PHPSESSID_SC, PHPSESSID_SC_1, PHPSESSID_SC_2
PHPSESSID_SC: sealed
PHPSESSID_SC_1: deleted
PHPSESSID_SC_2: deleted
no prefix
PHPSESSID_SC
small valid
PHPSESSID_SC: sealed
PHPSESSID_SC_1: sealed
PHPSESSID_SC_2: deleted
4000 valid
