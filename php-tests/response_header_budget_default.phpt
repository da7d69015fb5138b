--TEST--
sealedcookie.response_header_budget (default 4000, under stock nginx's 4096-byte fastcgi_buffer_size): a data cookie that would take the response headers past it is not sent, with a warning naming the setting; the client keeps its previous cookie; an expiry is still sent; 0 turns the check off
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.response_header_budget' => null]);
$r = $c->request('echo ini_get("sealedcookie.response_header_budget"), "\n";');
echo "default: ", $r->body;

$r = $c->request(SC_FILL . 'session_start(); sc_fill(1000); echo "small session\n";');
sc_show($r, 'PHPSESSID_SC');
$before = $c->cookies['PHPSESSID_SC'];

// 2800 bytes seal into a 3816-character value: within max_size (4096), but with
// the cache limiter's and the application's headers the block passes 4000.
$r = $c->request(SC_FILL . 'session_start(); sc_fill(2800); header("X-App: " . str_repeat("a", 200));');
echo "large session: ", $r->describeCookie('PHPSESSID_SC'), "\n";
preg_match('/^Warning: .*$/m', $r->body . "\n" . $r->stderr, $m);
echo preg_replace('/would be \d+ bytes/', 'would be N bytes', $m[0] ?? 'no warning'), "\n";
echo "client kept its cookie: ", var_export($c->cookies['PHPSESSID_SC'] === $before, true), "\n";
$r = $c->request('session_start(); echo strlen($_SESSION["p"] ?? ""), " ", sealedcookie_status(), "\n";');
echo "next request reads: ", $r->body;

// With a new session id (as at login): the id cookie goes back too, or the
// client would hold a new id beside a data cookie bound to the old one.
$id = $c->cookies['PHPSESSID'];
$r = $c->request(SC_FILL . 'session_start(); sc_fill(2800); session_regenerate_id();
    header("X-App: " . str_repeat("a", 200));');
echo "large session, regenerated id: ", $r->describeCookie('PHPSESSID_SC'), ", ", $r->describeCookie('PHPSESSID'), "\n";
echo "client kept its id and cookie: ", var_export($c->cookies['PHPSESSID'] === $id && $c->cookies['PHPSESSID_SC'] === $before, true), "\n";
$r = $c->request('session_start(); echo strlen($_SESSION["p"] ?? ""), " ", sealedcookie_status(), "\n";');
echo "next request reads: ", $r->body;

// A little less fits beside the session cookie and the cache limiter's headers.
$r = $c->request(SC_FILL . 'session_start(); sc_fill(2700); echo "fits\n";');
sc_show($r, 'PHPSESSID_SC');

// The application's headers alone take a small session's response past it.
$r = $c->request(SC_FILL . 'session_start(); sc_fill(100); header("X-App: " . str_repeat("a", 3900));');
echo "small session, 3900-byte header: ", $r->describeCookie('PHPSESSID_SC'), "\n";

// A logout still expires the cookie, whatever the application's headers.
$r = $c->request('session_start(); header("X-App: " . str_repeat("a", 3900)); session_destroy();');
echo "destroy: ", $r->describeCookie('PHPSESSID_SC'), "\n";

// 0: no check (a web server with larger buffers, or none in front).
$c = new ScClient(['sealedcookie.response_header_budget' => '0']);
$r = $c->request(SC_FILL . 'session_start(); sc_fill(2800); header("X-App: " . str_repeat("a", 200));');
echo "budget 0: ", $r->describeCookie('PHPSESSID_SC'), "\n";
?>
--EXPECT--
default: 4000
small session
PHPSESSID_SC: sealed; path=/
large session: PHPSESSID_SC: no Set-Cookie
Warning: PHP Request Shutdown: Session data not saved: with its cookie the response headers would be N bytes, over sealedcookie.response_header_budget (4000 bytes); the client keeps its previous cookie (raise nginx fastcgi_buffer_size and this setting, or keep less in the session) in Unknown on line 0
client kept its cookie: true
next request reads: 989 valid
large session, regenerated id: PHPSESSID_SC: no Set-Cookie, PHPSESSID: no Set-Cookie
client kept its id and cookie: true
next request reads: 989 valid
fits
PHPSESSID_SC: sealed; path=/
small session, 3900-byte header: PHPSESSID_SC: no Set-Cookie
destroy: PHPSESSID_SC: deleted; expires=<date>; Max-Age=0; path=/
budget 0: PHPSESSID_SC: sealed; path=/
