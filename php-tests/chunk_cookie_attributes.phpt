--TEST--
Chunking: every chunk cookie, and every expired chunk, carries the session cookie's attributes
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$params = 'session_set_cookie_params(["lifetime" => 3600, "path" => "/app", "domain" => "example.test",
    "secure" => true, "httponly" => true, "samesite" => "Strict"]); session_start();';
$c = new ScClient(['sealedcookie.max_size' => '16384', 'sealedcookie.header_budget' => '0']);
$r = $c->request($params . '$_SESSION["blob"] = str_repeat("a", 7000);');
foreach (['PHPSESSID_SC', 'PHPSESSID_SC_1', 'PHPSESSID_SC_2'] as $n) echo $r->describeCookie($n), "\n";
$r = $c->request($params . '$_SESSION["blob"] = "small";');
foreach (['PHPSESSID_SC', 'PHPSESSID_SC_1', 'PHPSESSID_SC_2'] as $n) echo $r->describeCookie($n), "\n";
?>
--EXPECT--
PHPSESSID_SC: sealed; expires=<date>; Max-Age=3600; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
PHPSESSID_SC_1: sealed; expires=<date>; Max-Age=3600; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
PHPSESSID_SC_2: sealed; expires=<date>; Max-Age=3600; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
PHPSESSID_SC: sealed; expires=<date>; Max-Age=3600; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
PHPSESSID_SC_1: deleted; expires=<date>; Max-Age=0; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
PHPSESSID_SC_2: deleted; expires=<date>; Max-Age=0; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
