--TEST--
sealedcookie_max_session_size() with max_size over several cookies: that many bytes of session are saved, one more is refused
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
foreach (['16384', '131072'] as $max) {
    $c = new ScClient(['sealedcookie.max_size' => $max]);
    $r = $c->request('echo sealedcookie_max_session_size();');
    $n = (int) $r->body;
    foreach ([$n, $n + 1] as $size) {
        // A fresh client each time: 128 KiB of cookies would not fit php-cgi's environment.
        $c = new ScClient(['sealedcookie.max_size' => $max]);
        $r = $c->request(SC_FILL . "session_start(); sc_fill($size);");
        $set = $r->dataCookies('PHPSESSID_SC');
        echo "max_size $max, session of max", $size > $n ? "+1" : "", ": ",
            $set ? count($set) . " cookies, " . (sc_wire_size($set) <= (int) $max ? "within" : "over") . " max_size"
                 : (str_contains($r->body, 'not saved') ? "refused" : "no cookie"), "\n";
    }
}
?>
--EXPECT--
max_size 16384, session of max: 4 cookies, within max_size
max_size 16384, session of max+1: refused
max_size 131072, session of max: 32 cookies, within max_size
max_size 131072, session of max+1: refused
