--TEST--
apache2handler (mod_php): round trip, other cookies untouched, sealing when flush() sends the headers
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_apache(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0', 'html_errors' => '0'], 'apache');
for ($i = 0; $i < 2; $i++) {
    $r = $c->request('setcookie("other", "1"); session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
        echo $_SESSION["n"], " ", sealedcookie_status(), "\n";');
    sc_show($r, 'PHPSESSID_SC');
    echo $r->setCookies('other')[0] ?? 'other missing', "\n";
}
$r = $c->request('session_start(); $_SESSION["n"]++; flush(); $_SESSION["late"] = 1; echo "after flush\n";');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
sc_show($r, 'PHPSESSID_SC');
?>
--EXPECTF--
1 none
PHPSESSID_SC: sealed; path=/
other=1
2 valid
PHPSESSID_SC: sealed; path=/
other=1
after flush

Warning: PHP Request Shutdown: Session data changed after the response headers were sent; %s
PHPSESSID_SC: sealed; path=/
{"n":3} valid
PHPSESSID_SC: no Set-Cookie
