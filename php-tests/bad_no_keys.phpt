--TEST--
Bad configuration: save_handler=sealedcookie without keys
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
sc_bad_config(["sealedcookie.keys" => ""], []);
?>
--EXPECTF--
startup: sealedcookie: no keys configured (set sealedcookie.key_file or sealedcookie.keys); sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: no keys configured (set sealedcookie.key_file or sealedcookie.keys) in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
