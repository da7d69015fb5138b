--TEST--
sealedcookie.cookie_name: used when set, derived from session.name at start, refused when equal or malformed
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.cookie_name' => 'data']);
$r = $c->request('session_start(); $_SESSION["a"] = 1;');
echo $r->describeCookie('data'), "\n";
$c = new ScClient();
$r = $c->request('session_name("APP"); session_start(); $_SESSION["a"] = 1;');
echo $r->describeCookie('APP_SC'), "\n";
$r = $c->request('session_name("APP"); session_start(); echo $_SESSION["a"], " ", sealedcookie_status();');
echo $r->body, "\n";
$r = $c->request('ini_set("sealedcookie.cookie_name", "PHPSESSID"); var_dump(session_start());');
echo $r->body, "\n";
$r = $c->request('var_dump(ini_set("sealedcookie.cookie_name", "a.b"), ini_get("sealedcookie.cookie_name"));');
echo $r->body, "\n";
?>
--EXPECTF--
data: sealed; path=/
APP_SC: sealed; path=/
1 valid

Warning: session_start(): The data cookie name "PHPSESSID" must differ from session.name in %s on line %d

Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d
bool(false)


Warning: ini_set(): sealedcookie.cookie_name must be at most 255 bytes without any of =,;.[ and whitespace in %s on line %d
bool(false)
string(0) ""
