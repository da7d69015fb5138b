--TEST--
session.cookie_samesite with CR, LF or an attribute separator: no data cookie, a warning, the client keeps its cookie
--SKIPIF--
<?php
require __DIR__ . "/helpers/cgi.inc";
sc_skip_without_cgi();
// PHP 8.6 accepts only Strict, Lax, None or "" itself: no other value reaches us.
@ini_set('session.cookie_samesite', "Lax\r\nX: 1");
if (ini_get('session.cookie_samesite') !== "Lax\r\nX: 1") die('skip PHP validates session.cookie_samesite itself');
?>
--FILE--
<?php
require __DIR__ . '/helpers/refused_attribute.inc';
$cases = [];
foreach (['CR LF' => '"Lax\r\nX-Injected: 1"', 'LF' => '"Lax\nX-Injected: 1"', 'CR' => '"Lax\rX-Injected: 1"',
    'semicolon' => '"Lax; Domain=evil.test"', 'comma' => '"Lax,Strict"'] as $label => $value) {
    $cases["ini_set $label"] = sc_change_after(sc_ini_set_code('samesite', $value));
}
$cases['session_set_cookie_params CR LF'] =
    sc_change_after('session_set_cookie_params(["samesite" => "Strict\r\nX-Injected: 1"]);');
sc_refused_attribute($cases);
?>
--EXPECT--
ini_set CR LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set CR:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set semicolon:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set comma:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params CR LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_samesite contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
client cookie unchanged
{"kept":"ok"} valid
