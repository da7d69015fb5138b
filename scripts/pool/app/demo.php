<?php
// The demo page (scripts/demo.sh --serve): which server answered, the session, the data
// cookies the browser sent (sizes, chunks, sealing key), and buttons to log in, grow the
// session, log out, and (through the control server, scripts/pool/control.php) kill or
// restart a server and rotate the key. Chunks: max_size 16384, so a grown session spans
// several cookies. Never shows a key or a cookie's value.
declare(strict_types=1);

$errors = [];
set_error_handler(static function (int $no, string $msg) use (&$errors): bool {
    $errors[] = $msg;
    return true;
});
header('Cache-Control: no-store');
ini_set('sealedcookie.max_size', '16384');
ini_set('sealedcookie.response_header_budget', '32768');
ini_set('sealedcookie.header_budget', '16384');

$server = (string) getenv('POOL_SERVER');
$serve = json_decode((string) @file_get_contents(__DIR__ . '/../serve.json'), true) ?: [];
$labels = [];
foreach (@file(__DIR__ . '/../keyids', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
    [$id, $label] = array_pad(explode(' ', $line, 2), 2, '');
    $labels[$id] = $label;
}
$h = static fn($s): string => htmlspecialchars((string) $s, ENT_QUOTES);

// What the browser sent: the data cookie and its chunks (name => wire size).
$sent = [];
foreach (explode(';', (string) ($_SERVER['HTTP_COOKIE'] ?? '')) as $pair) {
    $pair = trim($pair);
    if ($pair !== '') {
        $sent[explode('=', $pair, 2)[0]] = $pair;
    }
}
$dataName = session_name() . '_SC';
$chunks = [];
for ($i = 0; $i < 32; $i++) {
    $name = $i === 0 ? $dataName : $dataName . '_' . $i;
    if (!isset($sent[$name])) {
        break;
    }
    $chunks[$name] = strlen($sent[$name]);
}
// The envelope names its key in the clear: version byte, then a 4-byte key id. A chunked
// value's first cookie starts with "<count>.".
$keyLabel = '-';
if ($chunks) {
    $value = (string) preg_replace('/^[0-9]+\./', '', substr($sent[$dataName], strlen($dataName) + 1));
    $raw = base64_decode(strtr(substr($value, 0, 8), '-_', '+/'), true);
    if ($raw !== false && strlen($raw) >= 5) {
        $id = bin2hex(substr($raw, 1, 4));
        $keyLabel = $labels[$id] ?? "unknown ($id)";
    }
}

session_start();
$status = sealedcookie_status();
if (function_exists('sealedcookie_facts')) { // the extension's own account, when it has one
    $facts = sealedcookie_facts();
    $keyLabel = $facts['key'] ?? $keyLabel;
}
$action = $_SERVER['REQUEST_METHOD'] === 'POST' && is_string($_POST['a'] ?? null) ? $_POST['a'] : 'show';
switch ($action) {
    case 'login':
        session_regenerate_id(true);
        $_SESSION = ['user' => 'visitor', 'n' => 0, 'log' => []];
        break;
    case 'incr':
        $_SESSION['n'] = (int) ($_SESSION['n'] ?? 0) + 1;
        break;
    case 'grow': // 2,500 random (incompressible) bytes more: about one more chunk per two clicks
        $_SESSION['notes'] = ($_SESSION['notes'] ?? '') . bin2hex(random_bytes(1250));
        break;
    case 'shrink':
        unset($_SESSION['notes']);
        break;
    case 'logout':
        $_SESSION = [];
        session_destroy();
        break;
}
if (isset($_SESSION['user'])) {
    $_SESSION['log'][] = date('H:i:s') . " $server $action";
    $_SESSION['log'] = array_slice($_SESSION['log'], -8);
}
$session = $_SESSION ?? [];
if (session_status() === PHP_SESSION_ACTIVE) {
    session_write_close();
}
if ($action !== 'show') { // POST, then redirect: a reload does not repeat the action
    header('Location: /demo', true, 303);
    exit;
}

$servers = [];
if (isset($serve['control'])) {
    $ctx = stream_context_create(['http' => ['timeout' => 1]]);
    $servers = json_decode((string) @file_get_contents("http://127.0.0.1:{$serve['control']}/status", false, $ctx), true)['servers'] ?? [];
}
$shown = $session;
if (isset($shown['notes'])) {
    $shown['notes'] = strlen($shown['notes']) . ' bytes of random notes';
}
$total = array_sum($chunks);
$control = isset($serve['control']) ? "http://127.0.0.1:{$serve['control']}" : '';
$back = $h('http://' . ($_SERVER['HTTP_HOST'] ?? '127.0.0.1') . '/demo');
?>
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sealedcookie pool demo</title>
<style>
body { font: 15px/1.4 "DejaVu Sans", sans-serif; margin: 1.2em 2em; color: #222; max-width: 60em; }
h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.05em; margin: 1em 0 .3em; }
.answered { font-size: 1.3em; padding: .4em .7em; background: #e8f0fe; border-radius: 6px; display: inline-block; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .6em; text-align: left; }
.up { color: #137333; font-weight: bold; } .down { color: #b3261e; font-weight: bold; }
pre { background: #f6f6f6; padding: .5em; margin: 0; } form { display: inline; } button { margin: .15em; }
.grid { display: flex; gap: 2em; flex-wrap: wrap; } .warn { color: #b3261e; }
</style></head><body>
<h1>sealedcookie: the session lives in the browser's cookies</h1>
<div>Three php-fpm servers behind nginx (round robin, no sticky sessions). Every reload may reach another server.</div>
<p class="answered">This request was answered by <b id="server"><?= $h($server) ?></b>; reading the cookie found <b id="status"><?= $h($status) ?></b></p>
<div class="grid"><div>
<h2>Session contents</h2>
<pre id="session"><?= $h($shown ? json_encode($shown, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) : '(empty: not logged in)') ?></pre>
</div><div>
<h2>Data cookie your browser sent</h2>
<table>
<tr><th>size (name=value, bytes)</th><td id="size"><?= $total ?></td></tr>
<tr><th>chunks</th><td id="chunks"><?= count($chunks) ?></td></tr>
<tr><th>sealing key</th><td id="key"><?= $h($keyLabel) ?></td></tr>
</table>
<?php foreach ($chunks as $name => $size) { echo '<div><code>', $h($name), '</code> ', $size, " bytes</div>\n"; } ?>
</div><div>
<h2>Servers</h2>
<table id="servers"><?php foreach ($servers as $s) { ?>
<tr><td><?= $h($s['name']) ?></td><td class="<?= $s['up'] ? 'up' : 'down' ?>"><?= $s['up'] ? 'up' : 'down' ?></td>
<td><?php if ($control) { ?><form method="post" action="<?= $h($control) ?>/<?= $s['up'] ? 'kill' : 'start' ?>">
<input type="hidden" name="server" value="<?= (int) $s['index'] ?>"><input type="hidden" name="back" value="<?= $back ?>">
<button id="<?= $s['up'] ? 'kill' : 'start' ?>-<?= (int) $s['index'] ?>"><?= $s['up'] ? 'kill' : 'restart' ?></button></form><?php } ?></td></tr>
<?php } ?></table>
<?php if ($control) { ?><form method="post" action="<?= $h($control) ?>/rotate"><input type="hidden" name="back" value="<?= $back ?>">
<button id="rotate">rotate the key</button></form><?php } ?>
</div></div>
<h2>Session actions</h2>
<?php foreach (['login' => 'log in', 'incr' => 'increment', 'grow' => 'grow the session', 'shrink' => 'shrink it', 'logout' => 'log out'] as $a => $label) { ?>
<form method="post" action="/demo"><input type="hidden" name="a" value="<?= $a ?>"><button id="<?= $a ?>"><?= $h($label) ?></button></form>
<?php } ?> <a href="/demo" id="reload">reload</a>
<?php if ($errors) { echo '<p class="warn">', $h($errors[0]), '</p>'; } ?>
</body></html>
