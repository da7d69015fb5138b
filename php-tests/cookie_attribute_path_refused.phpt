--TEST--
session.cookie_path with CR, LF or what setcookie() refuses: no data cookie, a warning, the client keeps its cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/refused_attribute.inc';
$cases = [];
foreach (['CR LF' => '"/\r\nX-Injected: 1"', 'LF' => '"/\nX-Injected: 1"', 'CR' => '"/\rX-Injected: 1"',
    'comma' => '"/a,b"', 'semicolon' => '"/a; secure"', 'space' => '"/a b"',
    'tab' => '"/a\tb"', '\013' => '"/a\013b"', '\014' => '"/a\014b"'] as $label => $value) {
    $cases["ini_set $label"] = sc_change_after(sc_ini_set_code('path', $value));
}
$cases['session_set_cookie_params CR LF'] =
    sc_change_after('session_set_cookie_params(["path" => "/\r\nX-Injected: 1"]);');
sc_refused_attribute($cases);
?>
--EXPECT--
ini_set CR LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set CR:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set comma:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set semicolon:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set space:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set tab:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set \013:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
ini_set \014:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
session_set_cookie_params CR LF:
  PHPSESSID_SC: no Set-Cookie
  warning: Session data cookie not sent: session.cookie_path contains a character not allowed in a cookie attribute (any of ',; \t\r\n\013\014' or NUL); the client keeps its previous cookie
  page
client cookie unchanged
{"kept":"ok"} valid
