--TEST--
A session that cannot be serialized when headers go out: headers and body intact, old cookie kept
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0']);
$c->request('session_start(); $_SESSION["a"] = 1;');
$r = $c->request('header("X-Marker: yes"); session_start(); $_SESSION["f"] = function () {};
    echo "body-start\n"; echo "body-end\n";');
$wellFormed = count(preg_grep('/^[A-Za-z0-9-]+: [^\n]*$/D', $r->headers)) === count($r->headers);
echo in_array('X-Marker: yes', $r->headers) && $wellFormed ? "headers intact\n" : "headers corrupt\n";
echo str_contains($r->body, "body-start\nbody-end") ? "body intact\n" : "body corrupt\n";
echo $r->describeCookie('PHPSESSID_SC'), "\n";
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
headers intact
body intact
PHPSESSID_SC: no Set-Cookie
{"a":1} valid
