--TEST--
Chunking: a bad count prefix or a chunk that is not a string makes the value invalid, never an error
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["blob"] = str_repeat("a", 7000);');
$part = substr($c->cookies['PHPSESSID_SC'], 2);
$cases = [
    'count 1' => ['PHPSESSID_SC' => "1.$part"],
    'count 0' => ['PHPSESSID_SC' => "0.$part"],
    'leading zero' => ['PHPSESSID_SC' => "03.$part"],
    'count 33' => ['PHPSESSID_SC' => "33.$part"],
    'count 2 of 3' => ['PHPSESSID_SC' => "2.$part"],
    'count 4 of 3' => ['PHPSESSID_SC' => "4.$part"],
    'empty prefix' => ['PHPSESSID_SC' => ".$part"],
    'chunk is an array' => ['PHPSESSID_SC_1[x]' => 'y'],
];
foreach ($cases as $what => $change) {
    $d = clone $c;
    if (isset($change['PHPSESSID_SC_1[x]'])) unset($d->cookies['PHPSESSID_SC_1']);
    $d->cookies = $change + $d->cookies;
    $r = $d->request('var_dump(session_start()); echo count($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "$what: ", str_replace("\n", " ", trim($r->body)), trim($r->stderr), "\n";
}
?>
--EXPECT--
count 1: bool(true) 0 invalid
count 0: bool(true) 0 invalid
leading zero: bool(true) 0 invalid
count 33: bool(true) 0 invalid
count 2 of 3: bool(true) 0 invalid
count 4 of 3: bool(true) 0 invalid
empty prefix: bool(true) 0 invalid
chunk is an array: bool(true) 0 invalid
