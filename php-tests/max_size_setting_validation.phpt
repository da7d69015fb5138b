--TEST--
sealedcookie.max_size accepts 1 to 131072 bytes (32 cookies of 4096); anything else is refused with a warning
--FILE--
<?php
var_dump(ini_get('sealedcookie.max_size'));
foreach (['8192', '131072', '2048', '131073', '0', '-1', 'abc', '8k', ''] as $value) {
    echo "set '$value': ";
    var_dump(ini_set('sealedcookie.max_size', $value));
    var_dump(ini_get('sealedcookie.max_size'));
}
?>
--EXPECTF--
string(4) "4096"
set '8192': string(4) "4096"
string(4) "8192"
set '131072': string(4) "8192"
string(6) "131072"
set '2048': string(6) "131072"
string(4) "2048"
set '131073': 
Warning: ini_set(): sealedcookie.max_size must be a number of bytes between 1 and 131072 (32 cookies of 4096 bytes) in %s on line %d
bool(false)
string(4) "2048"
set '0': 
Warning: ini_set(): sealedcookie.max_size must be a number of bytes between 1 and 131072 (32 cookies of 4096 bytes) in %s on line %d
bool(false)
string(4) "2048"
set '-1': 
Warning: ini_set(): sealedcookie.max_size must be a number of bytes between 1 and 131072 (32 cookies of 4096 bytes) in %s on line %d
bool(false)
string(4) "2048"
set 'abc': 
Warning: ini_set(): sealedcookie.max_size must be a number of bytes between 1 and 131072 (32 cookies of 4096 bytes) in %s on line %d
bool(false)
string(4) "2048"
set '8k': 
Warning: ini_set(): sealedcookie.max_size must be a number of bytes between 1 and 131072 (32 cookies of 4096 bytes) in %s on line %d
bool(false)
string(4) "2048"
set '': 
Warning: ini_set(): sealedcookie.max_size must be a number of bytes between 1 and 131072 (32 cookies of 4096 bytes) in %s on line %d
bool(false)
string(4) "2048"
