--TEST--
A session first changed after the headers were sent: E_WARNING and no Set-Cookie at all
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0']);
$c->request('session_start(); $_SESSION["a"] = 1;');
$r = $c->request('session_start(); echo "out\n"; $_SESSION["a"] = 2;');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECTF--
out

Warning: PHP Request Shutdown: Session data changed after the response headers were sent; %s
PHPSESSID_SC: no Set-Cookie
{"a":1} valid
