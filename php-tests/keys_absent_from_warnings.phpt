--TEST--
Key material never appears in output, warnings or ini displays, whatever happens to the session
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.keys' => SC_KEY_A . ',' . SC_KEY_B, 'sealedcookie.max_size' => '300',
    'output_buffering' => '0']);
$pages = [
    'session_start(); $_SESSION["x"] = str_repeat("y", 500);',
    'session_start(); echo "out"; $_SESSION["z"] = 1;',
    'ini_get_all("sealedcookie"); var_dump(ini_get("sealedcookie.keys") !== ""); phpinfo();',
    'session_start(); session_destroy(); session_destroy();',
];
$all = '';
foreach ($pages as $p) {
    $r = $c->request($p);
    $all .= implode("\n", $r->headers) . $r->body . $r->stderr;
}
foreach ([SC_KEY_A, SC_KEY_B] as $k) {
    echo str_contains(html_entity_decode($all), sc_key_material($k)) ? "KEY TEXT IN OUTPUT\n" : "no key text\n";
}
echo substr_count($all, 'Warning'), " warnings seen\n";
?>
--EXPECTF--
no key text
no key text
%d warnings seen
