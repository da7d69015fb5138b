--TEST--
Application context with opcache.preload in a php-fpm master that is not root: the master runs a request before it forks the pools' workers, and the context it derives there is not theirs (two pools stay apart)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm();
if (trim((string) shell_exec('id -u')) !== '0') die('skip needs root, to start the master as nobody');
if (!is_executable('/usr/bin/setpriv')) die('skip setpriv (util-linux) not found');
// Since PHP 8.5 OPcache is built in; before, it is a zend_extension to load.
if (PHP_VERSION_ID < 80500 && !is_file(PHP_EXTENSION_DIR . '/opcache.so')) die('skip opcache not installed'); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$preload = tempnam(sys_get_temp_dir(), 'scpre');
file_put_contents($preload, "<?php\nfunction sc_preloaded(): void {}\n");
chmod($preload, 0644);
// Under run-tests -m, valgrind in the master (nobody) writes to this test's log.
$mem = substr(__FILE__, 0, -4) . '.mem';
if (is_file($mem)) chmod($mem, 0666);
// Not root, so the master preloads itself (as root it would fork for it).
[$proc, $log, $ports, $conf] = sc_fpm_master(sc_client_ini([
    'session.use_strict_mode' => '1',
    'zend_extension' => PHP_VERSION_ID < 80500 ? PHP_EXTENSION_DIR . '/opcache.so' : null,
    'opcache.enable' => '1',
    'opcache.preload' => $preload,
]), ['shop' => [], 'blog' => []], ['/usr/bin/setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']);
$victim = new ScClient([], "fpm@{$ports['shop']}");
$r = $victim->request('session_start(); $_SESSION["user"] = "bob"; var_export(function_exists("sc_preloaded"));');
echo "preloaded: ", trim($r->body), "\n";
$id = $victim->cookies['PHPSESSID'];
echo "blog mints for shop:\n";
$minted = sc_mint(new ScClient([], "fpm@{$ports['blog']}"), $id);
echo "shop reads it: ", sc_read_as(new ScClient([], "fpm@{$ports['shop']}"), $minted, $id), "\n";
$errors = sc_fpm_master_stop($proc, $log, $conf);
unlink($preload);
echo "master log: ", trim($errors) === '' ? "nothing from PHP" : $errors, "\n";
?>
--EXPECT--
preloaded: true
blog mints for shop:
  ini_set(sealedcookie.context): false
  minted a data cookie: true
shop reads it: [] invalid new id
master log: nothing from PHP
