--TEST--
compress=1: a session that does not fit max_size even compressed gives the too-large warning (compression stopped once past the limit) and the client keeps its previous cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.compress' => '1', 'sealedcookie.max_size' => '4096']);
$c->request('session_start(); $_SESSION["small"] = "ok";');
$r = $c->request('session_start(); $_SESSION["noise"] = base64_encode(random_bytes(20000)); echo "page\n";');
sc_show($r, 'PHPSESSID_SC');
$r = $c->request('session_start(); echo implode(",", array_keys($_SESSION)), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECTF--
Warning: PHP Request Shutdown: Session data not saved: the sealed cookie, compressed, would pass sealedcookie.max_size (4096 bytes); the client keeps its previous cookie in Unknown on line 0
page
PHPSESSID_SC: no Set-Cookie
small valid
