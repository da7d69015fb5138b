--TEST--
A key from sealedcookie_generate_key() is accepted by sealedcookie.keys and seals sessions
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$key = sealedcookie_generate_key('gen');
$c = new ScClient(['sealedcookie.keys' => $key]);
$c->request('session_start(); $_SESSION["n"] = 7;');
$r = $c->request('session_start(); echo $_SESSION["n"], " ", sealedcookie_status();');
echo $r->body, "\n";
echo str_contains($r->body . $r->stderr, sc_key_material($key)) ? "KEY TEXT IN OUTPUT\n" : "";
?>
--EXPECT--
7 valid
