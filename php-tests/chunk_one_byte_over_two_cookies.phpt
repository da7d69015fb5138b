--TEST--
Chunking: one byte over one cookie splits into two cookies (NAME=2.<part>, NAME_1) within max_size 8192
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '8192']);
// 3001 bytes of session seal into 4084 characters: NAME= + value would be 4097.
$r = $c->request(SC_FILL . 'session_start(); sc_fill(3001);');
echo $r->body, $r->stderr;
$set = $r->dataCookies('PHPSESSID_SC');
echo implode(', ', array_keys($set)), "\n";
echo "first starts with: ", substr($set['PHPSESSID_SC'], 0, 2), "\n";
foreach ($set as $n => $v) echo "$n: ", strlen($n) + 1 + strlen($v) <= 4096 ? "fits a cookie" : "too long", "\n";
// 13 + 15 bytes of names and '=', 2 of prefix, 4084 of sealed value
echo "wire bytes: ", sc_wire_size($set), "\n";
$r = $c->request('session_start(); echo strlen(session_encode()), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
PHPSESSID_SC, PHPSESSID_SC_1
first starts with: 2.
PHPSESSID_SC: fits a cookie
PHPSESSID_SC_1: fits a cookie
wire bytes: 4114
3001 valid
