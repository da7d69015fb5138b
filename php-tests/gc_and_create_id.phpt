--TEST--
session_gc() collects nothing (expiry is sealed in each value); session_create_id() works
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.use_strict_mode' => '1', 'session.gc_probability' => '1',
    'session.gc_divisor' => '1']);
$r = $c->request('session_start(); var_dump(session_gc()); $id = session_create_id("p-");
    var_dump(is_string($id) && str_starts_with($id, "p-"), $id !== session_id());');
echo $r->body;
?>
--EXPECT--
int(0)
bool(true)
bool(true)
