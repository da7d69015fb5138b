<?php
// Load driver for the pool demo: many simulated users, each with its own cookie jar,
// multiplexed over non-blocking sockets in one PHP CLI process (no extensions needed
// beyond the default CLI build).
//
// Each user: POST login, then POST incr repeatedly, checking after every answer that
// the server's counter equals the count the user expects (a lost session = logged out
// or counter reset), then POST logout.
//
//   php driver.php --port P --users U --rounds N [--concurrency C] [--rate R]
//        [--stop-file F] [--status-file S] [--result R] [--log L] [--max-seconds T]
//
// --rounds N      each user makes N increments (ignored with --stop-file)
// --stop-file F   users keep incrementing until F exists; then each makes one more
//                 increment started after F appeared (the final check), then logs out
// --status-file S JSON progress, rewritten about 5 times a second
// --result R      JSON totals at the end
// --log L         one line per request: start end user action code server status outcome
//
// Only talks to 127.0.0.1. Every wait is bounded: per-request timeout and --max-seconds.
declare(strict_types=1);

$opt = getopt('', ['port:', 'users:', 'rounds:', 'concurrency:', 'rate:', 'stop-file:',
                   'status-file:', 'result:', 'log:', 'max-seconds:', 'request-timeout:', 'prefix:']);
$port = (int) ($opt['port'] ?? 0);
if ($port <= 0) {
    fwrite(STDERR, "driver: --port required\n");
    exit(2);
}
$nUsers = max(1, (int) ($opt['users'] ?? 50));
$rounds = max(1, (int) ($opt['rounds'] ?? 10));
$conc = max(1, (int) ($opt['concurrency'] ?? 8));
$rate = (float) ($opt['rate'] ?? 0);              // requests per second, 0 = unlimited
$stopFile = $opt['stop-file'] ?? null;
$statusFile = $opt['status-file'] ?? null;
$resultFile = $opt['result'] ?? null;
$logFile = $opt['log'] ?? null;
$maxSeconds = (float) ($opt['max-seconds'] ?? 120);
$reqTimeout = (float) ($opt['request-timeout'] ?? 10);
$prefix = $opt['prefix'] ?? 'u';

$t0 = microtime(true);
$deadline = $t0 + $maxSeconds;
$log = $logFile ? fopen($logFile, 'w') : null;

// ---- per-user state --------------------------------------------------------------
$users = [];
for ($i = 0; $i < $nUsers; $i++) {
    $users[$i] = [
        'name' => sprintf('%s%03d', $prefix, $i),
        'jar' => [],            // cookie name => value
        'step' => 'login',      // login | incr | logout | done
        'expected' => 0,
        'uncertain' => false,   // last incr failed: it may or may not have been applied
        'incrs' => 0,           // increment attempts made
        'final' => false,       // stop mode: the post-stop increment has been started
        'finalOk' => false,
        'busy' => false,
        'notBefore' => 0.0,     // back-off after a failure
        'lastOkStart' => 0.0,   // start time of the latest successful request
        'servers' => [],
        'lost' => 0,
        'loginFails' => 0,
        'finalTries' => 0,
        'lastServer' => '',
        'lastKey' => '-',
    ];
}

$tot = ['requests' => 0, 'ok' => 0, 'failed' => 0, 'lost' => 0, 'unreachable' => 0,
        'logins' => 0, 'logouts' => 0, 'incr_ok' => 0, 'gave_up' => 0,
        'follow_ups' => 0, 'server_switches' => 0];
$byServer = [];
$byStatus = [];
$errors = [];
$stopSeenAt = null;
$aborted = false;

function now(): float { return microtime(true); }

function countErr(array &$errors, string $msg): void
{
    $msg = preg_replace('/\(0x[0-9a-f]+\) /', '', $msg);         // libmemcached pointers
    $msg = preg_replace('/[0-9a-zA-Z,-]{20,}/', '…', $msg); // no ids or cookie values
    $msg = preg_replace('/127\.0\.0\.1:\d+/', 'host', $msg);
    $msg = substr($msg, 0, 120);
    $errors[$msg] = ($errors[$msg] ?? 0) + 1;
}

