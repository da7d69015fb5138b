--TEST--
Two session names in one request: each data cookie gets its own pending change, neither is lost
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$show = function (ScResponse $r): void {
    echo rtrim($r->body), "\n";
    foreach (['APPA_SC', 'APPB_SC'] as $name) {
        echo "  ", $r->describeCookie($name), "\n";
    }
};
// Both change.
$show($c->request('session_name("APPA"); session_start(); $_SESSION["a"] = 1; session_write_close();
    session_name("APPB"); session_start(); $_SESSION["b"] = 1; session_write_close(); echo "both set";'));
// A changes, then B is opened and left unchanged (and open: sealed when the headers go out).
$show($c->request('session_name("APPA"); session_start(); $_SESSION["a"]++; session_write_close();
    session_name("APPB"); session_start(); echo "b is ", $_SESSION["b"];'));
// B is destroyed after A was read.
$show($c->request('session_name("APPA"); session_start(); session_write_close();
    session_name("APPB"); session_start(); session_destroy(); echo "b destroyed";'));
$show($c->request('session_name("APPA"); session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();
    session_write_close(); session_name("APPB"); session_start(); echo " ", json_encode($_SESSION), " ",
    sealedcookie_status();'));
?>
--EXPECT--
both set
  APPA_SC: sealed; path=/
  APPB_SC: sealed; path=/
b is 1
  APPA_SC: sealed; path=/
  APPB_SC: no Set-Cookie
b destroyed
  APPA_SC: no Set-Cookie
  APPB_SC: deleted; expires=<date>; Max-Age=0; path=/
{"a":2} valid [] none
  APPA_SC: no Set-Cookie
  APPB_SC: no Set-Cookie
