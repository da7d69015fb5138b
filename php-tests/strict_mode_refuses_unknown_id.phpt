--TEST--
use_strict_mode: an id without a valid sealed value bound to it is refused (no fixation)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.use_strict_mode' => '1']);
$c->cookies['PHPSESSID'] = 'attackerchosenid1234567890abcdef';
$r = $c->request('session_start(); echo session_id() === "attackerchosenid1234567890abcdef" ? "fixated" : "new id";
    $_SESSION["x"] = 1;');
echo $r->body, "\n";
// A real session keeps its id under strict mode.
$id = $c->cookies['PHPSESSID'];
$r = $c->request('session_start(); echo session_id() === $_COOKIE["PHPSESSID"] ? "kept" : "replaced",
    " ", $_SESSION["x"], " ", sealedcookie_status();');
echo $r->body, " ", $c->cookies['PHPSESSID'] === $id ? "same" : "changed", "\n";
// A valid value whose session id was swapped: refused too.
$c->cookies['PHPSESSID'] = 'otherid1234567890abcdefabcdefabc';
$r = $c->request('session_start(); echo session_id() === "otherid1234567890abcdefabcdefabc" ? "fixated" : "new id",
    " ", count($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
new id
kept 1 valid same
new id 0 invalid
