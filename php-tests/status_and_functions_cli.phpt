--TEST--
sealedcookie_status() is "none" before any session; generate_key() makes usable keys; max_session_size()
--INI--
session.save_handler=files
--FILE--
<?php
var_dump(sealedcookie_status());
$k = sealedcookie_generate_key();
var_dump(preg_match('/^[A-Za-z0-9_-]{43}$/', $k));
$l = sealedcookie_generate_key("2026-11_a");
var_dump(preg_match('/^2026-11_a:[A-Za-z0-9_-]{43}$/', $l));
var_dump($k !== sealedcookie_generate_key());
try {
    sealedcookie_generate_key("bad label!");
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
try {
    sealedcookie_generate_key(str_repeat("a", 33));
} catch (ValueError $e) {
    echo get_class($e), "\n";
}
var_dump(sealedcookie_max_session_size() > 2900);
ini_set('sealedcookie.max_size', '100');
var_dump(sealedcookie_max_session_size());
?>
--EXPECTF--
string(4) "none"
int(1)
int(1)
bool(true)
sealedcookie_generate_key(): Argument #1 ($label) must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -
ValueError
bool(true)
int(%d)
