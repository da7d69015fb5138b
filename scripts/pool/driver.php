<?php
// Load driver for the pool demo: many simulated users, each with its own cookie jar,
// multiplexed over non-blocking sockets in one PHP CLI process (no extensions needed
// beyond the default CLI build). Requests, responses and jars: scripts/lib/http.php.
//
// Each user: POST login, then POST incr repeatedly, checking after every answer that
// the server's counter equals the count the user expects (a lost session = logged out
// or counter reset), then POST logout.
//
//   php driver.php --port P --users U --rounds N [--concurrency C] [--rate R]
//        [--stop-file F] [--status-file S] [--result R] [--log L] [--max-seconds T]
//        [--expect-revoked A] [--late-users B --late-file F2]
//
// --rounds N      each user makes N increments (ignored with --stop-file)
// --stop-file F   users keep incrementing until F exists; then each makes one more
//                 increment started after F appeared (the final check), then logs out
// --expect-revoked A  the first A users (group A) hold sessions that a global revocation
//                 (sealedcookie.revoked_before) will log out: for each of them ONE answer
//                 with status "revoked" is expected (counted in revoked_expected; the user
//                 logs in again and goes on); any other revoked answer is a lost session
// --late-users B  the last B users (group B) start (log in) only once F2 exists
// --status-file S JSON progress, rewritten about 5 times a second
// --result R      JSON totals at the end
// --log L         one line per request: start end user action code server status outcome
//                 sent-key sealed-key (key ids of the cookie sent and of the value set)
//
// Only talks to 127.0.0.1. Every wait is bounded: per-request timeout and --max-seconds.
declare(strict_types=1);
require __DIR__ . '/../lib/http.php';

/** One simulated user: its jar, where it is in its script, what it saw. */
final class User
{
    public CookieJar $jar;
    public string $step = 'login';      // login | incr | logout | done
    public int $expected = 0;
    public bool $uncertain = false;     // last incr failed: it may or may not have been applied
    public int $incrs = 0;              // increment attempts made
    public bool $final = false;         // stop mode: the post-stop increment has been started
    public bool $finalOk = false;
    public bool $busy = false;
    public float $notBefore = 0.0;      // back-off after a failure
    public float $lastOkStart = 0.0;    // start time of the latest successful request
    /** @var array<string,true> */
    public array $servers = [];
    public int $lost = 0;
    public int $loginFails = 0;
    public int $finalTries = 0;
    public string $lastServer = '';
    public string $lastKey = '-';
    public bool $expectRevoked = false; // group A of a revocation run
    public bool $revoked = false;       // saw its expected "revoked" answer
    public bool $late = false;          // group B: starts once the late file exists

    public function __construct(public string $name)
    {
        $this->jar = new CookieJar();
    }

    /**
     * Key id named by the sealed value in the jar, as hex, or '-' (no sealed cookie).
     * sealedcookie's envelope v2 is base64url(version 0x02 | key id (4 bytes) | nonce (24) |
     * ciphertext | tag (16)); the key id is public, it is how the server picks the key.
     */
    public function sealedKeyId(): string
    {
        foreach ($this->jar->all() as ['value' => $v]) {
            $id = self::keyIdOf($v);
            if ($id !== null) {
                return $id;
            }
        }
        return '-';
    }

    /** The key id (hex) a cookie value names if it is a sealed value, else null. */
    public static function keyIdOf(string $v): ?string
    {
        if (strlen($v) < 60 || !preg_match('/^[A-Za-z0-9_-]+$/', $v)) {
            return null;
        }
        $raw = base64_decode(strtr($v, '-_', '+/'), true);
        if ($raw !== false && strlen($raw) >= 45 && $raw[0] === "\x02") {
            return bin2hex(substr($raw, 1, 4));
        }
        return null;
    }
}

/** What one finished request brought back. */
final class Answer
{
    public int $code = 0;
    public ?Response $response = null;
    /** @var array<string,mixed>|null the JSON body of the demo app */
    public ?array $json = null;

    public function __construct(public ?string $error)
    {
    }

