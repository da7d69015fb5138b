--TEST--
Bad configuration: a missing key file names the file
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
sc_bad_config(["sealedcookie.keys" => "", "sealedcookie.key_file" => "/nonexistent/sealedcookie.keys"], []);
?>
--EXPECTF--
startup: sealedcookie: sealedcookie.key_file: cannot read "/nonexistent/sealedcookie.keys": No such file or directory; sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: sealedcookie.key_file: cannot read "/nonexistent/sealedcookie.keys": No such file or directory in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
