--TEST--
session.cookie_domain with CR, LF or what setcookie() refuses: no data cookie, a warning, the client keeps its cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/refused_attribute.inc';
$cases = [];
foreach (['CR LF' => '"example.test\r\nX-Injected: 1"', 'LF' => '"example.test\nX-Injected: 1"',
    'CR' => '"example.test\rX-Injected: 1"',
    'comma' => '"example.test,evil.test"', 'semicolon' => '"example.test; secure"',
    'space' => '"example.test evil.test"', 'tab' => '"example.test\t"', '\013' => '"example.test\013"',
    '\014' => '"example.test\014"'] as $label => $value) {
    $cases["session_set_cookie_params $label"] =
        sc_change_after("session_set_cookie_params(['domain' => $value]);");
}
$cases['ini_set CR LF'] = sc_change_after(sc_ini_set_code('domain', '"example.test\r\nX-Injected: 1"'));
sc_refused_attribute($cases);
?>
--EXPECT--
session_set_cookie_params CR LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params CR:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params comma:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params semicolon:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params space:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params tab:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params \013:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params \014:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set CR LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_domain contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
client cookie unchanged
{"kept":"ok"} valid
