--TEST--
apache2handler: an earlier Set-Cookie for the data cookie is replaced in apache's own header table too
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_apache(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient([], 'apache');
$r = $c->request('setcookie("PHPSESSID_SC", "forged"); setcookie("other", "1"); session_start();
    $_SESSION["a"] = 1;');
echo count($r->setCookies('PHPSESSID_SC')), " data cookie\n";
echo $r->describeCookie('PHPSESSID_SC'), "\n";
echo $r->setCookies('other')[0] ?? 'other missing', "\n";
echo count($r->setCookies('PHPSESSID')), " session id cookie\n";
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
1 data cookie
PHPSESSID_SC: sealed; path=/
other=1
1 session id cookie
{"a":1} valid
