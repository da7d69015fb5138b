--TEST--
A change after the headers were sent: E_WARNING, and the client keeps the cookie sealed at that moment
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0']);
$c->request('session_start(); $_SESSION["a"] = 1;');
$r = $c->request('session_start(); $_SESSION["a"] = 2; echo "out\n"; $_SESSION["b"] = 3;');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo json_encode($_SESSION);');
echo $r->body, "\n";
?>
--EXPECTF--
out

Warning: PHP Request Shutdown: Session data changed after the response headers were sent; the change cannot reach the client (call session_write_close() before any output) in Unknown on line 0
PHPSESSID_SC: sealed; path=/
{"a":2}
