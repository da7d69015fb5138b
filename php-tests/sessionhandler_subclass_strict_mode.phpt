--TEST--
use_strict_mode also refuses unknown ids when the handler is wrapped by a \SessionHandler subclass
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$h = 'class H extends SessionHandler {} session_set_save_handler(new H(), true);';
$c = new ScClient(['session.use_strict_mode' => '1']);
$c->cookies['PHPSESSID'] = 'fixatedid12345678901234567890abc';
$r = $c->request($h . 'session_start(); echo session_id() === "fixatedid12345678901234567890abc" ? "fixated" : "new id";
    $_SESSION["a"] = 1;');
echo $r->body, "\n";
$id = $c->cookies['PHPSESSID'];
$r = $c->request($h . 'session_start(); echo json_encode($_SESSION), " ", sealedcookie_status();
    session_regenerate_id(true); $_SESSION["b"] = 2;');
echo $r->body, " ", $c->cookies['PHPSESSID'] !== $id ? "regenerated" : "same id", "\n";
$r = $c->request($h . 'session_start(); $id = session_id(); session_write_close(); session_start();
    echo json_encode($_SESSION), " ", sealedcookie_status(), " ", session_id() === $id ? "kept" : "changed";');
echo $r->body, "\n";
?>
--EXPECT--
new id
{"a":1} valid regenerated
{"a":1,"b":2} valid kept
