--TEST--
Chunking on the built-in server and php-fpm: three chunks round-trip, shrinking expires the unused ones
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
foreach (['server', 'fpm'] as $transport) {
    echo "$transport:\n";
    $c = new ScClient(['sealedcookie.max_size' => '16384', 'sealedcookie.header_budget' => '0',
        'output_buffering' => '0'], $transport);
    $r = $c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000); echo "page\n";');
    echo count($r->dataCookies('PHPSESSID_SC')), " cookies set\n";
    // output_buffering=0: change first, then print (the headers leave at the first echo).
    $r = $c->request('session_start(); $n = strlen($_SESSION["blob"]); $_SESSION["blob"] = "small";
        echo $n, " ", sealedcookie_status(), "\n";');
    echo $r->body, $r->describeChunks('PHPSESSID_SC'), "\n";
    $r = $c->request('session_start(); echo $_SESSION["blob"], " ", sealedcookie_status(), "\n";');
    echo $r->body;
}
?>
--EXPECT--
server:
3 cookies set
7000 valid
PHPSESSID_SC: sealed
PHPSESSID_SC_1: deleted
PHPSESSID_SC_2: deleted
small valid
fpm:
3 cookies set
7000 valid
PHPSESSID_SC: sealed
PHPSESSID_SC_1: deleted
PHPSESSID_SC_2: deleted
small valid
