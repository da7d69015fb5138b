--TEST--
sealedcookie.max_lifetime: 14 days by default (a value created 15 days ago is "expired", 13 days ago opens); 0 set by the operator gives a startup notice, ini_set() does not
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi();
if (!extension_loaded('sodium')) die('skip sodium extension needed to forge the value'); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
const SC_TEST_CONTEXT = 'lifetime-test';  // sealedcookie.context, bound into the value
foreach (['created 15 days ago' => 15, 'created 13 days ago' => 13] as $what => $days) {
    // The idle timeout is not what expires it: last write is now.
    $c = new ScClient(['session.gc_maxlifetime' => '3600', 'sealedcookie.context' => SC_TEST_CONTEXT]);
    $c->request('session_start(); $_SESSION["x"] = 1;');
    $c->cookies['PHPSESSID_SC'] = sc_reseal($c->cookies['PHPSESSID_SC'], $c->cookies['PHPSESSID'],
        time() - $days * 86400, time(), SC_TEST_CONTEXT);
    $r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "$what: ", $r->body;
}
function sc_cli(array $ini, string $code): string {
    $cmd = array_merge([PHP_BINARY, '-n'], sc_ini_args(sc_client_ini($ini)), ['-r', $code]);
    [$out, $err] = sc_spawn($cmd, []);
    return trim($out . $err);
}
echo "default: ", sc_cli([], 'echo ini_get("sealedcookie.max_lifetime");'), "\n";
echo "set to 0 by the operator:\n", sc_cli(['sealedcookie.max_lifetime' => '0'], 'echo ini_get("sealedcookie.max_lifetime");'), "\n";
echo "set to 0 by ini_set():\n", sc_cli([], 'var_dump(ini_set("sealedcookie.max_lifetime", "0"), ini_get("sealedcookie.max_lifetime"));'), "\n";
?>
--EXPECTF--
created 15 days ago: [] expired
created 13 days ago: {"x":1} valid
default: 1209600
set to 0 by the operator:
%ANotice: PHP Startup: sealedcookie.max_lifetime = 0: sessions have no absolute lifetime, so a copy of a cookie that is used at least once per session.gc_maxlifetime can be replayed for ever in Unknown on line 0%A
0
set to 0 by ini_set():
string(7) "1209600"
string(1) "0"
