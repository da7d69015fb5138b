--TEST--
sealedcookie.context: only the administrator sets it (php.ini / php_admin_value, not ini_set), printable ASCII up to 255 bytes, shown in phpinfo() (derived from the worker when unset)
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
function sc_cli(array $ini, string $code): string {
    $cmd = array_merge([PHP_BINARY, '-n'], sc_ini_args(sc_client_ini($ini)), ['-r', $code]);
    [$out, $err] = sc_spawn($cmd, []);
    return trim($out . $err);
}
$row = 'ob_start(); phpinfo(INFO_MODULES); preg_match("/^Application context => (.*)$/m", ob_get_clean(), $m);'
    . ' echo $m[1] ?? "no row", "\n";';
$user = trim((string) shell_exec('id -un 2>/dev/null'));  // posix may not be loaded
$derived = sc_cli([], $row);
echo "derived: ", $derived === ($user !== '' ? "user:$user" : 'uid:' . trim(shell_exec('id -u'))) . ' (derived)'
    ? "the effective user, marked (derived)" : $derived, "\n";
echo "set: ", sc_cli(['sealedcookie.context' => 'shop-eu'], $row), "\n";
echo sc_cli(['sealedcookie.context' => 'shop-eu'],
    'var_dump(ini_set("sealedcookie.context", "blog"), ini_get("sealedcookie.context"));'), "\n";
foreach (["tab\tinside", str_repeat('x', 256)] as $bad) {
    echo sc_cli(['sealedcookie.context' => $bad], 'var_dump(ini_get("sealedcookie.context"));'), "\n";
}
echo "longest: ", strlen(sc_cli(['sealedcookie.context' => str_repeat('x', 255)], 'echo ini_get("sealedcookie.context");')), "\n";
?>
--EXPECTF--
derived: the effective user, marked (derived)
set: shop-eu
bool(false)
string(7) "shop-eu"
%AWarning: PHP Startup: sealedcookie.context must be at most 255 printable ASCII characters in Unknown on line 0%A
string(0) ""
%AWarning: PHP Startup: sealedcookie.context must be at most 255 printable ASCII characters in Unknown on line 0%A
string(0) ""
longest: 255
