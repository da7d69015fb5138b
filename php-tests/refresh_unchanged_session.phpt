--TEST--
An unchanged session is re-sealed once a quarter of the idle timeout has passed
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.gc_maxlifetime' => '20']);
$c->request('session_start(); $_SESSION["x"] = 1;');
sleep(6);
$r = $c->request('session_start(); echo $_SESSION["x"], " ", sealedcookie_status();');
sc_show($r, 'PHPSESSID_SC');
?>
--EXPECT--
1 valid
PHPSESSID_SC: sealed; path=/
