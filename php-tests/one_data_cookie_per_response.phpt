--TEST--
Exactly one Set-Cookie for the data cookie: an earlier one is replaced, other cookies untouched
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$r = $c->request('setcookie("PHPSESSID_SC", "forged"); setcookie("other", "1"); session_start();
    $_SESSION["a"] = 1; session_write_close(); session_start(); $_SESSION["a"] = 2;');
echo count($r->setCookies('PHPSESSID_SC')), " data cookie\n";
echo $r->describeCookie('PHPSESSID_SC'), "\n";
echo $r->setCookies('other')[0], "\n";
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
1 data cookie
PHPSESSID_SC: sealed; path=/
other=1
{"a":2} valid
