--TEST--
Bad configuration: keys and key_file both set
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$file = tempnam(sys_get_temp_dir(), "sckeys");
file_put_contents($file, SC_KEY_B . "\n");
sc_bad_config(["sealedcookie.keys" => SC_KEY_A, "sealedcookie.key_file" => $file],
    [sc_key_material(SC_KEY_A), sc_key_material(SC_KEY_B)]);
unlink($file);
?>
--EXPECTF--
startup: sealedcookie: set either sealedcookie.keys or sealedcookie.key_file, not both; sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: set either sealedcookie.keys or sealedcookie.key_file, not both in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
