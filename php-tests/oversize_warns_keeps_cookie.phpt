--TEST--
Too large: E_WARNING with sealed size and limit, no Set-Cookie, the old cookie stays valid
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '400']);
$c->request('session_start(); $_SESSION["small"] = "ok";');
$r = $c->request('session_start(); $_SESSION["big"] = str_repeat("x", 1000); echo "page\n";');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); var_dump($_SESSION, sealedcookie_status());');
echo $r->body;
?>
--EXPECTF--
Warning: PHP Request Shutdown: Session data not saved: the sealed cookie would be %d bytes, over sealedcookie.max_size (400 bytes); the client keeps its previous cookie in Unknown on line 0
page
PHPSESSID_SC: no Set-Cookie
array(1) {
  ["small"]=>
  string(2) "ok"
}
string(5) "valid"
