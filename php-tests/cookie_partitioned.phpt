--TEST--
session.cookie_partitioned (CHIPS, PHP 8.5+) applies to the data cookie and its chunks as to the session cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// Before 8.5 PHP has no such setting: nothing may say Partitioned there.
$supported = PHP_VERSION_ID >= 80500;
// PHP refuses Partitioned without Secure (8.5+: session_start() fails).
$c = new ScClient(['session.cookie_partitioned' => '1', 'session.cookie_secure' => '1',
    'sealedcookie.max_size' => '8192']);
$r = $c->request(SC_FILL . 'session_start(); sc_fill(4000, "abcdefghijklmnopqrstuvwxyz0123456789");');
$lines = [];
foreach ($r->headers as $h) {
    if (preg_match('/^Set-Cookie: (PHPSESSID(?:_SC(?:_\d+)?)?)=/', $h, $m)) $lines[$m[1]] = $h;
}
ksort($lines);
foreach ($lines as $name => $h) {
    $partitioned = str_ends_with($h, '; Partitioned');
    echo "$name: ", $partitioned === $supported ? 'as expected' : 'WRONG', "\n";
}
echo str_contains($lines['PHPSESSID_SC_1'], '; secure') ? "secure\n" : "not secure\n";
?>
--EXPECT--
PHPSESSID: as expected
PHPSESSID_SC: as expected
PHPSESSID_SC_1: as expected
secure
