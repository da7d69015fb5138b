<?php
// The application of the thread test (scripts/zts/threads.sh), served by a
// threaded apache (mpm_event) with the ZTS mod_php and sealedcookie.
//   ?c=CLIENT&n=N          grow CLIENT's session by item N (see sc_item())
//   ?c=CLIENT&n=N&m=peek   read only (session_start read_and_close)
// Answers with what the session held BEFORE this request, the session id
// after it, and which process/thread served it (gettid via /proc/thread-self).
$t0 = hrtime(true);
[$pid, , $tid] = explode('/', (string) readlink('/proc/thread-self')) + [null, null, null];

function sc_item(string $client, int $n): string {
    return "$client:$n:" . str_repeat(chr(97 + $n % 26), 50);
}

$client = (string) ($_GET['c'] ?? '');
$n = (int) ($_GET['n'] ?? -1);
$peek = ($_GET['m'] ?? '') === 'peek';

session_start($peek ? ['read_and_close' => true] : []);
$status = sealedcookie_status();
$before = [
    'owner' => $_SESSION['owner'] ?? null,
    'count' => $_SESSION['count'] ?? null,
    'nitems' => count($_SESSION['items'] ?? []),
    'digest' => sha1(implode("\n", $_SESSION['items'] ?? [])),
];
$regenerated = false;
if (!$peek) {
    if (!isset($_SESSION['owner'])) $_SESSION = ['owner' => $client, 'count' => 0, 'items' => []];
    if ($_SESSION['owner'] === $client) {
        $_SESSION['count']++;
        $_SESSION['items'][] = sc_item($client, $n);
    }
    // Now and then a new id, sealed again under it.
    if ($n % 10 === 5) $regenerated = session_regenerate_id(true);
}
// A little time in the request, so that requests overlap (not measured).
usleep(2000);
$answer = $before + [
    'client' => $client, 'n' => $n, 'status' => $status, 'sid' => session_id(),
    'regenerated' => $regenerated, 'pid' => (int) $pid, 'tid' => (int) $tid,
    'zts' => PHP_ZTS, 'sapi' => PHP_SAPI, 't0' => $t0, 't1' => hrtime(true),
];
// The body goes out after the session changes: the seal happens with the headers.
echo json_encode($answer), "\n";
