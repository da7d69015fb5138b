--TEST--
session.serialize_handler=php_binary round-trips through the sealed cookie
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['session.serialize_handler' => 'php_binary']);
$code = 'session_start(); echo session_module_name(), " ", ini_get("session.serialize_handler"), " ",
    sealedcookie_status(), " ", json_encode($_SESSION), "\n";
    $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; $_SESSION["list"] = ["a" => 1.5, "b" => [true, null]];';
for ($i = 0; $i < 3; $i++) echo $c->request($code, [], null)->body;
?>
--EXPECT--
sealedcookie php_binary none []
sealedcookie php_binary valid {"n":1,"list":{"a":1.5,"b":[true,null]}}
sealedcookie php_binary valid {"n":2,"list":{"a":1.5,"b":[true,null]}}
