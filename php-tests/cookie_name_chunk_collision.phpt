--TEST--
sealedcookie.cookie_name is refused when one of its chunk names (NAME_1 .. NAME_31) would be session.name
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
foreach (['SESS_1', 'SESS_31', 'SESS_32', 'SESS_01', 'SESS_1x'] as $session) {
    $c = new ScClient(['sealedcookie.cookie_name' => 'SESS', 'session.name' => $session]);
    $r = $c->request('var_dump(session_start());');
    echo "$session: ", trim(preg_replace('/\s+/', ' ', $r->body)), "\n";
}
?>
--EXPECTF--
SESS_1: Warning: session_start(): The data cookie name "SESS" would give a chunk cookie the name of the session cookie (session.name) in %s on line %d Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d bool(false)
SESS_31: Warning: session_start(): The data cookie name "SESS" would give a chunk cookie the name of the session cookie (session.name) in %s on line %d Warning: session_start(): Failed to initialize storage module: sealedcookie (path: %S) in %s on line %d bool(false)
SESS_32: bool(true)
SESS_01: bool(true)
SESS_1x: bool(true)
