--TEST--
Chunking: a sealed value of exactly 4096 wire bytes is one cookie, without a chunk prefix
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '8192']);
// The largest session that fits one cookie (computed for max_size 4096).
$r = $c->request(SC_FILL . 'session_start(); ini_set("sealedcookie.max_size", "4096");
    $n = sealedcookie_max_session_size(); ini_set("sealedcookie.max_size", "8192");
    echo "max one-cookie session: $n\n"; sc_fill($n);');
echo $r->body;
$set = $r->dataCookies('PHPSESSID_SC');
echo implode(', ', array_keys($set)), "\n";
echo "wire bytes: ", sc_wire_size($set), "\n";
echo str_contains($set['PHPSESSID_SC'], '.') ? "has a prefix\n" : "no prefix\n";
$r = $c->request('session_start(); echo strlen(session_encode()), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
max one-cookie session: 3000
PHPSESSID_SC
wire bytes: 4096
no prefix
3000 valid
