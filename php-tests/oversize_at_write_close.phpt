--TEST--
Too large at session_write_close(): the warning names the sizes and the write is refused
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '400']);
$r = $c->request('session_start(); $_SESSION["big"] = str_repeat("x", 1000);
    session_write_close(); echo "max ", sealedcookie_max_session_size(), "\n";');
sc_show($r, 'PHPSESSID_SC');
?>
--EXPECTF--
Warning: session_write_close(): Session data not saved: the sealed cookie would be 1%d bytes, over sealedcookie.max_size (400 bytes); the client keeps its previous cookie in %s on line %d
max %d
PHPSESSID_SC: no Set-Cookie
