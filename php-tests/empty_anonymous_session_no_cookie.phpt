--TEST--
A visitor with no cookie and an empty session gets no data cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$r = $c->request('session_start(); echo sealedcookie_status(), " ", count($_SESSION);');
sc_show($r, 'PHPSESSID_SC');
echo count($r->setCookies('PHPSESSID')), " session id cookie\n";
?>
--EXPECT--
none 0
PHPSESSID_SC: no Set-Cookie
1 session id cookie
