--TEST--
php -S (cli-server): round trip, and sealing at the first flushed output
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0'], 'server');
for ($i = 0; $i < 3; $i++) {
    $r = $c->request('session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
        echo $_SESSION["n"], " ", sealedcookie_status(), "\n"; flush(); echo "more\n";');
    sc_show($r, 'PHPSESSID_SC');
}
?>
--EXPECT--
1 none
more
PHPSESSID_SC: sealed; path=/
2 valid
more
PHPSESSID_SC: sealed; path=/
3 valid
more
PHPSESSID_SC: sealed; path=/
