--TEST--
sealedcookie.compress=1 gives a compressible session a shorter cookie than compress=0; both open
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$write = 'session_start(); foreach (range(1, 40) as $i) $_SESSION["row$i"] = ["id" => $i, "name" => "user $i", "role" => "editor"];';
$length = [];
foreach (['0', '1'] as $compress) {
    $c = new ScClient(['sealedcookie.compress' => $compress]);
    $c->request($write);
    $length[$compress] = strlen($c->cookies['PHPSESSID_SC']);
    $r = $c->request('session_start(); echo count($_SESSION), " ", $_SESSION["row40"]["name"], " ", sealedcookie_status(), "\n";');
    echo "compress=$compress: ", $r->body;
}
echo $length['1'] < $length['0'] ? "compressed cookie is shorter\n" : "compressed cookie is NOT shorter\n";
echo $length['1'] * 2 < $length['0'] ? "less than half\n" : "not less than half\n";
?>
--EXPECT--
compress=0: 40 user 40 valid
compress=1: 40 user 40 valid
compressed cookie is shorter
less than half
