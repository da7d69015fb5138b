--TEST--
Bad configuration: a key of the wrong length names its position, never the key
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$short = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
sc_bad_config(["sealedcookie.keys" => SC_KEY_A . "," . $short], [$short, sc_key_material(SC_KEY_A)]);
?>
--EXPECTF--
startup: sealedcookie: sealedcookie.keys: entry 2: the key is 30 bytes long%s; sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: sealedcookie.keys: entry 2: the key is 30 bytes long%s in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
