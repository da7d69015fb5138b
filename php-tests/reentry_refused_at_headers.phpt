--TEST--
Session functions ext/session refuses while the headers go out, called from __sleep/__serialize: the snapshot is sent as usual
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// Headers are being sent and the session is active: ext/session refuses a new
// id, a new name and a second start. The session is unchanged, so the
// snapshot is committed under the id it was encoded for.
$show = 'register_shutdown_function(function () { echo "returned ", json_encode($GLOBALS["ret"] ?? "nothing"), "\n"; }); ';
$calls = [
    'regenerate_id' => 'session_regenerate_id()',
    'regenerate_id(true)' => 'session_regenerate_id(true)',
    'start' => 'session_start()',
    'id' => 'session_id("abcdefabcdefabcdefabcdefab")',
    'name' => 'session_name("OTHER")',
];
foreach ($calls as $label => $call) {
    foreach ([['sleep', 'echo'], ['serialize', 'flush']] as [$method, $trigger]) {
        sc_reentry_case("$label $method/$trigger", sc_reentry_page("\$GLOBALS['ret'] = $call;", $method, $trigger, $show),
            sc_reentry_ini($trigger));
    }
}
?>
--EXPECT--
regenerate_id sleep/echo: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
regenerate_id serialize/flush: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
regenerate_id(true) sleep/echo: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
regenerate_id(true) serialize/flush: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
start sleep/echo: response intact + returned true; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
start serialize/flush: response intact + returned true; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
id sleep/echo: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
id serialize/flush: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
name sleep/echo: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
name serialize/flush: response intact + returned false; PHPSESSID_SC: sealed; path=/; next: {"a":2,"o":{"n":1},"b":3} valid
