--TEST--
Round trip: a session survives three requests in the sealed data cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
for ($i = 0; $i < 3; $i++) {
    $r = $c->request('session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
        echo $_SESSION["n"], " ", sealedcookie_status();');
    sc_show($r, 'PHPSESSID_SC');
}
?>
--EXPECT--
1 none
PHPSESSID_SC: sealed; path=/
2 valid
PHPSESSID_SC: sealed; path=/
3 valid
PHPSESSID_SC: sealed; path=/
