--TEST--
Application context: two pools of one php-fpm master with the same keys cannot mint sessions for each other (cookie name, session id, strict mode), unless the administrator gives them one context
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// One master, one key ring; every pool as a shared host would configure it.
// shop, blog and wiki set no context (each derives its own from its pool);
// wiki's session cookie has another name. left and right share the context
// "one" (one application spread over two pools); other has "two".
[$proc, $log, $ports, $conf] = sc_fpm_master(sc_client_ini(['session.use_strict_mode' => '1']), [
    'shop' => [],
    'blog' => [],
    'wiki' => ['session.name' => 'WIKISESS'],
    'left' => ['sealedcookie.context' => 'one'],
    'right' => ['sealedcookie.context' => 'one'],
    'other' => ['sealedcookie.context' => 'two'],
]);
$client = fn(string $pool) => new ScClient([], "fpm@{$ports[$pool]}");

$victim = $client('shop');
$victim->request('session_start(); $_SESSION["user"] = "bob";');
$id = $victim->cookies['PHPSESSID'];
echo "shop's user: ", sc_read_as($client('shop'), $victim->cookies, $id), "\n";

foreach (['blog', 'wiki', 'shop'] as $pool) {
    echo $pool === 'shop' ? "control, shop's own code mints:\n" : "$pool mints for shop:\n";
    $minted = sc_mint($client($pool), $id);
    echo "shop reads it: ", sc_read_as($client('shop'), $minted, $id), "\n";
}
echo "blog reads shop's cookie: ", sc_read_as($client('blog'), $victim->cookies, $id), "\n";

$left = $client('left');
$left->request('session_start(); $_SESSION["user"] = "carol";');
$id = $left->cookies['PHPSESSID'];
echo "right reads left's cookie: ", sc_read_as($client('right'), $left->cookies, $id), "\n";
echo "other reads left's cookie: ", sc_read_as($client('other'), $left->cookies, $id), "\n";
echo "other mints for left:\n";
$minted = sc_mint($client('other'), $id);
echo "left reads it: ", sc_read_as($client('left'), $minted, $id), "\n";

$errors = sc_fpm_master_stop($proc, $log, $conf);
echo "master log: ", trim($errors) === '' ? "nothing from PHP" : $errors, "\n";
?>
--EXPECT--
shop's user: {"user":"bob"} valid same id
blog mints for shop:
  ini_set(sealedcookie.context): false
  minted a data cookie: true
shop reads it: [] invalid new id
wiki mints for shop:
  ini_set(sealedcookie.context): false
  minted a data cookie: true
shop reads it: [] invalid new id
control, shop's own code mints:
  ini_set(sealedcookie.context): false
  minted a data cookie: true
shop reads it: {"user":"alice","role":"admin"} valid same id
blog reads shop's cookie: [] invalid new id
right reads left's cookie: {"user":"carol"} valid same id
other reads left's cookie: [] invalid new id
other mints for left:
  ini_set(sealedcookie.context): false
  minted a data cookie: true
left reads it: [] invalid new id
master log: nothing from PHP
