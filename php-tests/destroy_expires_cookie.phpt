--TEST--
session_destroy() expires the data cookie; the next request starts empty
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["user"] = "ann";');
$r = $c->request('session_start(); var_dump(session_destroy());');
sc_show($r, 'PHPSESSID_SC');
echo isset($c->cookies['PHPSESSID_SC']) ? "still in jar\n" : "gone from jar\n";
$r = $c->request('session_start(); echo count($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
bool(true)
PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/
gone from jar
0 none