/**
 * Key id named by the sealed value in the jar, as hex, or '-' (no sealed cookie).
 * sealedcookie's envelope v1 is base64url(version 0x01 | key id (4 bytes) | nonce (24) |
 * ciphertext | tag (16)); the key id is public, it is how the server picks the key.
 */
function sealedKeyId(array $jar): string
{
    foreach ($jar as $v) {
        if (strlen($v) < 60 || !preg_match('/^[A-Za-z0-9_-]+$/', $v)) {
            continue;
        }
        $raw = base64_decode(strtr($v, '-_', '+/'), true);
        if ($raw !== false && strlen($raw) >= 45 && $raw[0] === "\x01") {
            return bin2hex(substr($raw, 1, 4));
        }
    }
    return '-';
}

function buildRequest(array $u, string $action, int $port): string
{
    $body = $action === 'login' ? 'user=' . rawurlencode($u['name']) : '';
    $h = "POST /?a={$action} HTTP/1.0\r\n"
       . "Host: 127.0.0.1:{$port}\r\n"
       . "User-Agent: sealedcookie-pool-driver\r\n"
       . "Content-Type: application/x-www-form-urlencoded\r\n"
       . 'Content-Length: ' . strlen($body) . "\r\n"
       . "Connection: close\r\n";
    if ($u['jar']) {
        $parts = [];
        foreach ($u['jar'] as $k => $v) {
            $parts[] = "$k=$v";
        }
        $h .= 'Cookie: ' . implode('; ', $parts) . "\r\n";
    }
    return $h . "\r\n" . $body;
}

/** @return array{0:int,1:array<int,array{0:string,1:string}>,2:string}|null */
function parseResponse(string $raw): ?array
{
    $p = strpos($raw, "\r\n\r\n");
    if ($p === false) {
        return null;
    }
    $lines = explode("\r\n", substr($raw, 0, $p));
    if (!preg_match('#^HTTP/1\.[01] (\d{3})#', $lines[0], $m)) {
        return null;
    }
    $headers = [];
    foreach (array_slice($lines, 1) as $l) {
        $c = strpos($l, ':');
        if ($c !== false) {
            $headers[] = [strtolower(trim(substr($l, 0, $c))), trim(substr($l, $c + 1))];
        }
    }
    return [(int) $m[1], $headers, substr($raw, $p + 4)];
}

function applyCookies(array &$jar, array $headers): void
{
    foreach ($headers as [$name, $value]) {
        if ($name !== 'set-cookie') {
            continue;
        }
        $parts = explode(';', $value);
        $eq = strpos($parts[0], '=');
        if ($eq === false) {
            continue;
        }
        $cn = trim(substr($parts[0], 0, $eq));
        $cv = trim(substr($parts[0], $eq + 1));
        $delete = ($cv === '' || $cv === 'deleted');
        foreach (array_slice($parts, 1) as $attr) {
            $attr = trim($attr);
            if (stripos($attr, 'max-age=') === 0 && (int) substr($attr, 8) <= 0) {
                $delete = true;
            } elseif (stripos($attr, 'expires=') === 0) {
                $ts = strtotime(substr($attr, 8));
                if ($ts !== false && $ts < time()) {
                    $delete = true;
                }
            }
        }
        if ($delete) {
            unset($jar[$cn]);
        } else {
            $jar[$cn] = $cv;
        }
    }
}

