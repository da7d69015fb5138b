--TEST--
session.auto_start=1 (open and read run before the extension's RINIT) round-trips
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.auto_start' => '1']);
for ($i = 0; $i < 2; $i++) {
    $r = $c->request('$_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; echo $_SESSION["n"], " ", sealedcookie_status();');
    sc_show($r, 'PHPSESSID_SC');
}
?>
--EXPECT--
1 none
PHPSESSID_SC: sealed; path=/
2 valid
PHPSESSID_SC: sealed; path=/
