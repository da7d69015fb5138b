<?php
// One client process of counters_fpm.phpt: $argv[1] rounds against the php-fpm
// pool on port $argv[2]; prints what it saw as JSON (the counts the server's
// counters must equal).
require __DIR__ . '/cgi.inc';
[, $rounds, $port] = $argv;
$seen = ['none' => 0, 'valid' => 0, 'invalid' => 0, 'tampered' => 0, 'moved' => 0, 'malformed' => 0,
    'seals' => 0, 'deletes' => 0, 'bytes' => 0, 'late' => 0];
$status = 'header("X-Pid: " . getmypid()); session_start(); echo sealedcookie_status();';
$pids = [];
for ($i = 0; $i < (int) $rounds; $i++) {
    $c = new ScClient([], "fpm@$port");
    // A login: no cookie, one seal.
    $r = $c->request('session_start(); $_SESSION["user"] = "u' . $i . '"; echo sealedcookie_status();');
    $seen[$r->body]++;
    $seen['seals']++;
    $seen['bytes'] += strlen($c->cookies['PHPSESSID_SC']);
    // A read: valid, nothing sealed.
    $seen[$c->request($status)->body]++;
    // A change after output: valid open, a late change refused.
    $r = $c->request('session_start(); echo sealedcookie_status(), "\\n"; while (ob_get_level()) ob_end_flush(); flush(); $_SESSION["x"] = 1;');
    $seen[trim(strtok($r->body, "\n"))]++;
    $seen['late']++;
    // Tampered, moved, malformed: invalid, and each response expires the cookie.
    $v = $c->cookies['PHPSESSID_SC'];
    $k = strlen($v) - 5;
    foreach (['tampered' => substr($v, 0, $k) . ($v[$k] === 'A' ? 'B' : 'A') . substr($v, $k + 1),
              'moved' => $v, 'malformed' => 'garbage'] as $reason => $value) {
        $bad = new ScClient([], "fpm@$port");
        $bad->cookies = ['PHPSESSID' => $reason === 'moved' ? 'other' . $i : $c->cookies['PHPSESSID'],
            'PHPSESSID_SC' => $value];
        $r = $bad->request($status);
        $seen[$r->body]++;
        foreach (preg_grep('/^X-Pid: /', $r->headers) as $h) $pids[substr($h, 7)] = true;
        $seen[$reason]++;
        $seen['deletes']++;
    }
}
$seen['pids'] = array_keys($pids);
echo json_encode($seen), "\n";
