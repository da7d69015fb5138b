--TEST--
Session functions from __sleep/__serialize during session_write_close() (ext/session encodes): no crash
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// ext/session calls write() once its encoder returns, even when the
// application's code closed the session meanwhile (after a destroy, with a
// NULL id): that write is dropped and the call's outcome stands. A new id
// (regenerate) is what the session is then written under.
$calls = [
    'destroy' => 'session_destroy();',
    'abort' => 'session_abort();',
    'write_close' => 'session_write_close(); $this->n = 5;',
    'regenerate_id(true)' => 'session_regenerate_id(true);',
];
foreach ($calls as $label => $call) {
    foreach (['sleep', 'serialize'] as $method) {
        sc_reentry_case("$label $method", sc_reentry_page($call, $method, 'close'), sc_reentry_ini('close'));
    }
}
?>
--EXPECT--
destroy sleep: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
destroy serialize: response intact; PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/; next: [] none
abort sleep: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
abort serialize: response intact; PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
write_close sleep: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
write_close serialize: response intact; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
regenerate_id(true) sleep: response intact; PHPSESSID_SC: sealed; path=/; new session id; next: {"a":2,"o":{"n":1},"b":3} valid
regenerate_id(true) serialize: response intact; PHPSESSID_SC: sealed; path=/; new session id; next: {"a":2,"o":{"n":1},"b":3} valid
