<?php
// The application of the browser tests (scripts/test-browsers.sh), served by the pool
// under /t/ (scripts/pool/app/route.php). One action per request, `?t=ACTION`; the
// session settings of the flow come in the query too (ini_set before session_start),
// so one pool serves every flow. Answers JSON, except the HTML pages of the SameSite
// checks. Loopback test pool only: it sets whatever the query asks.
declare(strict_types=1);

$errors = [];
set_error_handler(static function (int $no, string $msg) use (&$errors): bool {
    $errors[] = $msg;
    return true;
});

header('Cache-Control: no-store');
$q = static fn(string $k, string $d = ''): string => is_string($_GET[$k] ?? null) ? $_GET[$k] : $d;
$action = $q('t', 'show');
$server = (string) getenv('POOL_SERVER');

/** The cookies this request carried: name => wire size (name + "=" + value), no values. */
function carried(): array
{
    $out = [];
    foreach (explode(';', (string) ($_SERVER['HTTP_COOKIE'] ?? '')) as $pair) {
        $pair = trim($pair);
        if ($pair !== '') {
            $out[explode('=', $pair, 2)[0]] = strlen($pair);
        }
    }
    return $out;
}

function answer(array $a): never
{
    header('Content-Type: application/json');
    echo json_encode($a), "\n";
    exit;
}

// Cookies that are not the session's: exact sizes, for the browser's own limits.
if ($action === 'raw') { // one cookie of exactly `len` bytes on the wire (name=value)
    $name = preg_replace('/[^A-Za-z0-9_]/', '', $q('name', 'raw'));
    $len = max(strlen($name) + 1, (int) $q('len', '10'));
    $dir = preg_replace('~[^A-Za-z0-9/_-]~', '', (string) parse_url((string) $_SERVER['REQUEST_URI'], PHP_URL_PATH));
    header('Set-Cookie: ' . $name . '=' . str_repeat('r', $len - strlen($name) - 1) . '; Path=' . $dir, false);
    answer(['ok' => true, 'server' => $server, 'name' => $name, 'len' => $len]);
}
if ($action === 'many') { // `n` small cookies PREFIX<from>.. in one response
    $prefix = preg_replace('/[^A-Za-z]/', '', $q('prefix', 'm'));
    $from = (int) $q('from', '0');
    $n = min(500, (int) $q('n', '1'));
    for ($i = $from; $i < $from + $n; $i++) {
        header("Set-Cookie: $prefix$i=v; Path=/", false);
    }
    answer(['ok' => true, 'server' => $server, 'set' => $n]);
}
if ($action === 'got') {
    answer(['ok' => true, 'server' => $server, 'got' => carried()]);
}
if ($action === 'cross') { // a page of the other site: an iframe and a link to `target`
    $target = $q('target');
    if (!preg_match('~^https?://[a-z.]+:[0-9]+/[A-Za-z0-9/?=&._-]*$~', $target)) {
        answer(['ok' => false, 'error' => 'bad target']);
    }
    $h = htmlspecialchars($target, ENT_QUOTES);
    header('Content-Type: text/html; charset=utf-8');
    echo "<!doctype html><title>other site</title><iframe id=f src=\"$h\"></iframe>",
        "<p><a id=go href=\"$h\">top-level link</a></p>",
        "<form id=post method=post action=\"$h\"><button>post</button></form>\n";
    exit;
}

// The session's settings for this flow.
$ini = [
    'ms' => 'sealedcookie.max_size', 'cz' => 'sealedcookie.compress',
    'rhb' => 'sealedcookie.response_header_budget', 'hb' => 'sealedcookie.header_budget',
    'path' => 'session.cookie_path', 'secure' => 'session.cookie_secure',
    'ss' => 'session.cookie_samesite', 'part' => 'session.cookie_partitioned',
];
foreach ($ini as $k => $setting) {
    if (isset($_GET[$k]) && is_string($_GET[$k])) {
        ini_set($setting, $_GET[$k]);
    }
}
$before = carried();
session_start();
$status = sealedcookie_status();
switch ($action) {
    case 'login':
        session_regenerate_id(true);
        $_SESSION = ['user' => preg_replace('/[^A-Za-z0-9_-]/', '', $q('user', 'alice')), 'n' => 0];
        break;
    case 'incr':
        if (isset($_SESSION['user'])) {
            $_SESSION['n']++;
        }
        break;
    case 'pad': // `n` bytes of padding: x (compressible) or r (random hex, incompressible)
        $n = max(0, min(200000, (int) $q('n', '0')));
        $_SESSION['pad'] = $q('kind', 'x') === 'r' ? substr(bin2hex(random_bytes(intdiv($n, 2) + 1)), 0, $n)
            : str_repeat('x', $n);
        break;
    case 'unpad':
        unset($_SESSION['pad']);
        break;
    case 'regen':
        session_regenerate_id(true);
        break;
    case 'logout':
        $_SESSION = [];
        session_destroy();
        break;
    case 'show':
        break;
    default:
        answer(['ok' => false, 'server' => $server, 'error' => 'unknown action']);
}
$out = [
    'ok' => true, 'server' => $server, 'user' => $_SESSION['user'] ?? null, 'n' => $_SESSION['n'] ?? null,
    'pad' => isset($_SESSION['pad']) ? strlen($_SESSION['pad']) : null, 'status' => $status,
    'encoded' => session_status() === PHP_SESSION_ACTIVE ? strlen(session_encode() ?: '') : 0,
    'fits' => sealedcookie_max_session_size(), 'carried' => $before, 'php' => PHP_VERSION,
];
if (function_exists('sealedcookie_facts')) { // what the extension saw of the request's cookies
    $facts = sealedcookie_facts();
    $out['facts'] = ['chunks' => $facts['chunks'] ?? null, 'wire_bytes' => $facts['wire_bytes'] ?? null,
                     'key' => $facts['key'] ?? null];
}
if (session_status() === PHP_SESSION_ACTIVE) {
    session_write_close();
}
$out['warnings'] = $errors;
answer($out);
