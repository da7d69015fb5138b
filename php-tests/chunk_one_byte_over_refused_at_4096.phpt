--TEST--
Chunking: one byte over one cookie is refused under max_size 4096, with the would-be wire size and the limit
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["small"] = "ok";');
$r = $c->request(SC_FILL . 'session_start(); sc_fill(3001); echo "page\n";');
sc_show($r, 'PHPSESSID_SC', 'PHPSESSID_SC_1');
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECTF--
Warning: PHP Request Shutdown: Session data not saved: the sealed cookie would be 4114 bytes, over sealedcookie.max_size (4096 bytes); the client keeps its previous cookie in Unknown on line 0
page
PHPSESSID_SC: no Set-Cookie
PHPSESSID_SC_1: no Set-Cookie
{"small":"ok"} valid
