--TEST--
compress=1: a session over the 1 MiB bound is refused at write with a warning (it would fit max_size compressed but could never be read back); the client keeps its previous cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.compress' => '1', 'sealedcookie.max_size' => '4096']);
$c->request('session_start(); $_SESSION["small"] = "ok";');
$r = $c->request('session_start(); $_SESSION["big"] = str_repeat("x", 1100000);
    echo strlen(session_encode()), " bytes of session\n";');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECTF--
Warning: PHP Request Shutdown: Session data not saved: the session is 1100032 bytes, over the 1048576 bytes a sealed session may hold (it could not be read back); the client keeps its previous cookie in Unknown on line 0
1100032 bytes of session
PHPSESSID_SC: no Set-Cookie
array(1) {
  ["small"]=>
  string(2) "ok"
}
string(5) "valid"
