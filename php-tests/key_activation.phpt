--TEST--
Key activation times (rotation with one file push): a key whose activation time has not come only opens, and the server does not re-seal values sealed with it; from its time it seals, and values of the older keys are re-sealed; a bad time names its line; no key active yet warns
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$new = 'new:' . sc_key_material(SC_KEY_B);
$old = 'old:' . sc_key_material(SC_KEY_A);
function key_file(string $text): string {
    $file = tempnam(sys_get_temp_dir(), 'sckeys');
    file_put_contents($file, $text);
    return $file;
}
$ahead = key_file("# pushed to every server\n$new activate=" . gmdate('Y-m-d\TH:i:s\Z', time() + 3600) . "\n$old\n");
$active = key_file("$new activate=" . (time() - 10) . "\n$old\n");
$retired = key_file("$old\n");
$files = fn(string $f) => ['sealedcookie.keys' => '', 'sealedcookie.key_file' => $f];
$show = 'session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; $f = sealedcookie_facts();
    echo "n=", $_SESSION["n"], " ", $f["status"], " opened with ", $f["key"] ?? "-";';
// Reads without changing the session: a data cookie in the response is a re-seal.
$read = 'session_start(); $f = sealedcookie_facts();
    echo "n=", $_SESSION["n"], " ", $f["status"], " opened with ", $f["key"] ?? "-";';

// The file pushed ahead of time: the old key still seals.
$c = new ScClient($files($ahead));
echo "before activation: ", $c->request($show)->body, "\n";
echo "  sealed with: ", $c->request($show)->body, "\n";
// A server whose clock is already past the time sealed with the new key: this
// one opens it and does not re-seal it back (no Set-Cookie for the data cookie).
$fast = new ScClient($files($active));
$fast->request($show);
$c->cookies = $fast->cookies;
$r = $c->request($read);
echo "value from a server past it: ", $r->body, ", re-sealed: ",
    var_export((bool) preg_grep('/^Set-Cookie: PHPSESSID_SC=/', $r->headers), true), "\n";

// From the activation time: the new key seals; an old key's value is re-sealed.
$c = new ScClient($files($retired));
$c->request($show);
$r = $c->request($read, $files($active));
echo "after activation, an old value: ", $r->body, ", re-sealed: ",
    var_export((bool) preg_grep('/^Set-Cookie: PHPSESSID_SC=/', $r->headers), true), "\n";
echo "  then: ", $c->request($show, $files($active))->body, "\n";

// phpinfo names the key that seals now.
foreach (['ahead' => $ahead, 'active' => $active] as $what => $f) {
    $info = (new ScClient($files($f)))->request('phpinfo(INFO_MODULES);')->body;
    preg_match('/Sealing key label\s*(?:<\/td><td class="v">|=> )([^<\n]+?)\s*(?:<|$)/m', $info, $m);
    echo "phpinfo ($what): ", $m[1] ?? '?', "\n";
}

// A bad activation time names its line, never the key; only future keys warn.
$bad = key_file("$old\n$new activate=next-week\n");
$r = (new ScClient($files($bad), 'cgi'))->request('var_dump(@session_start());');
$all = $r->stderr . implode("\n", $r->headers) . $r->body;
echo "bad time: ", var_export(str_contains($all, 'line 2: activate= takes Unix seconds or a UTC time'), true),
    ", key text shown: ", var_export(str_contains($all, sc_key_material(SC_KEY_B)), true), "\n";
$future = key_file("$new activate=" . (time() + 60) . "\n$old activate=" . (time() + 120) . "\n");
$r = (new ScClient($files($future), 'cgi'))->request('echo "ok";');
$all = $r->stderr . implode("\n", $r->headers) . $r->body;
echo "none active yet: ", var_export(str_contains($all, "no key's activation time has come yet"), true), "\n";
foreach ([$ahead, $active, $retired, $bad, $future] as $f) unlink($f);
?>
--EXPECT--
before activation: n=1 none opened with -
  sealed with: n=2 valid opened with old
value from a server past it: n=1 valid opened with new, re-sealed: false
after activation, an old value: n=1 resealed opened with old, re-sealed: true
  then: n=2 valid opened with new
phpinfo (ahead): old
phpinfo (active): new
bad time: true, key text shown: false
none active yet: true
