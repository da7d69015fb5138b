--TEST--
session_destroy() from __sleep/__serialize while the headers go out: no crash, the data cookie is expired
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// The snapshot taken as the headers go out runs the serializer; destroy()
// expires the data cookie and the snapshot is dropped (ext/session left the
// id NULL: committing it crashed). A session_start() after the destroy is
// refused there (headers sent).
foreach ([['sleep', 'echo'], ['serialize', 'flush'], ['sleep', 'end']] as [$method, $trigger]) {
    sc_reentry_case("$method/$trigger", sc_reentry_page('session_destroy();', $method, $trigger), sc_reentry_ini($trigger));
}
sc_reentry_case('destroy+start', sc_reentry_page('session_destroy(); session_start(); $_SESSION["z"] = 9;', 'sleep', 'echo'),
    sc_reentry_ini('echo'));
?>
--EXPECT--
sleep/echo: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
serialize/flush: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
sleep/end: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
destroy+start: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
