--TEST--
A data cookie presented with another session id does not open ("invalid")
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$victim = new ScClient();
$victim->request('session_start(); $_SESSION["who"] = "victim";');
$attacker = new ScClient();
$attacker->request('session_start(); $_SESSION["who"] = "attacker";');
// The attacker keeps his session id but presents the victim's data cookie.
$attacker->cookies['PHPSESSID_SC'] = $victim->cookies['PHPSESSID_SC'];
$r = $attacker->request('session_start(); var_dump($_SESSION["who"] ?? null, sealedcookie_status());');
echo $r->body;
// The victim's pair still works.
$r = $victim->request('session_start(); var_dump($_SESSION["who"] ?? null, sealedcookie_status());');
echo $r->body;
?>
--EXPECT--
NULL
string(7) "invalid"
string(6) "victim"
string(5) "valid"
