--TEST--
Rotation: a value sealed with an older key opens ("resealed") and is re-sealed with the primary
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.keys' => SC_KEY_A]);
$c->request('session_start(); $_SESSION["n"] = 41;');
// New primary B; A still opens.
$r = $c->request('session_start(); echo $_SESSION["n"], " ", sealedcookie_status();',
    ['sealedcookie.keys' => SC_KEY_B . ',' . SC_KEY_A]);
sc_show($r, 'PHPSESSID_SC');
// The re-sealed value opens with B alone.
$r = $c->request('session_start(); echo $_SESSION["n"], " ", sealedcookie_status();',
    ['sealedcookie.keys' => SC_KEY_B]);
sc_show($r, 'PHPSESSID_SC');
?>
--EXPECT--
41 resealed
PHPSESSID_SC: sealed; path=/
41 valid
PHPSESSID_SC: no Set-Cookie
