--TEST--
A value with a future envelope version gives "invalid"
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["x"] = 1;');
$raw = base64_decode(strtr($c->cookies['PHPSESSID_SC'], '-_', '+/'));
echo "version ", ord($raw[0]), "\n";
$raw[0] = chr(2);
$c->cookies['PHPSESSID_SC'] = rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECT--
version 1
array(0) {
}
string(7) "invalid"
