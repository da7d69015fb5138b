--TEST--
session_reset() from __sleep/__serialize while the headers go out: the session as read stays, no cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// Reset re-reads the session the client sent: the snapshot of the changed one
// is dropped; the session stays open and is written at the end, unchanged
// from what the client holds, so nothing is sent and nothing warns.
foreach ([['sleep', 'echo'], ['serialize', 'flush'], ['sleep', 'end']] as [$method, $trigger]) {
    sc_reentry_case("$method/$trigger", sc_reentry_page('session_reset();', $method, $trigger), sc_reentry_ini($trigger));
}
?>
--EXPECT--
sleep/echo: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
serialize/flush: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
sleep/end: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
