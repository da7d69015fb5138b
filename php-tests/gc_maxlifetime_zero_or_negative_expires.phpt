--TEST--
session.gc_maxlifetime <= 0 never turns the idle timeout off: 0 expires a value once the second of its last write has passed, less than 0 at once (as the files handler's gc would delete the file)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$read = 'session_start(); echo json_encode($_SESSION), " ", sealedcookie_status(), "\n";';
$c = new ScClient(['session.gc_maxlifetime' => '0']);
$c->request('session_start(); $_SESSION["x"] = 1;');
sleep(2);
echo "0, two seconds later: ", $c->request($read)->body;
$c = new ScClient(['session.gc_maxlifetime' => '-1']);
$c->request('session_start(); $_SESSION["x"] = 1;');
echo "-1, at once: ", $c->request($read)->body;
?>
--EXPECT--
0, two seconds later: [] expired
-1, at once: [] expired
