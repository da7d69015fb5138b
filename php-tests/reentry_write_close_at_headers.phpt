--TEST--
session_write_close() from __sleep/__serialize while the headers go out: what it wrote is sent
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// The nested session_write_close() encodes and writes the session (its own
// __sleep call is the inner one); the outer snapshot is dropped, so a change
// made after that close (n = 5 here) does not reach the client, as after any
// session_write_close().
foreach ([['sleep', 'echo'], ['serialize', 'flush'], ['sleep', 'end']] as [$method, $trigger]) {
    sc_reentry_case("$method/$trigger", sc_reentry_page('session_write_close(); $this->n = 5;', $method, $trigger),
        sc_reentry_ini($trigger));
}
?>
--EXPECT--
sleep/echo: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
serialize/flush: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
sleep/end: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
