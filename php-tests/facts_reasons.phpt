--TEST--
sealedcookie_facts(): the authenticated facts of a session that opened, and for a cookie that did not, the precise reason (malformed, tampered, moved, unknown key with its id, broken chunk set, unsupported version, from the future, idle and absolute expiry, revoked)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi();
if (!extension_loaded('sodium')) die('skip sodium extension needed to forge the value'); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
const CTX = 'facts-test';
$ini = ['session.gc_maxlifetime' => '3600', 'sealedcookie.max_lifetime' => '86400',
    'sealedcookie.context' => CTX];
$show = 'session_start(); echo json_encode(sealedcookie_facts()), "\n";';

function b64d(string $v): string { return base64_decode(strtr($v, '-_', '+/')); }
function b64e(string $b): string { return rtrim(strtr(base64_encode($b), '+/', '-_'), '='); }
function logged_in(array $ini, array $extra = []): ScClient {
    $c = new ScClient($extra + $ini);
    $c->request('session_start(); $_SESSION["user"] = "alice";');
    return $c;
}
/** The facts the page printed, the ones that vary by time checked here. */
function facts(ScClient $c, string $page, array $ini = []): array {
    $f = json_decode(trim($c->request($page, $ini)->body), true);
    if (!is_array($f)) { echo "no facts\n"; return []; }
    return $f;
}
function line(string $what, array $f): void {
    echo str_pad($what, 22), $f['status'], " reason=", $f['reason'] ?? 'null',
        " key=", $f['key'] ?? 'null', " created=", $f['created'] === null ? 'null' : 'set', "\n";
}

// No cookie.
line('no cookie', facts(new ScClient($ini), $show));

// A valid session: every fact, checked against what the client holds.
$t0 = time();
$c = logged_in($ini);
$sent = ['PHPSESSID_SC' => $c->cookies['PHPSESSID_SC']];
$f = facts($c, $show);
line('valid', $f);
$now = time();
echo "key_id is the value's: ", var_export($f['key_id'] === bin2hex(substr(b64d($sent['PHPSESSID_SC']), 1, 4)), true), "\n";
echo "created now: ", var_export($f['created'] >= $t0 && $f['created'] <= $now, true), "\n";
echo "idle expiry = last write + gc_maxlifetime: ", var_export($f['idle_expires'] === $f['last_written'] + 3600, true), "\n";
echo "absolute expiry = created + max_lifetime: ", var_export($f['absolute_expires'] === $f['created'] + 86400, true), "\n";
echo "chunks ", $f['chunks'], ", wire bytes as sent: ", var_export($f['wire_bytes'] === sc_wire_size($sent), true),
    ", compressed ", var_export($f['compressed'], true), "\n";

// Chunked and compressed.
$big = ['sealedcookie.max_size' => '16384', 'sealedcookie.compress' => '1'];
$c = new ScClient($big + $ini);
$c->request('session_start(); $_SESSION["r"] = bin2hex(random_bytes(3000)) . str_repeat("a", 3000);');
$f = facts($c, $show);
$carried = array_filter($c->cookies, fn($k) => str_starts_with($k, 'PHPSESSID_SC'), ARRAY_FILTER_USE_KEY);
echo "chunked: ", $f['status'], " chunks=", $f['chunks'], " (", count($carried), " cookies), wire bytes as sent: ",
    var_export($f['wire_bytes'] === sc_wire_size($carried), true), ", compressed ", var_export($f['compressed'], true), "\n";

