<?php
// One client of the thread test: php client.php MODE ID REQUESTS PORT OUT
//   normal  one session that grows by one item per request, read back and
//           checked on every request (owner, count, items, id, cookies)
//   bad     two sessions of its own; in between, tampered, truncated and
//           garbage data cookies and one session's cookie under the other's
//           id, each of which must open as an empty session (HTTP 200)
// Writes a JSON summary to OUT: requests, failures, the session ids and the
// hashes of the sealed values it was sent, and per request [pid, tid, t0, t1].
[, $mode, $id, $requests, $port, $out] = $argv;
$requests = (int) $requests;
$port = (int) $port;

const SESSION_NAME = 'SCZTS';
const DATA_NAME = 'SCZTSDATA';

function sc_item(string $client, int $n): string {
    return "$client:$n:" . str_repeat(chr(97 + $n % 26), 50);
}

$summary = ['mode' => $mode, 'id' => $id, 'requests' => 0, 'ok' => 0, 'failures' => [],
    'sids' => [], 'sealed' => [], 'samples' => [], 'most_data_cookies' => 0];

/** One GET; returns [status, Set-Cookie name => value (in order, last wins), count per name, body array|null]. */
function sc_get(int $port, string $path, array $cookies): array {
    $s = @fsockopen('127.0.0.1', $port, $errno, $errstr, 30);
    if (!$s) return [0, [], [], null, "connect: $errstr"];
    stream_set_timeout($s, 120);
    $pairs = [];
    foreach ($cookies as $n => $v) $pairs[] = "$n=$v";
    fwrite($s, "GET $path HTTP/1.0\r\nHost: 127.0.0.1\r\n"
        . ($pairs ? 'Cookie: ' . implode('; ', $pairs) . "\r\n" : '') . "Connection: close\r\n\r\n");
    $raw = stream_get_contents($s);
    fclose($s);
    [$head, $body] = array_pad(explode("\r\n\r\n", (string) $raw, 2), 2, '');
    $lines = explode("\r\n", $head);
    $status = preg_match('#^HTTP/1\.\d (\d{3})#', $lines[0] ?? '', $m) ? (int) $m[1] : 0;
    $set = [];
    $perName = [];
    foreach ($lines as $h) {
        if (stripos($h, 'Set-Cookie: ') !== 0) continue;
        [$pair] = explode(';', substr($h, 12), 2);
        [$n, $v] = array_pad(explode('=', $pair, 2), 2, '');
        $expired = $v === 'deleted' || preg_match('/;\s*Max-Age=(0|-\d+)/i', $h);
        $set[$n] = $expired ? null : $v;
        $perName[$n] = ($perName[$n] ?? 0) + 1;
    }
    return [$status, $set, $perName, json_decode(trim($body), true), substr($raw, 0, 300)];
}

/** Applies a response's Set-Cookies to $jar; problems appended to $errors. */
function sc_apply(array &$jar, array $set, array $perName, array &$errors, array &$summary): void {
    foreach ($perName as $n => $count) {
        if ($n !== SESSION_NAME && $n !== DATA_NAME && !preg_match('/^' . DATA_NAME . '_\d+$/', $n)) {
            $errors[] = "unexpected cookie $n";
        }
        if ($count !== 1) $errors[] = "$count Set-Cookie headers for $n";
    }
    foreach ($set as $n => $v) {
        if ($v === null) unset($jar[$n]);
        else {
            $jar[$n] = $v;
            if ($n !== SESSION_NAME) $summary['sealed'][] = sha1($v);
        }
    }
    $summary['most_data_cookies'] = max($summary['most_data_cookies'], count($jar) - 1);
}

function sc_record(array &$summary, ?array $body, array $errors, int $n, string $what): void {
    $summary['requests']++;
    if ($body !== null) $summary['samples'][] = [$body['pid'], $body['tid'], $body['t0'], $body['t1']];
    if ($errors) $summary['failures'][] = "{$summary['id']} request $n ($what): " . implode('; ', $errors);
    else $summary['ok']++;
}

/**
 * One request for session owner $owner with jar $jar; checks what the server saw against
 * $expect (null: an empty session) and, unless peeking, applies the cookies it set.
 */
