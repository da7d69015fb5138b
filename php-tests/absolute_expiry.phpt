--TEST--
Absolute expiry: sealedcookie.max_lifetime counts from creation, even for an active session
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_lifetime' => '2', 'session.gc_maxlifetime' => '3600']);
$c->request('session_start(); $_SESSION["n"] = 1;');
sleep(2);
// Rewritten (so not idle), but created over 2 s ago ... or not yet: either way
// the next request after waiting again must see it expired.
$c->request('session_start(); if (isset($_SESSION["n"])) $_SESSION["n"]++;');
sleep(3);
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECT--
array(0) {
}
string(7) "expired"
