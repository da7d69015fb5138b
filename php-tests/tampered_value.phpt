--TEST--
A tampered data cookie gives an empty session, status "invalid", no error
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["role"] = "user";');
$v = $c->cookies['PHPSESSID_SC'];
$i = intdiv(strlen($v), 2);
$c->cookies['PHPSESSID_SC'] = substr($v, 0, $i) . ($v[$i] === 'A' ? 'B' : 'A') . substr($v, $i + 1);
$r = $c->request('var_dump(session_start()); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECT--
bool(true)
array(0) {
}
string(7) "invalid"
