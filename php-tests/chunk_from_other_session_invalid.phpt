--TEST--
Chunking: a chunk taken from another session's cookies (same name, same key) fails authentication
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$code = 'session_start(); $_SESSION["blob"] = str_repeat("a", 7000);';
$a = new ScClient(['sealedcookie.max_size' => '16384']);
$a->request($code);
$b = new ScClient(['sealedcookie.max_size' => '16384']);
$b->request($code);
echo strlen($a->cookies['PHPSESSID_SC_1']) === strlen($b->cookies['PHPSESSID_SC_1']) ? "same length\n" : "lengths differ\n";
// The same session re-sealed (another nonce) is "another session" for its chunks too.
$c = clone $a;
$c->request('session_start(); $_SESSION["blob"][0] = "b";');
foreach (['other session' => $b, 'earlier seal of the same session' => $c] as $what => $donor) {
    $d = clone $a;
    $d->cookies['PHPSESSID_SC_1'] = $donor->cookies['PHPSESSID_SC_1'];
    $r = $d->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "NAME_1 from $what:\n", $r->body, $r->stderr;
}
?>
--EXPECT--
same length
NAME_1 from other session:
bool(true)
0 invalid
NAME_1 from earlier seal of the same session:
bool(true)
0 invalid
