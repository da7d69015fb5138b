--TEST--
sealedcookie.compress: a value compressed under compress=1 opens with compress=0, and an uncompressed one opens with compress=1
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_cgi(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// Characters of the value sealed without compression: base64url of session + 62 bytes.
function uncompressed_size(int $n): int { return intdiv(4 * ($n + 62) + 2, 3); }
$write = 'session_start(); $_SESSION["t"] = str_repeat("hello world ", 200); echo strlen(session_encode());';
$read = 'session_start(); echo strlen($_SESSION["t"]), " ", sealedcookie_status(), "\n";';
foreach ([['1', '0'], ['0', '1']] as [$writer, $reader]) {
    $c = new ScClient();
    $r = $c->request($write, ['sealedcookie.compress' => $writer]);
    $sealed = strlen($c->cookies['PHPSESSID_SC']);
    echo "written with compress=$writer: ",
        $sealed < uncompressed_size((int) $r->body) ? "compressed" : "not compressed", "\n";
    $r = $c->request($read, ['sealedcookie.compress' => $reader]);
    echo "read with compress=$reader: ", $r->body;
}
?>
--EXPECT--
written with compress=1: compressed
read with compress=0: 2400 valid
written with compress=0: not compressed
read with compress=1: 2400 valid
