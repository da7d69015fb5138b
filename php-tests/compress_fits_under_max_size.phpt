--TEST--
sealedcookie.compress=1 lets a big compressible session fit max_size=4096 where it does not fit uncompressed
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$write = 'session_start(); $_SESSION["log"] = str_repeat("SELECT * FROM `table` WHERE 1;\n", 300);
    echo strlen(session_encode()), " bytes of session\n";';
foreach (['0', '1'] as $compress) {
    echo "compress=$compress:\n";
    $c = new ScClient(['sealedcookie.compress' => $compress, 'sealedcookie.max_size' => '4096']);
    $r = $c->request($write);
    echo $r->body;
    $set = $r->dataCookies('PHPSESSID_SC');
    echo count($set), " data cookie(s)", $set ? ", " . sc_wire_size($set) . " wire bytes" : "", "\n";
    $r = $c->request('session_start(); echo strlen($_SESSION["log"] ?? ""), " ", sealedcookie_status(), "\n";');
    echo $r->body;
}
?>
--EXPECTF--
compress=0:

Warning: PHP Request Shutdown: Session data not saved: the sealed cookie would be %d bytes, over sealedcookie.max_size (4096 bytes); the client keeps its previous cookie in Unknown on line 0
9314 bytes of session
0 data cookie(s)
0 none
compress=1:
9314 bytes of session
1 data cookie(s), %d wire bytes
9300 valid
