--TEST--
php-fpm: round trip, sealing at output with output_buffering=0, and at fastcgi_finish_request()
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0'], 'fpm');
for ($i = 0; $i < 2; $i++) {
    $r = $c->request('session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
        echo $_SESSION["n"], " ", sealedcookie_status(), "\n";');
    sc_show($r, 'PHPSESSID_SC');
}
$r = $c->request('session_start(); $_SESSION["n"]++; fastcgi_finish_request(); $_SESSION["late"] = 1;');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
sc_show($r, 'PHPSESSID_SC');
?>
--EXPECT--
1 none
PHPSESSID_SC: sealed; path=/
2 valid
PHPSESSID_SC: sealed; path=/

PHPSESSID_SC: sealed; path=/
{"n":3} valid
PHPSESSID_SC: no Set-Cookie
