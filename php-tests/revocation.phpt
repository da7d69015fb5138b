--TEST--
sealedcookie.revoked_before ("log everyone out" without a new key): a session created before it opens as "revoked" (empty session, data cookie expired, a new id under strict mode); one created after it is kept; a server whose clock is behind it (within 5 minutes) dates new sessions at it; a time further ahead logs everyone out until then; PHP_INI_SYSTEM only
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$ini = ['session.use_strict_mode' => '1'];
$login = 'session_start(); $_SESSION["user"] = "alice"; echo sealedcookie_status();';
$show = 'session_start(); $f = sealedcookie_facts();
    echo json_encode($_SESSION), " ", sealedcookie_status(), " reason=", $f["reason"] ?? "null";';

function expired_data_cookie(ScResponse $r): bool {
    foreach ($r->headers as $h) {
        if (preg_match('/^Set-Cookie: PHPSESSID_SC=[^;]*;.*Max-Age=0/i', $h)) return true;
    }
    return false;
}

// Alice logs in before the revocation.
$alice = new ScClient($ini);
$alice->request($login);
$id = $alice->cookies['PHPSESSID'];
echo "before: ", $alice->request($show)->body, "\n";

// The operator sets the revocation time and reloads; this server's clock is a
// minute behind it (within the 5 minutes a pool's clocks may disagree).
$t = time() + 60;
$revoked = ['sealedcookie.revoked_before' => (string) $t];
$r = $alice->request($show, $revoked);
echo "after:  ", $r->body, "\n";
echo "data cookie expired: ", var_export(expired_data_cookie($r), true), "\n";
echo "new session id: ", var_export(($alice->cookies['PHPSESSID'] ?? $id) !== $id, true), "\n";
echo "next request: ", $alice->request($show, $revoked)->body, "\n";

// She logs in again while this server's clock is still before the revocation
// time: the new session is dated at it, so it is not revoked.
echo "login again: ", $alice->request($login, $revoked)->body, "\n";
$f = json_decode($alice->request('session_start(); echo json_encode(sealedcookie_facts());', $revoked)->body, true);
echo "created at the revocation time: ", var_export($f['created'] === $t, true), " (", $f['status'], ")\n";
echo "kept: ", $alice->request($show, $revoked)->body, "\n";

// Bob logs in after a revocation time that has passed.
$past = ['sealedcookie.revoked_before' => (string) (time() - 1)];
$bob = new ScClient($ini);
$bob->request($login, $past);
echo "bob: ", $bob->request($show, $past)->body, "\n";

// Further ahead than a clock may be wrong (5 minutes): no dating forward,
// so every session is revoked until that time comes.
$far = ['sealedcookie.revoked_before' => (string) (time() + 3600)];
$carol = new ScClient($ini);
$carol->request($login, $far);
echo "far ahead: ", $carol->request($show, $far)->body, "\n";

// Only the administrator sets it.
echo "ini_set: ", $bob->request('var_dump(ini_set("sealedcookie.revoked_before", "1"));', $revoked)->body;
$r = (new ScClient(['sealedcookie.revoked_before' => 'yesterday'], 'cgi'))
    ->request('echo ini_get("sealedcookie.revoked_before");');
$all = $r->stderr . implode("\n", $r->headers) . $r->body;
echo "bad value warned: ", var_export(str_contains($all, 'sealedcookie.revoked_before must be a Unix time'), true),
    ", value ", substr(trim($r->body), -1), "\n";
?>
--EXPECT--
before: {"user":"alice"} valid reason=null
after:  [] revoked reason=revoked
data cookie expired: true
new session id: true
next request: [] none reason=null
login again: none
created at the revocation time: true (valid)
kept: {"user":"alice"} valid reason=null
bob: {"user":"alice"} valid reason=null
far ahead: [] revoked reason=revoked
ini_set: bool(false)
bad value warned: true, value 0
