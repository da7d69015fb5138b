--TEST--
Works when wrapped by a \SessionHandler subclass (Symfony style), also with output before the end
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$handler = 'class H extends SessionHandler {
    public function write($id, $data): bool { error_log("write"); return parent::write($id, $data); }
}
session_set_save_handler(new H(), true);';
$c = new ScClient(['output_buffering' => '0']);
for ($i = 0; $i < 3; $i++) {
    $r = $c->request($handler . 'session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
        echo $_SESSION["n"], " ", sealedcookie_status(), "\n";');
    sc_show($r, 'PHPSESSID_SC');
}
?>
--EXPECT--
1 none
PHPSESSID_SC: sealed; path=/
2 valid
PHPSESSID_SC: sealed; path=/
3 valid
PHPSESSID_SC: sealed; path=/
