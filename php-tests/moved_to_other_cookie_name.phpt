--TEST--
A value sealed for one cookie name does not open under another
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.cookie_name' => 'app1']);
$c->request('session_start(); $_SESSION["app"] = 1;');
echo isset($c->cookies['app1']) ? "app1 set\n" : "app1 missing\n";
$c->cookies['app2'] = $c->cookies['app1'];
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());',
    ['sealedcookie.cookie_name' => 'app2']);
echo $r->body;
?>
--EXPECT--
app1 set
array(0) {
}
string(7) "invalid"
