--TEST--
An unchanged, fresh session sends no Set-Cookie for the data cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["user"] = "ann";');
foreach (['1', '0'] as $lazy) {
    $r = $c->request('session_start(); echo $_SESSION["user"], " ", sealedcookie_status();',
        ['session.lazy_write' => $lazy]);
    sc_show($r, 'PHPSESSID_SC');
}
?>
--EXPECT--
ann valid
PHPSESSID_SC: no Set-Cookie
ann valid
PHPSESSID_SC: no Set-Cookie