// ---- one finished request ------------------------------------------------------------
function finish(array &$req, ?string $transportError): void
{
    global $users, $tot, $byServer, $byStatus, $errors, $log, $stopSeenAt;
    $end = now();
    $i = $req['user'];
    $u = &$users[$i];
    $u['busy'] = false;
    $action = $req['action'];
    $tot['requests']++;

    $code = 0;
    $json = null;
    if ($transportError === null) {
        $parsed = parseResponse($req['rbuf']);
        if ($parsed === null) {
            $transportError = 'malformed HTTP response';
        } else {
            [$code, $headers, $body] = $parsed;
            $json = json_decode(trim($body), true);
            if ($code === 200 && is_array($json) && ($json['ok'] ?? false) === true) {
                applyCookies($u['jar'], $headers);
            }
        }
    }
    $server = is_array($json) ? (string) ($json['server'] ?? '') : '';
    $status = is_array($json) && isset($json['status']) ? (string) $json['status'] : '-';

    $ok = $transportError === null && $code === 200 && is_array($json) && ($json['ok'] ?? false) === true;
    $outcome = 'ok';
    if (!$ok) {
        $tot['failed']++;
        $outcome = 'failed';
        if ($transportError !== null) {
            countErr($errors, $transportError);
        } elseif (is_array($json) && isset($json['error'])) {
            countErr($errors, "HTTP $code: " . $json['error']);
        } else {
            countErr($errors, "HTTP $code");
        }
        $u['notBefore'] = $end + 0.05;
        if ($action === 'incr') {
            $u['uncertain'] = true;
            $u['loginFails'] = 0;
            if ($u['final']) {
                $u['finalOk'] = false;
            }
        } elseif ($action === 'logout') {
            $u['step'] = 'done'; // logging out is best effort; counted as failed
        } elseif ($action === 'login' && ++$u['loginFails'] >= 5) {
            $u['step'] = 'done'; // gives up: counted in gave_up
            $tot['gave_up']++;
        }
    } else {
        $tot['ok']++;
        $u['lastOkStart'] = $req['start'];
        if ($server !== '') {
            $byServer[$server] = ($byServer[$server] ?? 0) + 1;
            $u['servers'][$server] = true;
            if ($u['lastServer'] !== '') {
                $tot['follow_ups']++;
                if ($u['lastServer'] !== $server) {
                    $tot['server_switches']++; // the session moved to another server
                }
            }
            $u['lastServer'] = $server;
        }
        $byStatus[$action . ':' . $status] = ($byStatus[$action . ':' . $status] ?? 0) + 1;
        if (isset($json['warning'])) {
            countErr($errors, 'warning: ' . $json['warning']);
        }
        if ($action === 'login') {
            if (($json['user'] ?? null) === $u['name'] && ($json['n'] ?? null) === 0) {
                $tot['logins']++;
                $u['loginFails'] = 0;
                $u['step'] = 'incr';
                $u['expected'] = 0;
                $u['uncertain'] = false;
            } else {
                $tot['failed']++;
                $tot['ok']--;
                $outcome = 'failed';
                countErr($errors, 'login answered with wrong state');
            }
        } elseif ($action === 'incr') {
            $n = $json['n'] ?? null;
            $good = ($json['user'] ?? null) === $u['name'] && $n === $u['expected'] + 1;
            // After a failed increment the server may have applied it anyway (server-side store).
            $goodAfterFailure = $u['uncertain'] && ($json['user'] ?? null) === $u['name']
                && $n === $u['expected'] + 2;
            if ($good || $goodAfterFailure) {
                $u['expected'] = $n;
                $u['uncertain'] = false;
                $tot['incr_ok']++;
                if ($u['final']) {
                    $u['finalOk'] = true;
                }
                $u['lastKey'] = sealedKeyId($u['jar']); // what the user now holds
            } else {
                // Logged out or counter reset: the session is lost. Log in again and go on.
                $tot['lost']++;
                $u['lost']++;
                $outcome = ($json['user'] ?? null) === null ? 'lost:logged-out' : 'lost:counter';
                $u['step'] = 'login';
                $u['jar'] = [];
                $u['uncertain'] = false;
                if ($u['final']) {
                    $u['final'] = false; // must log in and pass the final check again
                }
            }
        } elseif ($action === 'logout') {
            $tot['logouts']++;
            $u['step'] = 'done';
            if (($json['user'] ?? null) !== null) {
                $outcome = 'failed';
                $tot['failed']++;
                $tot['ok']--;
                countErr($errors, 'logout left the user logged in');
            }
        }
    }
    if ($log) {
        fwrite($log, sprintf("%.4f %.4f %s %s %d %s %s %s %s\n", $req['start'], $end, $u['name'], $action,
            $code, $server === '' ? '-' : $server, $status, $outcome, $req['sentKey']));
    }
}