    public static function of(string $raw, ?string $transportError): self
    {
        $a = new self($transportError);
        if ($transportError === null) {
            $a->response = HttpMessage::parse($raw);
            if ($a->response === null) {
                $a->error = 'malformed HTTP response';
            } else {
                $a->code = $a->response->status;
                $json = json_decode(trim($a->response->body), true);
                $a->json = is_array($json) ? $json : null;
            }
        }
        return $a;
    }

    public function ok(): bool
    {
        return $this->error === null && $this->code === 200 && ($this->json['ok'] ?? false) === true;
    }

    public function server(): string
    {
        return (string) ($this->json['server'] ?? '');
    }

    public function status(): string
    {
        return isset($this->json['status']) ? (string) $this->json['status'] : '-';
    }

    /** sealedcookie_facts()' reason (why the cookie did not open), '-' when none. */
    public function reason(): string
    {
        return isset($this->json['reason']) ? (string) $this->json['reason'] : '-';
    }

    /** The response expires the data cookie (any cookie but the session id's, set to "deleted"). */
    public function deletesData(): bool
    {
        foreach ($this->response?->setCookies() ?? [] as $line) {
            $pair = explode(';', $line, 2)[0];
            if (!str_starts_with($pair, 'PHPSESSID=') && str_ends_with($pair, '=deleted')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sealed values this response set, key id => length of the value: one per
     * sealed value (a value split over numbered cookies is not used by the pool; each
     * chunk would count), a deletion not at all.
     * @return array<string,int>
     */
    public function sealedKeyIds(): array
    {
        $ids = [];
        foreach ($this->response?->setCookies() ?? [] as $line) {
            $pair = explode(';', $line, 2)[0];
            $eq = strpos($pair, '=');
            if ($eq === false) {
                continue;
            }
            $value = trim(substr($pair, $eq + 1));
            $id = User::keyIdOf($value);
            if ($id !== null) {
                $ids[$id] = ($ids[$id] ?? 0) + strlen($value);
            }
        }
        return $ids;
    }

    /** The user the session names, null when logged out. */
    public function user(): ?string
    {
        return $this->json['user'] ?? null;
    }

    /** Why the request failed, for the error counts. */
    public function failure(): string
    {
        return $this->error ?? (isset($this->json['error']) ? "HTTP {$this->code}: {$this->json['error']}" : "HTTP {$this->code}");
    }
}

/** The whole run: the settings, the users and every count; one of it per driver. */
final class Run
{
    /** @var list<User> */
    public array $users = [];
    /** @var array<string,int> */
    public array $tot = ['requests' => 0, 'ok' => 0, 'failed' => 0, 'lost' => 0, 'unreachable' => 0,
        'logins' => 0, 'logouts' => 0, 'incr_ok' => 0, 'gave_up' => 0,
        'follow_ups' => 0, 'server_switches' => 0, 'revoked_expected' => 0, 'revoked_unexpected' => 0];
    /** @var array<string,int> answers per server */
    public array $byServer = [];
    /** @var array<string,int> "action:status" (what reading the cookie found) => answers */
    public array $byStatus = [];
    /**
     * What every response that named a status says (good or not: the server opened a
     * cookie either way), for the comparison with the extension's counters:
     * 'status' => [status => n], 'reason' => [reason => n], 'open_key' => [label => n]
     * (the key that opened the cookie, sealedcookie_facts()), 'seal_key' => [key id => n]
     * (sealed values the responses set), 'delete' => ['data cookie' => n] (responses that
     * expired the data cookie), 'clock' => [server => [min, max]] (the server's
     * time() minus the driver's clock at the request's start, seconds).
     * @var array<string,array<string,mixed>>
     */
    public array $seen = ['status' => [], 'reason' => [], 'open_key' => [], 'seal_key' => [], 'seal_bytes' => [],
        'delete' => [], 'clock' => []];
    public ?string $lateFile = null;
    public ?float $lateSeenAt = null;
    /** @var array<string,int> error message => count */
    public array $errors = [];
    public ?float $stopSeenAt = null;
    public bool $aborted = false;
    public float $t0;
    /** @var resource|null */
    private $log = null;

    public function __construct(
        public int $port,
        int $users,
        public int $rounds,
        public ?string $stopFile,
        private ?string $statusFile,
        ?string $logFile,
        string $prefix,
    ) {
        for ($i = 0; $i < $users; $i++) {
            $this->users[] = new User(sprintf('%s%03d', $prefix, $i));
        }
        $this->t0 = microtime(true);
        $this->log = $logFile ? fopen($logFile, 'w') : null;
    }

    public function stopMode(): bool
    {
        return $this->stopFile !== null;
    }

    /** The text of $u's next request for $action. */
    public function request(User $u, string $action): string
    {
        $body = $action === 'login' ? 'user=' . rawurlencode($u->name) : '';
        return HttpMessage::request($this->port, 'POST', "/?a=$action", $u->jar->header('/'), $body,
            'sealedcookie-pool-driver');
    }

    /** $u's next action, null when it is done. */
    public function nextAction(User $u): ?string
    {
        if ($u->step !== 'incr') {
            return $u->step === 'done' ? null : $u->step;
        }
        if (!$this->stopMode()) {
            if ($u->incrs < $this->rounds) {
                return 'incr';
            }
            $u->step = 'logout';
            return 'logout';
        }
        if ($this->stopSeenAt === null) {
            return 'incr';
        }
        if ($u->final && $u->finalOk) {
            if ($u->uncertain) {
                $u->finalOk = false;
                return 'incr';
            }
            $u->step = 'logout';
            return 'logout';
        }
        if ($u->final && ++$u->finalTries > 3) {
            $u->step = 'logout'; // final check kept failing: counted unreachable
            return 'logout';
        }
        $u->final = true; // this increment starts after the stop file appeared
        return 'incr';
    }

    /** One request ended: $req as launched, with what was read into rbuf. */
    public function finish(array $req, ?string $transportError): void
    {
        $end = microtime(true);
        $u = $this->users[$req['user']];
        $u->busy = false;
        $this->tot['requests']++;
        $a = Answer::of($req['rbuf'], $transportError);
        $this->see($req, $a);
        if ($a->ok()) {
            $u->jar->storeAll($a->response);
            $outcome = $this->answered($u, $req, $a);
        } else {
            $this->failed($u, $req['action'], $a, $end);
            $outcome = 'failed';
        }
        if ($this->log) {
            fwrite($this->log, sprintf("%.4f %.4f %s %s %d %s %s %s %s %s\n", $req['start'], $end, $u->name,
                $req['action'], $a->code, $a->server() === '' ? '-' : $a->server(), $a->status(), $outcome,
                $req['sentKey'], array_key_first($a->sealedKeyIds()) ?? '-'));
        }
    }

    /** Counts what the server said about the cookie, for any response that says it. */
    private function see(array $req, Answer $a): void
    {
        if ($a->json === null) {
            return;
        }
        if (isset($a->json['status'])) {
            $st = $a->status();
            $this->seen['status'][$st] = ($this->seen['status'][$st] ?? 0) + 1;
        }
        if ($a->reason() !== '-') {
            $this->seen['reason'][$a->reason()] = ($this->seen['reason'][$a->reason()] ?? 0) + 1;
        }
        // the key that authenticated the cookie; a key id the server does not have: "unknown"
        $k = isset($a->json['key']) ? (string) $a->json['key'] : ($a->reason() === 'unknown_key' ? 'unknown' : null);
        if ($k !== null) {
            $this->seen['open_key'][$k] = ($this->seen['open_key'][$k] ?? 0) + 1;
        }
        foreach ($a->sealedKeyIds() as $id => $bytes) {
            $this->seen['seal_key'][$id] = ($this->seen['seal_key'][$id] ?? 0) + 1;
            $this->seen['seal_bytes']['bytes sealed'] = ($this->seen['seal_bytes']['bytes sealed'] ?? 0) + $bytes;
        }
        if ($a->deletesData()) {
            $this->seen['delete']['data cookie'] = ($this->seen['delete']['data cookie'] ?? 0) + 1;
        }
        if (isset($a->json['time']) && $a->server() !== '') {
            $d = (int) $a->json['time'] - (int) floor($req['start']);
            $c = $this->seen['clock'][$a->server()] ?? [$d, $d];
            $this->seen['clock'][$a->server()] = [min($c[0], $d), max($c[1], $d)];
        }
    }

    /** No good answer (5xx, reset, timeout): back off; what it means depends on the action. */
    private function failed(User $u, string $action, Answer $a, float $end): void
    {
        $this->tot['failed']++;
        $this->countError($a->failure());
        $u->notBefore = $end + 0.05;
        if ($action === 'incr') {
            $u->uncertain = true;
            $u->loginFails = 0;
            if ($u->final) {
                $u->finalOk = false;
            }
        } elseif ($action === 'logout') {
            $u->step = 'done'; // logging out is best effort; counted as failed
        } elseif ($action === 'login' && ++$u->loginFails >= 5) {
            $u->step = 'done'; // gives up: counted in gave_up
            $this->tot['gave_up']++;
        }
    }

    /** A good answer: where it came from, then whether the session is what $u expects. */
    private function answered(User $u, array $req, Answer $a): string
    {
        $this->tot['ok']++;
        $u->lastOkStart = $req['start'];
        $this->noteServer($u, $a->server());
        $key = $req['action'] . ':' . $a->status();
        $this->byStatus[$key] = ($this->byStatus[$key] ?? 0) + 1;
        if (isset($a->json['warning'])) {
            $this->countError('warning: ' . $a->json['warning']);
        }
        if ($a->status() === 'revoked' && $req['action'] !== 'login') {
            return $this->revoked($u);
        }
        return match ($req['action']) {
            'login' => $this->loggedIn($u, $a),
            'incr' => $this->incremented($u, $a),
            'logout' => $this->loggedOut($u, $a),
        };
    }

    private function noteServer(User $u, string $server): void
    {
        if ($server === '') {
            return;
        }
        $this->byServer[$server] = ($this->byServer[$server] ?? 0) + 1;
        $u->servers[$server] = true;
        if ($u->lastServer !== '') {
            $this->tot['follow_ups']++;
            if ($u->lastServer !== $server) {
                $this->tot['server_switches']++; // the session moved to another server
            }
        }
        $u->lastServer = $server;
    }

    /**
     * The cookie opened as "revoked" (a global revocation logged the session out): the
     * one expected revocation of a group A user, or a lost session. Either way the user
     * logs in again (a logging-out user is done).
     */
    private function revoked(User $u): string
    {
        $expected = $u->expectRevoked && !$u->revoked;
        if ($expected) {
            $u->revoked = true;
            $this->tot['revoked_expected']++;
        } else {
            $this->tot['revoked_unexpected']++;
            $this->tot['lost']++;
            $u->lost++;
        }
        if ($u->step === 'logout') {
            $this->tot['logouts']++;
            $u->step = 'done';
        } else {
            $u->step = 'login';
            $u->final = false;
        }
        $u->jar->clear();
        $u->uncertain = false;
        return $expected ? 'revoked:expected' : 'lost:revoked';
    }

    private function loggedIn(User $u, Answer $a): string
    {
        if ($a->user() !== $u->name || ($a->json['n'] ?? null) !== 0) {
            return $this->refuse('login answered with wrong state');
        }
        $this->tot['logins']++;
        $u->loginFails = 0;
        $u->step = 'incr';
        $u->expected = 0;
        $u->uncertain = false;
        return 'ok';
    }

    private function incremented(User $u, Answer $a): string
    {
        $n = $a->json['n'] ?? null;
        $mine = $a->user() === $u->name;
        // After a failed increment the server may have applied it anyway (server-side store).
        if ($mine && ($n === $u->expected + 1 || ($u->uncertain && $n === $u->expected + 2))) {
            $u->expected = $n;
            $u->uncertain = false;
            $this->tot['incr_ok']++;
            if ($u->final) {
                $u->finalOk = true;
            }
            $u->lastKey = $u->sealedKeyId(); // what the user now holds
            return 'ok';
        }
        // Logged out or counter reset: the session is lost. Log in again and go on (in stop
        // mode, passing the final check again).
        $this->tot['lost']++;
        $u->lost++;
        $u->step = 'login';
        $u->jar->clear();
        $u->uncertain = false;
        $u->final = false;
        return $a->user() === null ? 'lost:logged-out' : 'lost:counter';
    }

    private function loggedOut(User $u, Answer $a): string
    {
        $this->tot['logouts']++;
        $u->step = 'done';
        return $a->user() === null ? 'ok' : $this->refuse('logout left the user logged in');
    }

    /** A 200 whose content is wrong: counted failed, not ok. */
    private function refuse(string $why): string
    {
        $this->tot['failed']++;
        $this->tot['ok']--;
        $this->countError($why);
        return 'failed';
    }

    private function countError(string $msg): void
    {
        $msg = preg_replace('/\(0x[0-9a-f]+\) /', '', $msg);    // libmemcached pointers
        $msg = preg_replace('/[0-9a-zA-Z,-]{20,}/', '…', $msg); // no ids or cookie values
        $msg = preg_replace('/127\.0\.0\.1:\d+/', 'host', $msg);
        $msg = substr($msg, 0, 120);
        $this->errors[$msg] = ($this->errors[$msg] ?? 0) + 1;
    }

    public function allDone(): bool
    {
        foreach ($this->users as $u) {
            if ($u->step !== 'done') {
                return false;
            }
        }
        return true;
    }

    public function writeStatus(): void
    {
        if (!$this->statusFile) {
            return;
        }
        $minLast = INF;
        $active = 0;
        foreach ($this->users as $u) {
            if ($u->step !== 'done' && !($u->late && $this->lateSeenAt === null)) {
                $active++;
                $minLast = min($minLast, $u->lastOkStart);
            }
        }
        $s = $this->tot + [
            'elapsed' => round(microtime(true) - $this->t0, 3),
            'active_users' => $active,
            'min_last_ok_start' => $minLast === INF ? 0 : $minLast,
            'stop_seen' => $this->stopSeenAt !== null,
            'late_seen' => $this->lateSeenAt !== null,
        ];
        file_put_contents($this->statusFile . '.tmp', json_encode($s));
        rename($this->statusFile . '.tmp', $this->statusFile);
    }

    /** The totals at the end (closes the request log). @return array<string,mixed> */
    public function result(): array
    {
        // Users whose last increment failed and never got a good answer again: their
        // session could not be shown to exist at the end (server-side store lost it or
        // is unreachable).
        foreach ($this->users as $u) {
            if ($u->uncertain || ($this->stopMode() && !$u->finalOk && $u->step !== 'done')) {
                $this->tot['unreachable']++;
            }
        }
        $this->writeStatus();
        if ($this->log) {
            fclose($this->log);
            $this->log = null;
        }
        ksort($this->byServer);
        ksort($this->byStatus);
        foreach ($this->seen as &$counts) {
            ksort($counts);
        }
        unset($counts);
        $groupA = array_filter($this->users, static fn(User $u) => $u->expectRevoked);
        arsort($this->errors);
        return $this->tot + [
            'users' => count($this->users),
            'duration' => round(microtime(true) - $this->t0, 3),
            'aborted' => $this->aborted,
            'users_lost' => count(array_filter($this->users, static fn(User $u) => $u->lost > 0)),
            'users_on_several_servers' => count(array_filter($this->users, static fn(User $u) => count($u->servers) >= 2)),
            'expect_revoked_users' => count($groupA),
            'revoked_users' => count(array_filter($groupA, static fn(User $u) => $u->revoked)),
            'late_users' => count(array_filter($this->users, static fn(User $u) => $u->late)),
            'seen' => $this->seen,
            'by_server' => $this->byServer,
            'by_status' => $this->byStatus,
            'errors' => array_slice($this->errors, 0, 8, true),
            'stop_seen_at' => $this->stopSeenAt,
            // key id of the sealed cookie each user held after its last good increment
            'last_key_ids' => array_count_values(array_map(static fn(User $u) => $u->lastKey, $this->users)),
            'started_at' => $this->t0,
        ];
    }
}

// ---- main loop -------------------------------------------------------------------------
$opt = getopt('', ['port:', 'users:', 'rounds:', 'concurrency:', 'rate:', 'stop-file:',
                   'status-file:', 'result:', 'log:', 'max-seconds:', 'request-timeout:', 'prefix:',
                   'expect-revoked:', 'late-users:', 'late-file:']);
$port = (int) ($opt['port'] ?? 0);
if ($port <= 0) {
    fwrite(STDERR, "driver: --port required\n");
    exit(2);
}
$run = new Run($port, max(1, (int) ($opt['users'] ?? 50)), max(1, (int) ($opt['rounds'] ?? 10)),
    $opt['stop-file'] ?? null, $opt['status-file'] ?? null, $opt['log'] ?? null, $opt['prefix'] ?? 'u');
foreach ($run->users as $k => $u) {
    $u->expectRevoked = $k < (int) ($opt['expect-revoked'] ?? 0);
    $u->late = $k >= count($run->users) - (int) ($opt['late-users'] ?? 0);
}
$run->lateFile = $opt['late-file'] ?? null;
$conc = max(1, (int) ($opt['concurrency'] ?? 8));
$rate = (float) ($opt['rate'] ?? 0);              // requests per second, 0 = unlimited
$deadline = $run->t0 + (float) ($opt['max-seconds'] ?? 120);
$reqTimeout = (float) ($opt['request-timeout'] ?? 10);
$nUsers = count($run->users);

$inflight = [];   // id => request
$nextId = 0;
$launched = 0;
$lastStatus = 0.0;

while (true) {
    $now = microtime(true);
    if ($run->stopMode() && $run->stopSeenAt === null && file_exists($run->stopFile)) {
        $run->stopSeenAt = $now;
    }
    if ($run->lateSeenAt === null && ($run->lateFile === null || file_exists($run->lateFile))) {
        $run->lateSeenAt = $now;
    }
    if ($now > $deadline) {
        $run->aborted = true;
        foreach ($inflight as $req) {
            fclose($req['sock']);
            $run->finish($req, 'aborted at --max-seconds');
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
        if ($rate > 0 && $launched >= ($now - $run->t0) * $rate + 5) {
            break;
        }
        $cur = $i;
        $i = ($i + 1) % $nUsers;
        $scanned++;
        $u = $run->users[$cur];
        if ($u->busy || $u->notBefore > $now || ($u->late && $run->lateSeenAt === null)) {
            continue;
        }
        $action = $run->nextAction($u);
        if ($action === null) {
            continue;
        }
        if ($action === 'incr') {
            $u->incrs++;
        }
        $errno = 0;
        $errstr = '';
        $sock = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5,
            STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
        $i = mt_rand(0, $nUsers - 1); // next pick: random again
        $scanned = 0;
        $req = ['user' => $cur, 'action' => $action, 'start' => $now, 'sock' => $sock,
                'sentKey' => $u->sealedKeyId(), 'wbuf' => $run->request($u, $action), 'rbuf' => ''];
        $u->busy = true;
        $launched++;
        if ($sock === false) {
            $run->finish($req, "connect: $errstr");
            continue;
        }
        stream_set_blocking($sock, false);
        $inflight[$nextId++] = $req;
    }

    if (!$inflight && $run->allDone()) {
        break;
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
        $n = @fwrite($s, $inflight[$id]['wbuf']);
        if ($n === false || ($n === 0 && feof($s))) {
            fclose($s);
            $run->finish($inflight[$id], 'write failed (connection refused or reset)');
            unset($inflight[$id]);
            continue;
        }
        $inflight[$id]['wbuf'] = (string) substr($inflight[$id]['wbuf'], $n);
    }
    foreach ($r as $id => $s) {
        $chunk = @fread($s, 65536);
        if ($chunk !== false && $chunk !== '') {
            $inflight[$id]['rbuf'] .= $chunk;
        }
        if ($chunk === false || ($chunk === '' && feof($s))) {
            fclose($s);
            $run->finish($inflight[$id], $inflight[$id]['rbuf'] === '' ? 'connection closed without a response' : null);
            unset($inflight[$id]);
        }
    }
    $now = microtime(true);
    foreach ($inflight as $id => $req) {
        if ($now - $req['start'] > $reqTimeout) {
            fclose($req['sock']);
            $run->finish($req, 'timeout');
            unset($inflight[$id]);
        }
    }
    if ($now - $lastStatus > 0.2) {
        $run->writeStatus();
        $lastStatus = $now;
    }
}

$res = $run->result();
if (isset($opt['result'])) {
    file_put_contents($opt['result'], json_encode($res, JSON_PRETTY_PRINT) . "\n");
}
printf("driver: %d requests, %d failed, %d sessions lost (+%d unreachable at end), %.1fs%s\n",
    $res['requests'], $res['failed'], $res['lost'], $res['unreachable'], $res['duration'],
    $res['aborted'] ? ', ABORTED at --max-seconds' : '');
exit(0);
