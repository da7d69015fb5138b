--TEST--
Changes made before output are sealed when headers go out (output_buffering=0, no session_write_close)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0']);
$r = $c->request('session_start(); $_SESSION["cart"] = [1, 2]; echo "body\n"; flush();
    echo str_repeat("y", 10000), "\n";');
echo $r->describeCookie('PHPSESSID_SC'), "\n";
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
PHPSESSID_SC: sealed; path=/
{"cart":[1,2]} valid
