--TEST--
session_abort() from __sleep/__serialize while the headers go out: the response does not carry the snapshot
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// Abort discards this request's change: the snapshot is dropped and the
// client keeps its previous cookie. What the request committed before (a
// session_write_close() earlier, then a new session_start()) is still sent.
foreach ([['sleep', 'echo'], ['serialize', 'flush'], ['sleep', 'end']] as [$method, $trigger]) {
    sc_reentry_case("$method/$trigger", sc_reentry_page('session_abort();', $method, $trigger), sc_reentry_ini($trigger));
}
sc_reentry_case('after a write_close', sc_reentry_page('session_abort();', 'sleep', 'echo',
    'session_start(); $_SESSION["a"] = 5; session_write_close(); '), sc_reentry_ini('echo'));
?>
--EXPECT--
sleep/echo: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
serialize/flush: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
sleep/end: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
after a write_close: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":5} valid
