--TEST--
Session functions from __sleep/__serialize while the headers go out, with a \SessionHandler subclass: the same outcomes
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// Wrapped, the snapshot runs the user's write path and closes the session;
// it is guarded the same way (ext/session's own flush would call write() with
// a NULL id after a destroy).
$wrap = 'class H extends SessionHandler {} session_set_save_handler(new H(), true); ';
$calls = [
    'destroy' => 'session_destroy();',
    'abort' => 'session_abort();',
    'write_close' => 'session_write_close(); $this->n = 5;',
    'reset' => 'session_reset();',
    'regenerate_id' => 'session_regenerate_id(true);',
];
foreach ($calls as $label => $call) {
    foreach ([['sleep', 'echo'], ['serialize', 'flush']] as [$method, $trigger]) {
        sc_reentry_case("$label $method/$trigger", sc_reentry_page($call, $method, $trigger, $wrap), sc_reentry_ini($trigger));
    }
}
?>
--EXPECT--
destroy sleep/echo: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
destroy serialize/flush: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
abort sleep/echo: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
abort serialize/flush: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
write_close sleep/echo: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
write_close serialize/flush: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
reset sleep/echo: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
reset serialize/flush: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
regenerate_id sleep/echo: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
regenerate_id serialize/flush: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