// ---- decide a user's next action --------------------------------------------------------
function nextAction(array &$u, bool $stopMode, ?float $stopSeenAt, int $rounds): ?string
{
    if ($u['step'] === 'done') {
        return null;
    }
    if ($u['step'] === 'login') {
        return 'login';
    }
    if ($u['step'] === 'logout') {
        return 'logout';
    }
    // step incr
    if ($stopMode) {
        if ($stopSeenAt === null) {
            return 'incr';
        }
        if ($u['final'] && $u['finalOk']) {
            if ($u['uncertain']) {
                $u['finalOk'] = false;
                return 'incr';
            }
            $u['step'] = 'logout';
            return 'logout';
        }
        if ($u['final'] && ++$u['finalTries'] > 3) {
            $u['step'] = 'logout'; // final check kept failing: counted unreachable
            return 'logout';
        }
        $u['final'] = true; // this increment starts after the stop file appeared
        return 'incr';
    }
    if ($u['incrs'] >= $rounds) {
        $u['step'] = 'logout';
        return 'logout';
    }
    return 'incr';
}

function writeStatus(): void
{
    global $statusFile, $users, $tot, $t0, $stopSeenAt;
    if (!$statusFile) {
        return;
    }
    $minLast = INF;
    $active = 0;
    foreach ($users as $u) {
        if ($u['step'] !== 'done') {
            $active++;
            $minLast = min($minLast, $u['lastOkStart']);
        }
    }
    $s = $tot + [
        'elapsed' => round(now() - $t0, 3),
        'active_users' => $active,
        'min_last_ok_start' => $minLast === INF ? 0 : $minLast,
        'stop_seen' => $stopSeenAt !== null,
    ];
    $tmp = $statusFile . '.tmp';
    file_put_contents($tmp, json_encode($s));
    rename($tmp, $statusFile);
}

// ---- main loop -------------------------------------------------------------------------
$inflight = [];   // id => request
$nextId = 0;
$launched = 0;
$lastStatus = 0.0;
$stopMode = $stopFile !== null;

