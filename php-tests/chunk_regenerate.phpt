--TEST--
Chunking: session_regenerate_id() re-seals every chunk under the new id; unused chunks are expired
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384', 'sealedcookie.header_budget' => '20000']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
$old = $c->cookies['PHPSESSID'];
$oldChunks = sc_jar_chunks($c, 'PHPSESSID_SC');
$r = $c->request('session_start(); session_regenerate_id(true); echo sealedcookie_status(), "\n";');
echo rtrim($r->body), " ", $c->cookies['PHPSESSID'] !== $old ? "new id" : "same id", "\n";
echo $r->describeChunks('PHPSESSID_SC'), "\n";
echo count(array_intersect_assoc(sc_jar_chunks($c, 'PHPSESSID_SC'), $oldChunks)), " chunks unchanged\n";
$r = $c->request('session_start(); echo strlen($_SESSION["blob"]), " ", sealedcookie_status(), "\n";');
echo $r->body;
// The new chunks do not open for the old id.
$d = clone $c;
$d->cookies['PHPSESSID'] = $old;
$r = $d->request('session_start(); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
echo $r->body;
// Regenerate while shrinking to one cookie: NAME_1 and NAME_2 are expired.
$r = $c->request('session_start(); session_regenerate_id(); $_SESSION["blob"] = "small";');
echo $r->describeChunks('PHPSESSID_SC'), "\n";
$r = $c->request('session_start(); echo $_SESSION["blob"], " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
valid new id
PHPSESSID_SC: sealed
PHPSESSID_SC_1: sealed
PHPSESSID_SC_2: sealed
0 chunks unchanged
7000 valid
0 invalid
PHPSESSID_SC: sealed
PHPSESSID_SC_1: deleted
PHPSESSID_SC_2: deleted
small valid
