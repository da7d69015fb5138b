--TEST--
use_strict_mode: session_start() after session_write_close() keeps the issued id and sees what was written
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.use_strict_mode' => '1']);
$r = $c->request('session_start(); $id = session_id(); $_SESSION["a"] = 1; session_write_close();
    session_start(); echo session_id() === $id ? "same id" : "new id", " ", json_encode($_SESSION), "\n";
    $_SESSION["b"] = 2; session_write_close();
    session_start(); $_SESSION["c"] = 3; session_reset(); echo json_encode($_SESSION), "\n";
    session_regenerate_id(); $new = session_id(); session_write_close();
    session_start(); echo session_id() === $new ? "regenerated id kept" : "lost", " ", json_encode($_SESSION), "\n";');
echo $r->body;
echo count($r->setCookies('PHPSESSID_SC')), " data cookie\n";
$r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
same id {"a":1}
{"a":1,"b":2}
regenerated id kept {"a":1,"b":2}
1 data cookie
{"a":1,"b":2} valid
