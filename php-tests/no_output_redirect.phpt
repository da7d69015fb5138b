--TEST--
A response with no body (a redirect) still carries the sealed cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0']);
$r = $c->request('session_start(); $_SESSION["flash"] = "saved"; header("Location: /next");');
echo $r->describeCookie('PHPSESSID_SC'), "\n";
$r = $c->request('session_start(); echo $_SESSION["flash"];');
echo $r->body, "\n";
?>
--EXPECT--
PHPSESSID_SC: sealed; path=/
saved
