--TEST--
Chunking: a session over three cookies round-trips over several requests, each change re-sealed
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384', 'sealedcookie.header_budget' => '20000']);
$r = $c->request('session_start(); $_SESSION["n"] = 0; $_SESSION["blob"] = str_repeat("a", 7000);');
echo implode(', ', array_keys($r->dataCookies('PHPSESSID_SC'))), "\n";
echo "wire bytes within max_size: ", sc_wire_size($r->dataCookies('PHPSESSID_SC')) <= 16384 ? "yes" : "no", "\n";
for ($i = 0; $i < 3; $i++) {
    $r = $c->request('session_start(); $_SESSION["n"]++; $_SESSION["blob"][0] = "b";
        echo $_SESSION["n"], " ", strlen($_SESSION["blob"]), " ", sealedcookie_status(), "\n";');
    echo rtrim($r->body), " / ", count($r->dataCookies('PHPSESSID_SC')), " cookies set\n";
}
$r = $c->request('session_start(); echo $_SESSION["n"], " ", $_SESSION["blob"][0], " ", sealedcookie_status(), "\n";');
echo rtrim($r->body), " / ", count($r->dataCookies('PHPSESSID_SC')), " cookies set\n";
?>
--EXPECT--
PHPSESSID_SC, PHPSESSID_SC_1, PHPSESSID_SC_2
wire bytes within max_size: yes
1 7000 valid / 3 cookies set
2 7000 valid / 3 cookies set
3 7000 valid / 3 cookies set
3 b valid / 0 cookies set
