--TEST--
Chunking: swapped chunks (NAME_1 and NAME_2 exchanged) fail authentication: empty session, status "invalid"
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
[$c->cookies['PHPSESSID_SC_1'], $c->cookies['PHPSESSID_SC_2']] =
    [$c->cookies['PHPSESSID_SC_2'], $c->cookies['PHPSESSID_SC_1']];
$r = $c->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
echo $r->body, $r->stderr;
?>
--EXPECT--
bool(true)
0 invalid
