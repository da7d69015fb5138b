--TEST--
A cookie attribute with CR/LF refused however the session reaches the client: at the header hook, after session_write_close(), on session_destroy()
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/refused_attribute.inc';
$bad = sc_ini_set_code('path', '"/\r\nX-Injected: 1"');
sc_refused_attribute([
    // Sealed when the headers go out (the warning waits until they are out).
    'output_buffering=0' => [sc_change_after($bad), ['output_buffering' => '0']],
    // Committed with a valid path; the path changes before the headers go out.
    'changed after session_write_close()' => 'session_start(); $_SESSION["n"] = 1; session_write_close(); '
        . $bad . ' echo "page\n";',
    // The expiry of the data cookie would carry the attributes too.
    'session_destroy()' => $bad . ' session_start(); var_dump(session_destroy()); echo "page\n";',
]);
?>
--EXPECT--
output_buffering=0:
  PHPSESSID_SC: no Set-Cookie
  warning: main(): Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
changed after session_write_close():
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_destroy():
  PHPSESSID_SC: no Set-Cookie
  warning: session_destroy(): Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  warning: session_destroy(): Session object destruction failed
  bool(false)
  page
client cookie unchanged
{"kept":"ok"} valid
