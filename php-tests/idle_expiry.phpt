--TEST--
Idle expiry: a value whose last write is older than session.gc_maxlifetime is "expired"
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.gc_maxlifetime' => '1']);
$c->request('session_start(); $_SESSION["x"] = 1;');
sleep(3);
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECT--
array(0) {
}
string(7) "expired"
