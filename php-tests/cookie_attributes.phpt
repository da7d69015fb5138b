--TEST--
Data cookie attributes follow session.cookie_* and session_set_cookie_params() at emission
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.cookie_path' => '/ini', 'session.cookie_httponly' => '1',
    'session.cookie_samesite' => 'Lax']);
$r = $c->request('session_start(); $_SESSION["x"] = 1;');
echo $r->describeCookie('PHPSESSID_SC'), "\n";
$c = new ScClient();
$r = $c->request('session_set_cookie_params(["lifetime" => 3600, "path" => "/app", "domain" => "example.test",
    "secure" => true, "httponly" => true, "samesite" => "Strict"]); session_start(); $_SESSION["x"] = 1;');
echo $r->describeCookie('PHPSESSID_SC'), "\n";
echo $r->describeCookie('PHPSESSID'), "\n";
preg_match('/Max-Age=(\d+)/', $r->setCookies('PHPSESSID_SC')[0], $m);
echo $m[1] > 3500 && $m[1] <= 3600 ? "max-age ok\n" : "max-age $m[1]\n";
?>
--EXPECT--
PHPSESSID_SC: sealed; path=/ini; HttpOnly; SameSite=Lax
PHPSESSID_SC: sealed; expires=<date>; Max-Age=3600; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
PHPSESSID: sealed; expires=<date>; Max-Age=3600; path=/app; domain=example.test; secure; HttpOnly; SameSite=Strict
max-age ok
