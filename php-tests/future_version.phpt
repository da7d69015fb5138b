--TEST--
A value with another envelope version gives "invalid": a future one, and 1 (before the application context was bound)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
foreach ([2, 1, 3] as $version) {
    // A fresh session each time, so only the version byte differs from a good value.
    $c = new ScClient();
    $c->request('session_start(); $_SESSION["x"] = 1;');
    $raw = base64_decode(strtr($c->cookies['PHPSESSID_SC'], '-_', '+/'));
    $sealed_as = ord($raw[0]);
    $raw[0] = chr($version);
    $c->cookies['PHPSESSID_SC'] = rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
    $r = $c->request('session_start(); echo json_encode($_SESSION), " ", sealedcookie_status(), "\n";');
    echo "sealed as $sealed_as, sent as $version: ", $r->body;
}
?>
--EXPECT--
sealed as 2, sent as 2: {"x":1} valid
sealed as 2, sent as 1: [] invalid
sealed as 2, sent as 3: [] invalid
