--TEST--
PHP's own session defaults (8.6: strict mode, HttpOnly, SameSite=Lax) apply to the data cookie as to the session cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// null: leave the setting at this PHP's default (the client pins the 8.2 ones).
$defaults = ['session.use_strict_mode' => null, 'session.cookie_httponly' => null,
    'session.cookie_samesite' => null];
$php86 = PHP_VERSION_ID >= 80600;

function attributes(string $line): string {
    return preg_replace('/^[^;]*/', '', $line);
}

$c = new ScClient($defaults);
$r = $c->request('session_start(); $_SESSION["n"] = 1; echo session_id();');
[$session] = $r->setCookies('PHPSESSID');
[$data] = $r->setCookies('PHPSESSID_SC');
echo attributes($data) === attributes($session)
    ? "data cookie has the session cookie's attributes\n"
    : "data cookie: " . attributes($data) . "\nsession cookie: " . attributes($session) . "\n";
$expected = $php86 ? '; path=/; HttpOnly; SameSite=Lax' : '; path=/';
echo attributes($data) === $expected ? "attributes are this PHP's defaults\n" : "unexpected: " . attributes($data) . "\n";

// Strict mode, on by default from 8.6: an id the client made up is refused.
$c = new ScClient($defaults);
$c->cookies['PHPSESSID'] = 'madeupid1234567890abcdefgh';
$r = $c->request('session_start(); echo session_id();');
$refused = $r->body !== 'madeupid1234567890abcdefgh';
echo $refused === $php86 ? "made-up id " . ($php86 ? 'refused' : 'adopted') . " as this PHP's default says\n"
    : "made-up id " . ($refused ? 'refused' : 'adopted') . " against this PHP's default\n";
?>
--EXPECTF--
data cookie has the session cookie's attributes
attributes are this PHP's defaults
made-up id %s as this PHP's default says
