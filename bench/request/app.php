<?php
// The page of the request-level benchmark: start the session, read a counter and
// about 1 KiB of data, change both, respond. nginx names the variant in
// BENCH_VARIANT; the php-fpm pool of that variant sets session.save_handler and
// session.save_path. The body "n=<counter>" lets the wrk script check that the
// session really came back (bench/request/jar.lua).

const BENCH_ITEMS = 16;       // 16 items of 48 bytes: the session encodes to ~1 KiB
const BENCH_ITEM_BYTES = 48;

/**
 * The floors' Set-Cookie line: the sealed one's exact length and attributes
 * (written by run.sh after it probed the sealed variant), its value starting
 * with a fresh 16 hex digits each time, as a sealed value differs each time:
 * the client then handles new strings for both (wrk's Lua interns strings, so a
 * constant value would make the floor's client cheaper than the sealed
 * variant's). The jar returns it, so the browser sends the same cookie bytes too.
 */
function sendFloorCookie(): void
{
    $line = require $_SERVER['BENCH_FLOOR_COOKIE_FILE'];
    header(substr_replace($line, sprintf('%016x', hrtime(true)), strpos($line, '=') + 1, 16), false);
}

$variant = $_SERVER['BENCH_VARIANT'] ?? 'none';

if ($variant === 'none') {  // the floor: PHP without a session
    echo "n=0\n";
    return;
}
if ($variant === 'cookie') {  // the cookie floor: no session, the cookie bytes both ways
    sendFloorCookie();
    echo "n=0\n";
    return;
}
if ($variant === 'userland') {
    require __DIR__ . '/userland_handler.php';
    session_set_save_handler(new CookieSessionHandler(require $_SERVER['BENCH_KEY_FILE']), true);
}

session_start();
$n = ($_SESSION['n'] ?? 0) + 1;
$items = $_SESSION['items'] ?? array_fill(0, BENCH_ITEMS, str_repeat('.', BENCH_ITEM_BYTES));
$items[$n % BENCH_ITEMS] = str_pad((string) $n, BENCH_ITEM_BYTES, '#', STR_PAD_LEFT);
$_SESSION['n'] = $n;
$_SESSION['items'] = $items;
$_SESSION['seen_at'] = $_SERVER['REQUEST_TIME'];
session_write_close();
if ($variant === 'sessionfloor') {
    // The session floor: the session above runs on bench/nullhandler (a handler
    // doing nothing, its data shared by the whole process, so the counter is
    // not per browser), plus the cookie floor's bytes. Sent here, after the
    // session, where sealedcookie adds its Set-Cookie (when headers go out).
    sendFloorCookie();
}
echo "n=$n\n";
