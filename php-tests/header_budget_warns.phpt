--TEST--
sealedcookie.header_budget: a response whose cookies make the next Cookie header pass the budget warns once, with the estimate and the budget, and still sends the cookies
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.max_size' => '16384']);
$c->request('session_start(); $_SESSION["a"] = str_repeat("a", 7000);');  // three chunks
$c->cookies['other'] = str_repeat('o', 1000);
// Two writes in one response, the second one smaller (two chunks): one warning.
$r = $c->request('session_start(); $_SESSION["a"] = str_repeat("b", 7000); session_write_close();
    session_start(); $_SESSION["a"] = str_repeat("c", 6000); echo "page\n";');
echo $r->body;
echo $r->describeChunks('PHPSESSID_SC'), "\n";
preg_match('/would be about (\d+) bytes/', $r->body, $m);
$pairs = [];
foreach ($c->cookies as $k => $v) $pairs[] = "$k=$v";
$next = strlen('Cookie: ' . implode('; ', $pairs));
echo "estimate equals the next request's Cookie header: ", (int) $m[1] === $next ? "yes" : "no ($m[1] vs $next)", "\n";
$r = $c->request('session_start(); echo strlen($_SESSION["a"]), " ", sealedcookie_status(), "\n";');
echo $r->body;
?>
--EXPECTF--
Warning: PHP Request Shutdown: The next request's Cookie header would be about %d bytes, over sealedcookie.header_budget (8192 bytes): the server may reject the next request (raise nginx large_client_header_buffers / Apache LimitRequestFieldSize, or reduce the session) in Unknown on line 0
page
PHPSESSID_SC: sealed
PHPSESSID_SC_1: sealed
PHPSESSID_SC_2: deleted
estimate equals the next request's Cookie header: yes
6000 valid
