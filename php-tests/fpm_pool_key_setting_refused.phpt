--TEST--
php-fpm: keys set per pool (php_admin_value) differ from those read at startup: session_start() refuses
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['pool:sealedcookie.keys' => SC_KEY_B, 'html_errors' => '0'], 'fpm');
$r = $c->request('echo "page works\n"; var_dump(session_start());');
echo $r->body;
echo str_contains($r->body . $r->stderr, sc_key_material(SC_KEY_B)) ? "KEY TEXT IN OUTPUT\n" : "";
// The same value per pool as at startup is fine.
$c = new ScClient(['pool:sealedcookie.keys' => SC_KEY_A], 'fpm');
$r = $c->request('var_dump(session_start());');
echo $r->body;
?>
--EXPECTF--
page works

Warning: session_start(): sealedcookie.keys or sealedcookie.key_file differs from the value read at startup (set per pool or per directory?); keys are read once at startup, so set them in php.ini in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
bool(true)
