--TEST--
read_and_close and session_abort() send no data cookie and keep the stored session
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["a"] = 1;');
$r = $c->request('session_start(["read_and_close" => true]); echo json_encode($_SESSION); $_SESSION["a"] = 2;');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); $_SESSION["a"] = 3; session_abort(); echo "aborted";');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
{"a":1}
PHPSESSID_SC: no Set-Cookie
aborted
PHPSESSID_SC: no Set-Cookie
{"a":1} valid