// Malformed, tampered, moved.
$c = logged_in($ini);
$c->cookies['PHPSESSID_SC'] = 'not-a-sealed-value';
line('malformed', facts($c, $show));
$c = logged_in($ini);
$v = $c->cookies['PHPSESSID_SC'];
$i = strlen($v) - 10;  // inside the tag
$c->cookies['PHPSESSID_SC'] = substr($v, 0, $i) . ($v[$i] === 'A' ? 'B' : 'A') . substr($v, $i + 1);
line('tampered', facts($c, $show));
$victim = logged_in($ini);
$thief = logged_in($ini);
$thief->cookies['PHPSESSID_SC'] = $victim->cookies['PHPSESSID_SC'];
line('moved (other session)', facts($thief, $show));
$other_app = logged_in($ini, ['sealedcookie.context' => 'another-app']);
line('moved (other context)', facts($other_app, $show, ['sealedcookie.context' => CTX]));

// Unknown key: sealed by a server with key B; this one has A only. The id is reported.
$c = logged_in($ini, ['sealedcookie.keys' => SC_KEY_B]);
$value = $c->cookies['PHPSESSID_SC'];
$f = facts($c, $show, ['sealedcookie.keys' => SC_KEY_A]);
line('unknown key', $f);
echo "reported id is the value's: ", var_export($f['key_id'] === bin2hex(substr(b64d($value), 1, 4)), true), "\n";

// A broken chunk set: the second chunk alone, and a first cookie announcing two.
$c = logged_in($ini);
$c->cookies = ['PHPSESSID' => $c->cookies['PHPSESSID'], 'PHPSESSID_SC_1' => 'abc'];
line('chunk without first', facts($c, $show));
$c = logged_in($ini);
$c->cookies['PHPSESSID_SC'] = '2.' . $c->cookies['PHPSESSID_SC'];
line('chunk missing', facts($c, $show));

// An envelope version this build does not know.
$c = logged_in($ini);
$raw = b64d($c->cookies['PHPSESSID_SC']);
$c->cookies['PHPSESSID_SC'] = b64e(chr(9) . substr($raw, 1));
line('unsupported version', facts($c, $show));

// Times: sealed again as another server's clock would have.
foreach (['idle expired' => [time() - 600, time() - 7200], 'absolute expired' => [time() - 2 * 86400, time()],
          'from the future' => [time() + 3600, time() + 3600]] as $what => [$created, $written]) {
    $c = logged_in($ini);
    $c->cookies['PHPSESSID_SC'] = sc_reseal($c->cookies['PHPSESSID_SC'], $c->cookies['PHPSESSID'], $created, $written, CTX);
    line($what, facts($c, $show));
}

// Revoked: created before sealedcookie.revoked_before.
$c = logged_in($ini);
$c->cookies['PHPSESSID_SC'] = sc_reseal($c->cookies['PHPSESSID_SC'], $c->cookies['PHPSESSID'], time() - 200, time() - 10, CTX);
$f = facts($c, $show, ['sealedcookie.revoked_before' => (string) (time() - 100)]);
line('revoked', $f);
echo "sealedcookie_status(): ", $c->request('session_start(); echo sealedcookie_status();',
    ['sealedcookie.revoked_before' => (string) (time() - 100)])->body, "\n";
?>
--EXPECT--
no cookie             none reason=null key=null created=null
valid                 valid reason=null key=a created=set
key_id is the value's: true
created now: true
idle expiry = last write + gc_maxlifetime: true
absolute expiry = created + max_lifetime: true
chunks 1, wire bytes as sent: true, compressed false
chunked: valid chunks=2 (2 cookies), wire bytes as sent: true, compressed true
malformed             invalid reason=malformed key=null created=null
tampered              invalid reason=tampered key=null created=null
moved (other session) invalid reason=moved key=null created=null
moved (other context) invalid reason=moved key=null created=null
unknown key           invalid reason=unknown_key key=null created=null
reported id is the value's: true
chunk without first   none reason=chunks_broken key=null created=null
chunk missing         invalid reason=chunks_broken key=null created=null
unsupported version   invalid reason=unsupported_version key=null created=null
idle expired          expired reason=idle_expired key=a created=set
absolute expired      expired reason=absolute_expired key=a created=set
from the future       invalid reason=from_the_future key=null created=null
revoked               revoked reason=revoked key=a created=set
sealedcookie_status(): none
