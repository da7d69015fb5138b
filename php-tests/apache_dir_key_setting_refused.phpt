--TEST--
apache2handler: keys set per directory (php_admin_value) differ from startup: refused there, and only there
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_apache(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// One apache process serves every request, so mod_php sets the per-directory
// value at the start of each request there and restores it at the end: a
// request elsewhere afterwards must see the startup keys again.
$root = sys_get_temp_dir() . '/scapdir' . getmypid();
foreach (['', '/other_keys', '/same_keys'] as $sub) {
    @mkdir("$root$sub", 0755, true);
    file_put_contents("$root$sub/page.php",
        '<?php echo "page works\n"; var_dump(session_start()); echo sealedcookie_status(), "\n";');
    chmod("$root$sub/page.php", 0644);
}
chmod($root, 0755);
$extra = "<Directory $root/other_keys>\nphp_admin_value sealedcookie.keys \"" . SC_KEY_B . "\"\n</Directory>\n"
    . "<Directory $root/same_keys>\nphp_admin_value sealedcookie.keys \"" . SC_KEY_A . "\"\n</Directory>\n";
$ini = (new ReflectionProperty(ScClient::class, 'ini'))->getValue(new ScClient(['html_errors' => '0']));
[$proc, $log, $s, $port, $dir] = sc_apache_start($ini, $root, $extra);
$out = '';
foreach (['/page.php', '/other_keys/page.php', '/page.php', '/same_keys/page.php', '/other_keys/page.php'] as $i => $path) {
    $response = sc_http_get($port, $path, '', $i === 0 ? $s : null);
    $out .= $response;
    echo "$path:\n", substr($response, strpos($response, "\r\n\r\n") + 4);
}
$err = sc_apache_stop($proc, $log, $dir);
echo str_contains($out . $err, sc_key_material(SC_KEY_B)) ? "KEY TEXT IN OUTPUT\n" : "no key text in output\n";
foreach (['', '/other_keys', '/same_keys'] as $sub) unlink("$root$sub/page.php");
rmdir("$root/other_keys");
rmdir("$root/same_keys");
rmdir($root);
?>
--EXPECTF--
/page.php:
page works
bool(true)
none
/other_keys/page.php:
page works

Warning: session_start(): sealedcookie.keys or sealedcookie.key_file differs from the value read at startup (set per pool or per directory?); keys are read once at startup, so set them in php.ini in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
none
/page.php:
page works
bool(true)
none
/same_keys/page.php:
page works
bool(true)
none
/other_keys/page.php:
page works

Warning: session_start(): sealedcookie.keys or sealedcookie.key_file differs from the value read at startup (set per pool or per directory?); keys are read once at startup, so set them in php.ini in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)
none
no key text in output
