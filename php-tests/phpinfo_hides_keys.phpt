--TEST--
phpinfo() shows the key count and primary label, never key material; ini value displayed as ********
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
$c = new ScClient(['sealedcookie.keys' => SC_KEY_B . ',' . SC_KEY_A]);
$r = $c->request('phpinfo(INFO_MODULES);', ['html_errors' => '0']);
$text = html_entity_decode(strip_tags($r->body));
foreach ([SC_KEY_A, SC_KEY_B] as $k) {
    if (str_contains($text, sc_key_material($k))) echo "KEY TEXT IN PHPINFO\n";
}
foreach (['sealedcookie support', 'Keys', 'Sealing key label', 'sealedcookie.keys', 'Data cookie name'] as $row) {
    preg_match('/^' . preg_quote($row, '/') . '\s*(.*)$/m', $text, $m);
    echo $row, ": ", trim($m[1] ?? '(missing)'), "\n";
}
?>
--EXPECT--
sealedcookie support: enabled
Keys: 2
Sealing key label: b
sealedcookie.keys: ****************
Data cookie name: session.name + "_SC"
