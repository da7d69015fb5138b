--TEST--
Bad configuration: the same key twice names both positions
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
sc_bad_config(["sealedcookie.keys" => SC_KEY_B . "," . SC_KEY_A . ",dup:" . sc_key_material(SC_KEY_A)],
    [sc_key_material(SC_KEY_A), sc_key_material(SC_KEY_B)]);
?>
--EXPECTF--
startup: sealedcookie: sealedcookie.keys: entry 3: the same key as entry 2; sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: sealedcookie.keys: entry 3: the same key as entry 2 in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
