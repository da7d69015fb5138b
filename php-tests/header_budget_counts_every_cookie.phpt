--TEST--
sealedcookie.header_budget counts every cookie the response sets: a new session id cookie and the application's own, replaced or expired
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// The estimate must equal the Cookie header the client really sends next.
$check = function (ScClient $c, ScResponse $r, string $what): void {
    $pairs = [];
    foreach ($c->cookies as $k => $v) $pairs[] = "$k=$v";
    $next = strlen('Cookie: ' . implode('; ', $pairs));
    if (preg_match('/would be about (\d+) bytes/', $r->body, $m)) {
        echo "$what: warned, estimate ", (int) $m[1] === $next ? "exact" : "off ($m[1] vs $next)", "\n";
    } else {
        echo "$what: quiet, next header $next bytes\n";
    }
};
// A first visit: the data cookie alone fits the budget, with the new id cookie it does not.
$c = new ScClient(['sealedcookie.header_budget' => '2960']);
$r = $c->request('session_start(); $_SESSION["a"] = str_repeat("a", 2120); echo "page\n";');
$check($c, $r, 'new id cookie pushes it over');
// The application's cookie, set before and after the session, replaced in the same response.
$c = new ScClient(['sealedcookie.header_budget' => '3500']);
$c->request('session_start(); $_SESSION["a"] = 1;');
$c->cookies['app'] = str_repeat('x', 3000);
$r = $c->request('setcookie("app", str_repeat("y", 3000)); session_start(); $_SESSION["a"] = 2;
    session_write_close(); setcookie("app", str_repeat("z", 3400)); echo "page\n";');
$check($c, $r, 'app cookie replaced, set twice');
// The same, but the application expires its cookie: under the budget again.
$c->cookies['app'] = str_repeat('x', 3600);
$r = $c->request('session_start(); $_SESSION["a"] = 3; session_write_close(); setcookie("app", "", 1);
    echo "page\n";');
$check($c, $r, 'app cookie expired');
?>
--EXPECTF--
%Anew id cookie pushes it over: warned, estimate exact
%Aapp cookie replaced, set twice: warned, estimate exact
app cookie expired: quiet, next header %d bytes
