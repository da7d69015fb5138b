--TEST--
Bad configuration: a bad line in the key file names its line number
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$file = tempnam(sys_get_temp_dir(), "sckeys");
file_put_contents($file, "# keys\n" . SC_KEY_A . "\n\nb:tooshort\n");
sc_bad_config(["sealedcookie.keys" => "", "sealedcookie.key_file" => $file], [sc_key_material(SC_KEY_A), "tooshort"]);
unlink($file);
?>
--EXPECTF--
startup: sealedcookie: sealedcookie.key_file: line 4: %s; sessions using this handler will fail
page without session works

Warning: session_start(): sealedcookie is not configured: sealedcookie.key_file: line 4: %s in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
