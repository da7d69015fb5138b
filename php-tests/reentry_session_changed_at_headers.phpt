--TEST--
$_SESSION replaced or grown from __sleep/__serialize while the headers go out: no memory error, no mixed value
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/reentry.inc';
// The snapshot holds the array it encodes, so a change to $_SESSION during the
// serialization copies it instead of freeing or moving it under the encoder.
// The snapshot would mix two arrays: it is dropped; ext/session writes the
// changed session at the end, after the headers: the late-change warning, and
// the client keeps its previous cookie.
$changes = [
    'replaced' => '$_SESSION = ["q" => 1];',
    'grown' => 'for ($i = 0; $i < 100; $i++) $_SESSION["k$i"] = $i;',
];
foreach ($changes as $label => $change) {
    foreach ([['sleep', 'echo'], ['serialize', 'end']] as [$method, $trigger]) {
        sc_reentry_case("$label $method/$trigger", sc_reentry_page($change, $method, $trigger), sc_reentry_ini($trigger));
    }
}
?>
--EXPECT--
replaced sleep/echo: response intact + Warning: PHP Request Shutdown: Session data changed after the response headers were sent; the change cannot reach the client (call session_write_close() before any output); PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
replaced serialize/end: response intact + Warning: PHP Request Shutdown: Session data changed after the response headers were sent; the change cannot reach the client (call session_write_close() before any output); PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
grown sleep/echo: response intact + Warning: PHP Request Shutdown: Session data changed after the response headers were sent; the change cannot reach the client (call session_write_close() before any output); PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
grown serialize/end: response intact + Warning: PHP Request Shutdown: Session data changed after the response headers were sent; the change cannot reach the client (call session_write_close() before any output); PHPSESSID_SC: no Set-Cookie; next: {"a":1} valid
