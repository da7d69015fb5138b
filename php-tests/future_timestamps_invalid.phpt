--TEST--
A value created or last written more than 5 minutes ahead of the server's clock is "invalid" (it would never expire); within 5 minutes it opens
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi();
if (!extension_loaded('sodium')) die('skip sodium extension needed to forge the value'); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// Re-seals the value under test key A with other times, as a server whose
// clock runs ahead would have sealed it (envelope layout: include/sealedcookie/sealer.h).
function sc_reseal(string $value, string $id, int $created, int $written): string {
    $key = base64_decode(strtr(sc_key_material(SC_KEY_A), '-_', '+/'));
    $raw = base64_decode(strtr($value, '-_', '+/'));
    $head = substr($raw, 0, 29);
    $nonce = substr($head, 5, 24);
    $ad = 'sealedcookie' . substr($head, 0, 5) . chr(strlen('PHPSESSID_SC')) . 'PHPSESSID_SC'
        . pack('n', strlen($id)) . $id;
    $plain = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt(substr($raw, 29), $ad, $nonce, $key);
    $plain = $plain[0] . pack('J', $created) . pack('J', $written) . substr($plain, 17);
    $sealed = $head . sodium_crypto_aead_xchacha20poly1305_ietf_encrypt($plain, $ad, $nonce, $key);
    return rtrim(strtr(base64_encode($sealed), '+/', '-_'), '=');
}
$cases = [
    'created a year ahead' => [365 * 86400, 0],
    'last write a year ahead' => [0, 365 * 86400],
    'created 6 minutes ahead' => [360, 0],
    'both 1 minute ahead' => [60, 60],
];
foreach ($cases as $what => [$created, $written]) {
    $c = new ScClient(['session.gc_maxlifetime' => '1440', 'sealedcookie.max_lifetime' => '3600']);
    $c->request('session_start(); $_SESSION["x"] = 1;');
    $now = time();
    $c->cookies['PHPSESSID_SC'] = sc_reseal($c->cookies['PHPSESSID_SC'], $c->cookies['PHPSESSID'],
        $now + $created, $now + $written);
    $r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "$what: ", $r->body;
}
?>
--EXPECT--
created a year ahead: [] invalid
last write a year ahead: [] invalid
created 6 minutes ahead: [] invalid
both 1 minute ahead: {"x":1} valid
