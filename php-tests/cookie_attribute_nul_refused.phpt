--TEST--
session.cookie_path, cookie_domain, cookie_samesite with a NUL, where PHP accepts one (before 8.6): no data cookie, a warning, the client keeps its cookie
--SKIPIF--
<?php
require __DIR__ . "/helpers/cgi.inc";
sc_skip_without_cgi();
// PHP 8.6 refuses a NUL in these settings itself: the value never reaches us.
@ini_set('session.cookie_path', "/a\0b");
if (!str_contains((string) ini_get('session.cookie_path'), "\0")) die('skip PHP refuses NUL in session.cookie_* itself');
?>
--FILE--
<?php
require __DIR__ . '/helpers/refused_attribute.inc';
sc_refused_attribute([
    'ini_set path NUL' => sc_change_after(sc_ini_set_code('path', '"/a\0b"')),
    'session_set_cookie_params domain NUL' =>
        sc_change_after("session_set_cookie_params(['domain' => \"example.test\\0evil.test\"]);"),
    'ini_set samesite NUL' => sc_change_after(sc_ini_set_code('samesite', '"Lax\0"')),
]);
?>
--EXPECT--
ini_set path NUL:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params domain NUL:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set samesite NUL:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
client cookie unchanged
{"kept":"ok"} valid
