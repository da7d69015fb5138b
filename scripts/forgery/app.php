<?php
// The application of the forgery campaign (scripts/test-forgery.sh), one JSON
// object per answer. GET only, every action:
//   ?a=show                     what this request's cookies opened: a digest of
//                               $_SESSION, whether it is empty, the "seen"
//                               fingerprint (wire.php), sealedcookie_status()
//   ?a=login&user=U&pad=N       a new session with known contents: user U,
//                               counter 0, a random tag, N bytes of padding
//                               (&pad_kind=text: compressible)
//   ?a=incr                     counter + 1
//   ?a=crash                    the worker sends itself SIGSEGV (the canary
//                               that proves a crash is counted)
// &compress=1 and &name=NAME set sealedcookie.compress and .cookie_name for
// the request, so the campaign can obtain compressed values and values sealed
// for another cookie name.
declare(strict_types=1);
require __DIR__ . '/wire.php';

header('Content-Type: application/json');
header('Cache-Control: no-store');

$action = (string) ($_GET['a'] ?? 'show');
if ($action === 'crash') {
    // posix is loaded by the campaign's php.ini; 11 is SIGSEGV on Linux.
    posix_kill(getmypid(), 11);
    exit(1); // not reached
}
if (isset($_GET['compress'])) {
    ini_set('sealedcookie.compress', $_GET['compress'] === '1' ? '1' : '0');
}
if (isset($_GET['name'])) {
    ini_set('sealedcookie.cookie_name', (string) $_GET['name']);
}

$warnings = [];
set_error_handler(static function (int $no, string $msg) use (&$warnings): bool {
    $warnings[] = $msg;
    return true;
});
try {
    $started = session_start();
} catch (Throwable $e) {
    $started = false;
    $warnings[] = $e->getMessage();
}
if (!$started) {
    http_response_code(500);
    echo json_encode(['ok' => false, 'error' => $warnings[0] ?? 'session_start() failed']), "\n";
    exit;
}

switch ($action) {
    case 'login':
        $pad = max(0, min((int) ($_GET['pad'] ?? 0), 200000));
        $padding = ($_GET['pad_kind'] ?? '') === 'text'
            ? substr(str_repeat('the quick brown fox jumps over the lazy dog. ', intdiv($pad, 40) + 1), 0, $pad)
            : substr(bin2hex(random_bytes(intdiv($pad, 2) + 1)), 0, $pad);
        $_SESSION = ['user' => (string) ($_GET['user'] ?? 'alice'), 'n' => 0,
            'tag' => bin2hex(random_bytes(8)), 'pad' => $padding];
        break;
    case 'incr':
        if (isset($_SESSION['user'])) {
            $_SESSION['n'] = (int) $_SESSION['n'] + 1;
        }
        break;
    case 'show':
        break;
    default:
        http_response_code(404);
        echo json_encode(['ok' => false, 'error' => 'unknown action']), "\n";
        exit;
}

$sessionName = session_name();
$dataName = (string) ini_get('sealedcookie.cookie_name');
if ($dataName === '') {
    $dataName = $sessionName . '_SC';
}
$sentId = $_COOKIE[$sessionName] ?? null;
echo json_encode([
    'ok' => true,
    'server' => (string) getenv('POOL_SERVER'), // first after "ok": scripts/pool/lib.sh's pool_health
    'pid' => getmypid(),
    'status' => sealedcookie_status(),
    'empty' => $_SESSION === [],
    'digest' => hash('sha256', serialize($_SESSION)),
    'user' => $_SESSION['user'] ?? null,
    'n' => $_SESSION['n'] ?? null,
    'seen' => forgery_seen($_COOKIE, $sessionName, $dataName),
    'kept_id' => is_string($sentId) && $sentId === session_id(),
    'warning' => $warnings[0] ?? null,
]), "\n";
