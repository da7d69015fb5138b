--TEST--
session_regenerate_id() re-seals under the new id; the new value does not open for the old id
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
foreach ([false, true] as $delete) {
    $c = new ScClient();
    $c->request('session_start(); $_SESSION["user"] = "ann";');
    $old = $c->cookies['PHPSESSID'];
    $r = $c->request('session_start(); session_regenerate_id(' . var_export($delete, true) . ');
        echo sealedcookie_status();');
    echo $r->body, " ", $c->cookies['PHPSESSID'] !== $old ? "new id" : "same id", "\n";
    echo $r->describeCookie('PHPSESSID_SC'), "\n";
    $r = $c->request('session_start(); echo $_SESSION["user"] ?? "-", " ", sealedcookie_status();');
    echo $r->body, "\n";
    $c->cookies['PHPSESSID'] = $old;
    $r = $c->request('session_start(); echo $_SESSION["user"] ?? "-", " ", sealedcookie_status();');
    echo $r->body, "\n";
}
?>
--EXPECT--
valid new id
PHPSESSID_SC: sealed; path=/
ann valid
- invalid
valid new id
PHPSESSID_SC: sealed; path=/
ann valid
- invalid