function sc_step(int $port, array &$jar, string $owner, int $n, ?int $expect, bool $peek,
                 array $send, array &$summary, string $what, string $status): ?array {
    $path = '/app.php?c=' . rawurlencode($owner) . "&n=$n" . ($peek ? '&m=peek' : '');
    [$code, $set, $perName, $body, $raw] = sc_get($port, $path, $send);
    $errors = [];
    if ($code !== 200 || !is_array($body)) {
        $errors[] = "HTTP $code: " . json_encode($raw);
        sc_record($summary, null, $errors, $n, $what);
        return null;
    }
    if (!$body['zts']) $errors[] = 'not served by a ZTS PHP';
    if ($body['client'] !== $owner || $body['n'] !== $n) $errors[] = "answer for {$body['client']}#{$body['n']}";
    if ($body['status'] !== $status) $errors[] = "status {$body['status']}, expected $status";
    if ($expect === null) {
        if ($body['owner'] !== null || $body['nitems'] !== 0) {
            $errors[] = "expected an empty session, saw owner " . json_encode($body['owner']) . " with {$body['nitems']} items";
        }
    } else {
        $items = [];
        for ($i = 0; $i < $expect; $i++) $items[] = sc_item($owner, $i);
        if ($body['owner'] !== $owner) $errors[] = 'saw the session of ' . json_encode($body['owner']);
        if ($body['count'] !== $expect || $body['nitems'] !== $expect) {
            $errors[] = "count {$body['count']} / {$body['nitems']} items, expected $expect";
        }
        if ($body['digest'] !== sha1(implode("\n", $items))) $errors[] = 'items differ from those written';
    }
    if (!$peek) {
        sc_apply($jar, $set, $perName, $errors, $summary);
        if (($jar[SESSION_NAME] ?? null) !== $body['sid']) {
            $errors[] = 'session cookie ' . json_encode($jar[SESSION_NAME] ?? null) . ' is not the id the server used';
        }
        if (!isset($set[DATA_NAME]) && !isset($set[DATA_NAME . '_1'])) $errors[] = 'a changed session sent no data cookie';
        if ($body['regenerated'] !== ($n % 10 === 5)) $errors[] = 'regenerate_id did not happen as asked';
        if (!in_array($body['sid'], $summary['sids'], true)) $summary['sids'][] = $body['sid'];
    }
    sc_record($summary, $body, $errors, $n, $what);
    return $body;
}

/** The data cookie(s) of a jar. */
function sc_data(array $jar): array {
    return array_filter($jar, fn($n) => $n !== SESSION_NAME, ARRAY_FILTER_USE_KEY);
}

if ($mode === 'normal') {
    $jar = [];
    for ($n = 0; $n < $requests; $n++) {
        sc_step($port, $jar, $id, $n, $n === 0 ? null : $n, false, $jar, $summary, 'grow',
            $n === 0 ? 'none' : 'valid');
    }
} else {
    // Two sessions of our own, a and b, two items each.
    $jars = ['a' => [], 'b' => []];
    $counts = ['a' => 0, 'b' => 0];
    foreach (['a', 'b'] as $s) {
        for ($i = 0; $i < 2; $i++, $counts[$s]++) {
            sc_step($port, $jars[$s], "$id-$s", $counts[$s], $counts[$s] ?: null, false, $jars[$s],
                $summary, 'setup', $counts[$s] ? 'valid' : 'none');
        }
    }
    mt_srand(crc32($id));
    for ($n = 0; $n < $requests; $n++) {
        $data = sc_data($jars['a']);
        $victim = array_key_last($data);
        $send = $jars['a'];
        $kind = ['tamper', 'truncate', 'garbage', 'moved', 'grow'][$n % 5];
        if ($victim === null && $kind !== 'grow') {
            sc_record($summary, null, ['no data cookie left to send'], $n, $kind);
            continue;
        }
        switch ($kind) {
            case 'tamper':
                $v = $send[$victim];
                $i = mt_rand(1, strlen($v) - 2);
                $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
                $send[$victim][$i] = $alphabet[(strpos($alphabet, $v[$i]) + mt_rand(1, 63)) % 64];
                break;
            case 'truncate':
                $send[$victim] = substr($send[$victim], 0, intdiv(strlen($send[$victim]), 2));
                break;
            case 'garbage':
                $send[$victim] = rtrim(strtr(base64_encode(random_bytes(mt_rand(1, 300))), '+/', '-_'), '=');
                break;
            case 'moved':
                // a's sealed value under b's session id
                $send = [SESSION_NAME => $jars['b'][SESSION_NAME] ?? ''] + $data;
                break;
        }
        if ($kind === 'grow') {
            sc_step($port, $jars['a'], "$id-a", $counts['a'], $counts['a'], false, $jars['a'],
                $summary, 'grow', 'valid');
            $counts['a']++;
        } else {
            sc_step($port, $jars['a'], "$id-a", $n, null, true, $send, $summary, $kind, 'invalid');
        }
    }
    // b, untouched by all that, still holds its two items.
    sc_step($port, $jars['b'], "$id-b", $counts['b'], $counts['b'], true, $jars['b'], $summary,
        'final read', 'valid');
}
file_put_contents($out, json_encode($summary));
