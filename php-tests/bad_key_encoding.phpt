--TEST--
Bad configuration: a key that is not base64 or hex names its position
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$bad = "x:" . str_repeat("*", 43);
sc_bad_config(["sealedcookie.keys" => $bad], [$bad]);
?>
--EXPECTF--
startup: sealedcookie: sealedcookie.keys: entry 1: %s; sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: sealedcookie.keys: entry 1: %s in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
