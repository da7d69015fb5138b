--TEST--
Absolute expiry: past sealedcookie.max_lifetime since creation the value is "expired" (idle timeout long)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_lifetime' => '2', 'session.gc_maxlifetime' => '3600']);
$c->request('session_start(); $_SESSION["n"] = 1;');
sleep(3);
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECT--
array(0) {
}
string(7) "expired"
