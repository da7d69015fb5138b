<?php
// The soak's page (scripts/soak.sh): one request of one simulated user, GET /?u=USER.
// Opens the session, checks that it is this user's and whole, changes it (the counter and
// a payload that changes size and content every time) and answers one line that
// scripts/soak/users.lua checks against what the user expects:
//   u=USER n=COUNT               the session's new counter
//   u=USER n=1 sid=ID            a new session (first request, or the old one was lost):
//                                its id, because wrk hands its script only the last
//                                Set-Cookie of a response and this one sets two
//   u=USER bad=WHAT              the cookie opened to another user's session, or to one
//                                whose payload does not match its counter
// Without ?u it answers a health check the way scripts/pool/app/index.php does, so the
// pool's own checks (pool_health) work with this page in its place.
declare(strict_types=1);

header('Cache-Control: no-store');
$server = (string) getenv('POOL_SERVER');
$user = $_GET['u'] ?? '';
if (!is_string($user) || !preg_match('/^[0-9]{1,9}$/', $user)) {
    header('Content-Type: application/json');
    $opcache = function_exists('opcache_get_status') && (opcache_get_status(false)['opcache_enabled'] ?? false);
    echo json_encode(['ok' => true, 'server' => $server, 'opcache' => $opcache]), "\n";
    exit;
}
header('Content-Type: text/plain');

/** What the payload must hash to for this user and counter: a rolled-back or mixed-up
 *  session (a counter from one write, items from another) does not match. */
function soak_mark(array $s): string
{
    return hash('xxh3', $s['u'] . ':' . $s['n'] . ':' . implode(',', $s['items']));
}

session_start();
$new = !isset($_SESSION['u']);
if ($new) {
    $_SESSION = [
        'u' => $user,
        'n' => 0,
        'since' => time(),
        'profile' => ['name' => "user $user", 'lang' => 'en', 'tz' => 'UTC', 'roles' => ['reader', 'buyer']],
        'items' => [],
    ];
} elseif ($_SESSION['u'] !== $user) {
    echo "u=$user bad=other-user\n";
    exit;
} elseif (($_SESSION['mark'] ?? '') !== soak_mark($_SESSION)) {
    echo "u=$user bad=payload\n";
    exit;
}
$n = $_SESSION['n'] + 1;
$_SESSION['n'] = $n;
// Eight slots, one rewritten per request with 16 to 111 bytes: the session's size and
// content change on every request (encoded 0.7 to 1 KiB; the data cookie 1.0 to 1.5 KB).
$_SESSION['items']['slot' . ($n % 8)] = str_repeat(chr(97 + $n % 26), 16 + ($n * 7) % 96);
$_SESSION['mark'] = soak_mark($_SESSION);
echo "u=$user n=$n", $new ? ' sid=' . session_id() : '', "\n";
