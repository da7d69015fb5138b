--TEST--
sealedcookie.key_file: one key a line, # comments and blank lines; the first key seals
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$file = tempnam(sys_get_temp_dir(), 'sckeys');
file_put_contents($file, "# primary\n" . SC_KEY_B . "  # new\n\n" . SC_KEY_A . "\n");
$c = new ScClient(['sealedcookie.keys' => SC_KEY_A]);
$c->request('session_start(); $_SESSION["n"] = 1;');
$ini = ['sealedcookie.keys' => '', 'sealedcookie.key_file' => $file];
$r = $c->request('session_start(); echo $_SESSION["n"], " ", sealedcookie_status();', $ini);
echo $r->body, "\n";
$r = $c->request('session_start(); echo $_SESSION["n"], " ", sealedcookie_status();',
    ['sealedcookie.keys' => SC_KEY_B]);
echo $r->body, "\n";
unlink($file);
?>
--EXPECT--
1 resealed
1 valid
