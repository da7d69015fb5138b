--TEST--
apache2handler: chunk cookies replace earlier Set-Cookies for every chunk name in apache's own header table too
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_apache(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384'], 'apache');
$r = $c->request('setcookie("PHPSESSID_SC_1", "forged"); setcookie("PHPSESSID_SC_2", "forged");
    setcookie("other", "1"); session_start(); $_SESSION["blob"] = str_repeat("a", 5000);');
foreach (['PHPSESSID_SC', 'PHPSESSID_SC_1', 'PHPSESSID_SC_2', 'other', 'PHPSESSID'] as $n) {
    $lines = $r->setCookies($n);
    echo "$n: ", count($lines), " Set-Cookie", $lines && str_contains($lines[0], 'forged') ? " (forged)" : "", "\n";
}
$r = $c->request('session_start(); echo strlen($_SESSION["blob"]), " ", sealedcookie_status(), "\n";
    $_SESSION["blob"] = "small";');
echo $r->body, $r->describeChunks('PHPSESSID_SC'), "\n";
$r = $c->request('session_start(); echo $_SESSION["blob"], " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
PHPSESSID_SC: 1 Set-Cookie
PHPSESSID_SC_1: 1 Set-Cookie
PHPSESSID_SC_2: 0 Set-Cookie
other: 1 Set-Cookie
PHPSESSID: 1 Set-Cookie
5000 valid
PHPSESSID_SC: sealed
PHPSESSID_SC_1: deleted
small valid
