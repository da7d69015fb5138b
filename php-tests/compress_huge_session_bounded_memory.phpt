--TEST--
compress=1: a 4 MB session is refused without a buffer of its size (memory_limit=11M holds PHP's own two copies, not a third) and the page still renders
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.compress' => '1', 'memory_limit' => '11M']);
$c->request('session_start(); $_SESSION["small"] = "ok";');
$r = $c->request('session_start(); $_SESSION["big"] = str_repeat("abcdefgh", 4 << 17);
    session_write_close(); echo "page\n";');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo implode(",", array_keys($_SESSION)), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECTF--
Warning: session_write_close(): Session data not saved: the session is %d bytes, over the 1048576 bytes a sealed session may hold (it could not be read back); the client keeps its previous cookie in %s on line %d
page
PHPSESSID_SC: no Set-Cookie
small valid
