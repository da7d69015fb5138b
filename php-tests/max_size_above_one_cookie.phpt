--TEST--
sealedcookie.max_size above 4096 (one cookie) is refused with a warning
--FILE--
<?php
var_dump(ini_get('sealedcookie.max_size'));
var_dump(ini_set('sealedcookie.max_size', '8192'));
var_dump(ini_get('sealedcookie.max_size'));
var_dump(ini_set('sealedcookie.max_size', '2048'));
var_dump(ini_get('sealedcookie.max_size'));
?>
--EXPECTF--
string(4) "4096"

Warning: ini_set(): sealedcookie.max_size must be between 1 and 4096 (one cookie); splitting over several cookies is not supported yet in %s on line %d
bool(false)
string(4) "4096"
string(4) "4096"
string(4) "2048"
