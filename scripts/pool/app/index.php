<?php
// Demo app for the sealedcookie pool demo: log in, increment a counter, log out.
// Every answer is one JSON object; the load driver checks it against what the
// simulated user expects. Works with any session.save_handler.
declare(strict_types=1);

$errors = [];
set_error_handler(static function (int $no, string $msg) use (&$errors): bool {
    $errors[] = $msg;
    return true; // handled: never printed into the response
});

header('Content-Type: application/json');
header('Cache-Control: no-store');

$action = $_GET['a'] ?? 'show';
$server = (string) getenv('POOL_SERVER');

if ($action === 'health') {
    // No session: used to check that this server answers (direct route in nginx).
    echo json_encode(['ok' => true, 'server' => $server, 'pid' => getmypid(), 'time' => time()]), "\n";
    exit;
}
if ($action === 'counters') {
    // No session (so asking does not count): this php-fpm server's pool-wide counters,
    // read through its direct route in nginx (scripts/pool/lib.sh pool_counters).
    $c = function_exists('sealedcookie_counters') ? sealedcookie_counters() : null;
    echo json_encode(['ok' => is_array($c), 'server' => $server, 'time' => time(), 'counters' => $c]), "\n";
    exit;
}

try {
    $started = session_start();
} catch (Throwable $e) { // PHP 8 throws when the save handler cannot create an id
    $started = false;
    $errors[] = $e->getMessage();
}
$status = function_exists('sealedcookie_status') ? sealedcookie_status() : null;
// What opening the cookie found (issue 11): why it did not open, which key sealed it,
// when the session was created. Taken now, before the app changes the session.
$facts = function_exists('sealedcookie_facts') ? sealedcookie_facts() : null;

if (!$started) {
    // What a framework would do: the session store is unavailable, fail the request.
    http_response_code(500);
    echo json_encode(['ok' => false, 'server' => $server, 'error' => $errors[0] ?? 'session_start() failed',
                      'status' => $status]), "\n";
    exit;
}

$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
if ($action !== 'show' && $method !== 'POST') {
    http_response_code(405);
    echo json_encode(['ok' => false, 'server' => $server, 'error' => 'POST required']), "\n";
    exit;
}

switch ($action) {
    case 'login':
        $user = (string) ($_POST['user'] ?? '');
        if ($user === '' || !preg_match('/^[A-Za-z0-9_-]{1,32}$/', $user)) {
            http_response_code(400);
            echo json_encode(['ok' => false, 'server' => $server, 'error' => 'bad user']), "\n";
            exit;
        }
        try {
            session_regenerate_id(true);
        } catch (Throwable $e) {
            http_response_code(500);
            echo json_encode(['ok' => false, 'server' => $server, 'error' => $e->getMessage()]), "\n";
            exit;
        }
        $_SESSION = ['user' => $user, 'n' => 0, 'since' => time(), 'cart' => []];
        break;
    case 'incr':
        $work = (int) getenv('POOL_WORK_MS'); // simulated application work, so requests overlap
        if ($work > 0) {
            usleep(1000 * min($work, 1000));
        }
        if (isset($_SESSION['user'])) {
            $_SESSION['n'] = (int) $_SESSION['n'] + 1;
            // A little cart, so the session is not trivially small.
            $_SESSION['cart']['item' . ($_SESSION['n'] % 5)] = ($_SESSION['cart']['item' . ($_SESSION['n'] % 5)] ?? 0) + 1;
        }
        break;
    case 'logout':
        $_SESSION = [];
        session_destroy();
        break;
    case 'show':
        break;
    default:
        http_response_code(404);
        echo json_encode(['ok' => false, 'server' => $server, 'error' => 'unknown action']), "\n";
        exit;
}

$out = [
    'ok' => true,
    'server' => $server,
    'user' => $_SESSION['user'] ?? null,
    'n' => $_SESSION['n'] ?? null,
    'status' => $status,
    'time' => time(), // this server's clock (the pool test skews one with libfaketime)
];
if (is_array($facts)) {
    $out['reason'] = $facts['reason'] ?? null;
    $out['key'] = $facts['key'] ?? null;
    $out['created'] = $facts['created'] ?? null;
}
if ($errors) {
    $out['warning'] = $errors[0];
}
echo json_encode($out), "\n";
