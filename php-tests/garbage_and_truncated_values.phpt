--TEST--
Garbage, truncated, empty and array data cookies all give an empty session
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["a"] = 1;');
$good = $c->cookies['PHPSESSID_SC'];
$bad = ['truncated' => substr($good, 0, 40), 'garbage' => 'not*base64url!', 'empty' => '',
    'padded' => $good . '==', 'short' => 'AQ'];
foreach ($bad as $what => $value) {
    $c->cookies['PHPSESSID_SC'] = $value;
    $r = $c->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status();');
    echo "$what: ", str_replace("\n", " ", trim($r->body)), "\n";
}
unset($c->cookies['PHPSESSID_SC']);
$c->cookies['PHPSESSID_SC[x]'] = 'y';
$r = $c->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status();');
echo "array: ", str_replace("\n", " ", trim($r->body)), "\n";
?>
--EXPECT--
truncated: bool(true) 0 invalid
garbage: bool(true) 0 invalid
empty: bool(true) 0 invalid
padded: bool(true) 0 invalid
short: bool(true) 0 invalid
array: bool(true) 0 invalid
