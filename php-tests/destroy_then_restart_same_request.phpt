--TEST--
After session_destroy(), a session_start() in the same request sees an empty session
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient();
$c->request('session_start(); $_SESSION["user"] = "ann";');
$r = $c->request('session_start(); $id = session_id(); session_destroy();
    session_id($id); session_start(); echo count($_SESSION), "\n";');
sc_show($r, 'PHPSESSID_SC');
?>
--EXPECT--
0
PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/
