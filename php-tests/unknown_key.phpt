--TEST--
A value sealed with a key the server does not have gives "invalid"
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.keys' => SC_KEY_A]);
$c->request('session_start(); $_SESSION["x"] = 1;');
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());',
    ['sealedcookie.keys' => SC_KEY_B . ',' . SC_KEY_C]);
echo $r->body;
?>
--EXPECT--
array(0) {
}
string(7) "invalid"
