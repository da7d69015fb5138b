--TEST--
Output and warnings from serialization while headers go out do not corrupt the response
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['output_buffering' => '0']);
$r = $c->request('class Noisy { public $a = 1;
        public function __sleep(): array { echo "NOISE"; trigger_error("sleepy", E_USER_WARNING); return ["a"]; } }
    header("X-Marker: yes"); session_start(); $_SESSION["o"] = new Noisy();
    echo "body-start\n"; session_write_close(); echo "body-end\n";');
$wellFormed = count(preg_grep('/^[A-Za-z0-9-]+: [^\n]*$/D', $r->headers)) === count($r->headers)
    && !preg_grep('/NOISE|sleepy/', $r->headers);
echo in_array('X-Marker: yes', $r->headers) && $wellFormed ? "headers intact\n" : "headers corrupt\n";
echo str_starts_with($r->body, "body-start\n") ? "body starts clean\n" : "body corrupt\n";
echo $r->describeCookie('PHPSESSID_SC'), "\n";
$r = $c->request('class Noisy { public $a = 1; } session_start(); echo get_class($_SESSION["o"]), " ", sealedcookie_status();');
echo $r->body, "\n";
?>
--EXPECT--
headers intact
body starts clean
PHPSESSID_SC: sealed; path=/
Noisy valid