while (true) {
    $now = now();
    if ($stopMode && $stopSeenAt === null && file_exists($stopFile)) {
        $stopSeenAt = $now;
    }
    if ($now > $deadline) {
        $aborted = true;
        foreach ($inflight as $id => $req) {
            fclose($req['sock']);
            finish($inflight[$id], 'aborted at --max-seconds');
        }
        $inflight = [];
        break;
    }

    // launch new requests
    // Users are picked in random order: a fixed cycle over the users would, with nginx's
    // own round robin, send each user to the same server every time (60 users, 3 servers).
    $scanned = 0;
    $i = mt_rand(0, $nUsers - 1);
    while (count($inflight) < $conc && $scanned < $nUsers) {
        if ($rate > 0 && $launched >= ($now - $t0) * $rate + 5) {
            break;
        }
        $cur = $i;
        $i = ($i + 1) % $nUsers;
        $scanned++;
        $u = &$users[$cur];
        if ($u['busy'] || $u['notBefore'] > $now) {
            unset($u);
            continue;
        }
        $action = nextAction($u, $stopMode, $stopSeenAt, $rounds);
        if ($action === null) {
            unset($u);
            continue;
        }
        if ($action === 'incr') {
            $u['incrs']++;
        }
        $errno = 0;
        $errstr = '';
        $sock = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5,
            STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
        $i = mt_rand(0, $nUsers - 1); // next pick: random again
        $scanned = 0;
        $req = ['user' => $cur, 'action' => $action, 'start' => $now, 'sock' => $sock,
                'sentKey' => sealedKeyId($u['jar']),
                'wbuf' => buildRequest($u, $action, $port), 'rbuf' => ''];
        $u['busy'] = true;
        unset($u);
        $launched++;
        if ($sock === false) {
            finish($req, "connect: $errstr");
            continue;
        }
        stream_set_blocking($sock, false);
        $inflight[$nextId++] = $req;
    }

    $allDone = !$inflight;
    if ($allDone) {
        foreach ($users as $u) {
            if ($u['step'] !== 'done') {
                $allDone = false;
                break;
            }
        }
        if ($allDone) {
            break;
        }
    }

    // wait for sockets
    $r = $w = [];
    foreach ($inflight as $id => $req) {
        if ($req['wbuf'] !== '') {
            $w[$id] = $req['sock'];
        } else {
            $r[$id] = $req['sock'];
        }
    }
    if ($r || $w) {
        $e = null;
        $n = @stream_select($r, $w, $e, 0, 20000);
        if ($n === false) {
            usleep(1000);
        }
    } else {
        usleep(5000); // nothing in flight (back-off or rate limit)
    }
    foreach ($w as $id => $s) {
        $req = &$inflight[$id];
        $n = @fwrite($s, $req['wbuf']);
        if ($n === false || ($n === 0 && feof($s))) {
            fclose($s);
            finish($req, 'write failed (connection refused or reset)');
            unset($req, $inflight[$id]);
            continue;
        }
        $req['wbuf'] = (string) substr($req['wbuf'], $n);
        unset($req);
    }
    foreach ($r as $id => $s) {
        $req = &$inflight[$id];
        $chunk = @fread($s, 65536);
        if ($chunk !== false && $chunk !== '') {
            $req['rbuf'] .= $chunk;
        }
        if ($chunk === false || ($chunk === '' && feof($s))) {
            fclose($s);
            finish($req, $req['rbuf'] === '' ? 'connection closed without a response' : null);
            unset($req, $inflight[$id]);
            continue;
        }
        unset($req);
    }
    $now = now();
    foreach ($inflight as $id => $req) {
        if ($now - $req['start'] > $reqTimeout) {
            fclose($req['sock']);
            finish($inflight[$id], 'timeout');
            unset($inflight[$id]);
        }
    }
    if ($now - $lastStatus > 0.2) {
        writeStatus();
        $lastStatus = $now;
    }
}

// Users whose last increment failed and never got a good answer again: their session
// could not be shown to exist at the end (server-side store lost it or is unreachable).
foreach ($users as $u) {
    if ($u['uncertain'] || ($stopMode && !$u['finalOk'] && $u['step'] !== 'done')) {
        $tot['unreachable']++;
    }
}
$multi = 0;
foreach ($users as $u) {
    if (count($u['servers']) >= 2) {
        $multi++;
    }
}
writeStatus();
if ($log) {
    fclose($log);
}
ksort($byServer);
ksort($byStatus);
arsort($errors);
$res = $tot + [
    'users' => $nUsers,
    'duration' => round(now() - $t0, 3),
    'aborted' => $aborted,
    'users_lost' => count(array_filter($users, static fn($u) => $u['lost'] > 0)),
    'users_on_several_servers' => $multi,
    'by_server' => $byServer,
    'by_status' => $byStatus,
    'errors' => array_slice($errors, 0, 8, true),
    'stop_seen_at' => $stopSeenAt,
    // key id of the sealed cookie each user held after its last good increment
    'last_key_ids' => array_count_values(array_map(static fn($u) => $u['lastKey'], $users)),
    'started_at' => $t0,
];
if ($resultFile) {
    file_put_contents($resultFile, json_encode($res, JSON_PRETTY_PRINT) . "\n");
}
printf("driver: %d requests, %d failed, %d sessions lost (+%d unreachable at end), %.1fs%s\n",
    $tot['requests'], $tot['failed'], $tot['lost'], $tot['unreachable'], $res['duration'],
    $aborted ? ', ABORTED at --max-seconds' : '');
exit(0);
