--TEST--
sealedcookie.header_budget: no warning under the budget, with a larger budget, or with 0 (off)
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$write = 'session_start(); $_SESSION["a"] = str_repeat("b", %d); echo "page\n";';
$cases = [
    'default budget, two chunks' => [4000, []],
    'budget 20000, three chunks' => [7000, ['sealedcookie.header_budget' => '20000']],
    'budget 0, three chunks' => [7000, ['sealedcookie.header_budget' => '0']],
];
foreach ($cases as $what => [$size, $ini]) {
    $c = new ScClient(['sealedcookie.max_size' => '16384'] + $ini);
    $c->request('session_start(); $_SESSION["a"] = 1;');
    $r = $c->request(sprintf($write, $size));
    echo "$what: ", trim($r->body), ", ", count($r->dataCookies('PHPSESSID_SC')), " data cookies\n";
}
var_dump(ini_get('sealedcookie.header_budget'));
foreach (['-1', 'abc', '0', '16384'] as $value) {
    echo "set '$value': ";
    var_dump(ini_set('sealedcookie.header_budget', $value));
}
var_dump(ini_get('sealedcookie.header_budget'));
?>
--EXPECTF--
default budget, two chunks: page, 2 data cookies
budget 20000, three chunks: page, 3 data cookies
budget 0, three chunks: page, 3 data cookies
string(4) "8192"
set '-1': 
Warning: ini_set(): sealedcookie.header_budget must be a number of bytes, or 0 for no check in %s on line %d
bool(false)
set 'abc': 
Warning: ini_set(): sealedcookie.header_budget must be a number of bytes, or 0 for no check in %s on line %d
bool(false)
set '0': string(4) "8192"
set '16384': string(1) "0"
string(5) "16384"
