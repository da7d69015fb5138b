--TEST--
Chunking: exactly one Set-Cookie per chunk name; earlier ones from the same request (the app's own) are replaced
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$r = $c->request('setcookie("PHPSESSID_SC_1", "forged"); setcookie("PHPSESSID_SC_2", "forged");
    setcookie("PHPSESSID_SC_10", "forged"); setcookie("other", "1"); session_start();
    $_SESSION["blob"] = str_repeat("a", 5000); session_write_close();
    session_start(); $_SESSION["blob"] .= "b";');
foreach (['PHPSESSID_SC', 'PHPSESSID_SC_1', 'PHPSESSID_SC_2', 'PHPSESSID_SC_10', 'other'] as $n) {
    $lines = $r->setCookies($n);
    echo "$n: ", count($lines), " Set-Cookie", $lines && str_contains($lines[0], 'forged') ? " (forged)" : "", "\n";
}
$r = $c->request('session_start(); echo strlen($_SESSION["blob"]), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
PHPSESSID_SC: 1 Set-Cookie
PHPSESSID_SC_1: 1 Set-Cookie
PHPSESSID_SC_2: 0 Set-Cookie
PHPSESSID_SC_10: 0 Set-Cookie
other: 1 Set-Cookie
5001 valid
