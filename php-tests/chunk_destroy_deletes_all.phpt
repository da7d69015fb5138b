--TEST--
Chunking: session_destroy() of a chunked session expires the data cookie and every chunk
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
$r = $c->request('session_start(); var_dump(session_destroy());');
echo $r->body;
echo $r->describeChunks('PHPSESSID_SC'), "\n";
foreach ($r->setCookies('PHPSESSID_SC_2') as $line) {
    echo preg_replace('/expires=[^;]*/', 'expires=<date>', $line), "\n";
}
echo count(sc_jar_chunks($c, 'PHPSESSID_SC')), " data cookies left in the jar\n";
$r = $c->request('session_start(); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECT--
bool(true)
PHPSESSID_SC: deleted
PHPSESSID_SC_1: deleted
PHPSESSID_SC_2: deleted
PHPSESSID_SC_2=deleted; expires=<date>; Max-Age=0; path=/
0 data cookies left in the jar
0 none
