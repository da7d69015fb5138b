<?php
// The demo's control server: `php -n -S 127.0.0.1:PORT control.php`, started by
// scripts/pool/serve.sh. POST /kill, /start (server=I) and /rotate run
// scripts/pool/control.sh, which calls the pool library; GET /status answers JSON.
// A form POST carries back=URL (a 127.0.0.1 page) to return to. Loopback only.
declare(strict_types=1);

$path = (string) parse_url((string) $_SERVER['REQUEST_URI'], PHP_URL_PATH);
$action = ltrim($path, '/');
if (!in_array($action, ['status', 'kill', 'start', 'rotate'], true)) {
    http_response_code(404);
    exit;
}
if ($action !== 'status' && $_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    exit;
}
$server = (string) (int) ($_POST['server'] ?? 0);
$cmd = ['bash', __DIR__ . '/control.sh', $action, $server];
$proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', getenv('SERVE_LOG') ?: '/dev/null', 'a']], $pipes);
$out = $proc ? stream_get_contents($pipes[1]) : '';
$rc = $proc ? proc_close($proc) : 1;
$back = (string) ($_POST['back'] ?? '');
if ($back !== '' && preg_match('~^http://(127\.0\.0\.1|localhost|[a-z]+\.test):[0-9]+/[a-z]*$~', $back)) {
    header("Location: $back", true, 303);
    exit;
}
header('Content-Type: application/json');
http_response_code($rc === 0 ? 200 : 500);
echo $action === 'status' && $rc === 0 ? $out : json_encode(['ok' => $rc === 0, 'action' => $action]) . "\n";
