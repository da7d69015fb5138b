--TEST--
Error log: an unknown key id is logged at once with the id, then at most once a minute per worker; tampered or moved cookies only from a burst of 10 in a minute, then at most once a minute; never a cookie's value, a session id or key text; valid, expired and absent cookies log nothing
--SKIPIF--
<?php require __DIR__ . "/helpers/cgi.inc"; sc_skip_without_fpm(); ?>
--FILE--
<?php
require __DIR__ . '/helpers/cgi.inc';
// One worker, so one rate limit; its log lines reach the master's log.
[$proc, $log, $ports, $conf] = sc_fpm_master(sc_client_ini(['log_errors' => '1']), ['www' => []]);
$port = $ports['www'];
$status = 'session_start(); echo sealedcookie_status();';
// The worker's lines reach the master's log through a pipe, in order: a
// marker logged by a request after the others shows that they are all there.
$marker = 0;
$logged = function () use ($port, $log, &$marker): array {
    $tag = 'sync-' . ++$marker;
    (new ScClient([], "fpm@$port"))->request('error_log("' . $tag . '");');
    for ($i = 0; $i < 1200 && !str_contains((string) file_get_contents($log), $tag); $i++) usleep(50000);
    return preg_match_all('/sealedcookie: .*$/m', (string) file_get_contents($log), $m) ? $m[0] : [];
};

// Quiet: valid cookies, no cookie.
$c = new ScClient([], "fpm@$port");
$c->request('session_start(); $_SESSION["user"] = "alice";');
for ($i = 0; $i < 5; $i++) $c->request($status);
(new ScClient([], "fpm@$port"))->request($status);
$secrets = [$c->cookies['PHPSESSID_SC'], $c->cookies['PHPSESSID'], sc_key_material(SC_KEY_A), sc_key_material(SC_KEY_B)];

// A cookie sealed with a key this server lacks: logged at once, with its id.
$foreign = new ScClient(['sealedcookie.keys' => SC_KEY_B], 'cgi');
$foreign->request('session_start(); $_SESSION["user"] = "bob";');
$id = bin2hex(substr(base64_decode(strtr($foreign->cookies['PHPSESSID_SC'], '-_', '+/')), 1, 4));
$sent = $foreign->cookies;
for ($i = 0; $i < 3; $i++) {
    $x = new ScClient([], "fpm@$port");
    $x->cookies = $sent;
    $x->request($status);
}
$lines = $logged();
echo "after 5 valid, 1 absent, 3 unknown-key cookies: ", count($lines), " line(s)\n";
echo "  names the key id: ", var_export(str_contains($lines[0] ?? '', "key id $id"), true), "\n";

// Tampered cookies: nothing for 9, a line at the 10th, nothing more for 20 more.
$v = $c->cookies['PHPSESSID_SC'];
$k = strlen($v) - 5;
$tampered = substr($v, 0, $k) . ($v[$k] === 'A' ? 'B' : 'A') . substr($v, $k + 1);
$send = function (int $n) use ($port, $c, $tampered) {
    for ($i = 0; $i < $n; $i++) {
        $x = new ScClient([], "fpm@$port");
        $x->cookies = ['PHPSESSID' => $c->cookies['PHPSESSID'], 'PHPSESSID_SC' => $tampered];
        $x->request('session_start();');
    }
};
$send(9);
echo "after 9 tampered: ", count($logged()), " line(s)\n";
$send(1);
$lines = $logged();
echo "after 10 tampered: ", count($lines), " line(s): ", preg_replace('/\d+s/', 'Ns', end($lines)), "\n";
$send(20);
echo "after 30 tampered: ", count($logged()), " line(s)\n";

$all = sc_fpm_master_stop($proc, $log, $conf);
$leaks = array_filter($secrets, fn($s) => str_contains($all, $s) || str_contains($all, $tampered));
echo "cookie values, session ids or key text in the log: ", count($leaks) + (str_contains($all, $tampered) ? 1 : 0), "\n";
?>
--EXPECT--
after 5 valid, 1 absent, 3 unknown-key cookies: 1 line(s)
  names the key id: true
after 9 tampered: 1 line(s)
after 10 tampered: 2 line(s): sealedcookie: 10 session cookies in Ns tampered, moved from another session or malformed (sealedcookie_counters() has the reasons)
after 30 tampered: 2 line(s)
cookie values, session ids or key text in the log: 0
