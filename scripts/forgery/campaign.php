<?php
// The forgery campaign of scripts/test-forgery.sh: genuine sealed sessions
// obtained from the servers, then thousands of requests whose cookies are
// mutations of them (mutations.php), each answer classified.
//
//   php campaign.php harvest --port P --out FILE           genuine cookie sets
//   php campaign.php crash --port P --out FILE              canary: a worker crash
//   php campaign.php canary --port P --genuine G --out FILE canary: a forgery
//   php campaign.php run --port P --genuine G --out FILE [--seed N]
//        [--concurrency C] [--max-seconds T]                the campaign
//   php campaign.php get FILE KEY[.KEY...]                  one value of a result
//   php campaign.php checks FILE                            "1|0 TAB what" lines
//   php campaign.php table FILE                             the counts table
//
// Every request goes through nginx (port P) to php-fpm server 1, the target,
// by its direct route (no retry on another server). An answer is classified:
//   rejected          a fresh empty session (the app's $_SESSION is empty)
//   original          the session the mutation was made from, and the
//                     extension was handed the same bytes as for the genuine
//                     cookies (app.php's "seen" fingerprint: id cookie and
//                     joined sealed value as PHP parsed them); e.g. a
//                     percent-escaped character, which PHP decodes
//   other_data        any other non-empty session: a forgery accepted
//   original_changed  the original session from changed bytes: a forgery
//                     accepted (another spelling of the value opened)
//   4xx, 5xx, other_status, no_answer, bad_answer (not the app's JSON)
// Only talks to 127.0.0.1; every wait is bounded (per request, --max-seconds).
declare(strict_types=1);
require __DIR__ . '/../lib/http.php';
require __DIR__ . '/wire.php';
require __DIR__ . '/mutations.php';

const FORGERY_TARGET = '/direct/1';    // php-fpm 1: the target, with the campaign's key
const FORGERY_OTHER_KEY = '/direct/2'; // php-fpm 2: another key
const FORGERY_OTHER_CONTEXT = '/direct/3'; // php-fpm 3: the target's key, another sealedcookie.context

/**
 * Sends requests over up to $concurrency connections at once (HTTP/1.0, one request a
 * connection) and hands every answer to a callback. Reads while it writes, so an
 * answer nginx sends before it has read an oversized request is still seen.
 */
final class Sender
{
    public function __construct(private int $port, private int $concurrency, private float $timeoutSeconds)
    {
    }

    /**
     * @param iterable<array{lines:list<string>,path?:string}> $requests each with its
     *        Cookie header lines (one Cookie header each) and an optional path
     * @param callable(array, ?Response, ?string): void $answered the request, its parsed
     *        answer (null when none), an error
     * @return bool false when $deadline (microtime) stopped it before the last request
     */
    public function run(iterable $requests, callable $answered, float $deadline): bool
    {
        $queue = (static fn (): Generator => yield from $requests)();
        $open = [];
        $nextId = 0;
        while (true) {
            while (count($open) < $this->concurrency && $queue->valid() && microtime(true) < $deadline) {
                $request = $queue->current();
                $queue->next();
                $sock = @stream_socket_client("tcp://127.0.0.1:{$this->port}", $errno, $error, 5,
                    STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
                if ($sock === false) {
                    $answered($request, null, "connect: $error");
                    continue;
                }
                stream_set_blocking($sock, false);
                $open[$nextId++] = ['request' => $request, 'sock' => $sock, 'out' => $this->text($request),
                    'in' => '', 'since' => microtime(true)];
            }
            if ($open === []) {
                return !$queue->valid();
            }
            $read = array_column($open, 'sock');
            $write = array_column(array_filter($open, static fn (array $c): bool => $c['out'] !== ''), 'sock');
            $except = null;
            if (@stream_select($read, $write, $except, 0, 200000) === false) {
                usleep(1000);
            }
            foreach ($open as $id => &$c) {
                if ($c['out'] !== '' && in_array($c['sock'], $write, true)) {
                    $n = @fwrite($c['sock'], $c['out']);
                    // A refused or reset connection: stop writing, read what came back.
                    $c['out'] = $n === false || $n === 0 ? '' : (string) substr($c['out'], $n);
                }
                if (in_array($c['sock'], $read, true)) {
                    $chunk = @fread($c['sock'], 65536);
                    $c['in'] .= is_string($chunk) ? $chunk : '';
                    if ($chunk === false || ($chunk === '' && feof($c['sock']))) {
                        $this->finish($c, $answered, null);
                        unset($open[$id]);
                        continue;
                    }
                }
                if (microtime(true) - $c['since'] > $this->timeoutSeconds) {
                    $this->finish($c, $answered, 'timeout');
                    unset($open[$id]);
                }
            }
            unset($c);
        }
    }

    private function text(array $request): string
    {
        $text = 'GET ' . ($request['path'] ?? FORGERY_TARGET . '?a=show') . " HTTP/1.0\r\n"
            . "Host: 127.0.0.1:{$this->port}\r\nUser-Agent: sealedcookie-forgery\r\n";
        foreach ($request['lines'] as $line) {
            $text .= "Cookie: $line\r\n";
        }
        return $text . "\r\n";
    }

    private function finish(array $c, callable $answered, ?string $error): void
    {
        fclose($c['sock']);
        $response = HttpMessage::parse($c['in']);
        $answered($c['request'], $response, $error ?? ($response === null ? 'no complete answer' : null));
    }
}

/** The counts of a run: outcomes by family, statuses, HTTP codes, examples of failures. */
final class Tally
{
    public const OUTCOMES = ['rejected', 'original', 'other_data', 'original_changed', '4xx', '5xx',
        'other_status', 'no_answer', 'bad_answer'];
    private const BAD = ['other_data', 'original_changed', '5xx', 'other_status', 'no_answer', 'bad_answer'];

    /** @var array<string,array<string,int>> */
    private array $families = [];
    /** @var array<string,int> */
    private array $totals;
    /** @var array<string,int> sealedcookie_status() of the rejected answers */
    private array $statuses = [];
    /** @var array<string,int> HTTP codes other than 200 */
    private array $codes = [];
    private int $keptId = 0;
    private int $refusedUnchanged = 0;
    private int $unexpected4xx = 0;
    /** @var array<string,list<string>> */
    private array $examples = [];
    /** @var array<string,list<string>> mutations that opened as the original session, by family */
    private array $unchanged = [];

    /** @param array<string,array<string,mixed>> $sets genuine sets by id */
    public function __construct(private array $sets)
    {
        $this->totals = array_fill_keys(self::OUTCOMES, 0);
    }

    public function record(array $m, ?Response $r, ?string $error): void
    {
        $outcome = $this->classify($m, $r);
        $this->families[$m['family']] ??= ['sent' => 0] + array_fill_keys(self::OUTCOMES, 0);
        $this->families[$m['family']]['sent']++;
        $this->families[$m['family']][$outcome]++;
        $this->totals[$outcome]++;
        $what = "{$m['family']}: {$m['what']}";
        if ($r !== null && $r->status !== 200) {
            $this->codes[(string) $r->status] = ($this->codes[(string) $r->status] ?? 0) + 1;
        }
        if ($outcome === 'rejected') {
            $j = $r->json();
            $this->statuses[(string) $j['status']] = ($this->statuses[(string) $j['status']] ?? 0) + 1;
            if ($j['kept_id'] === true) {
                $this->keptId++;
                $this->example('kept_id', $what);
            }
            if ($m['origin'] !== null && $j['seen'] === $this->sets[$m['origin']]['seen']) {
                $this->refusedUnchanged++;
            }
        } elseif ($outcome === 'original' && count($this->unchanged[$m['family']] ?? []) < 3) {
            $this->unchanged[$m['family']][] = $m['what'];
        } elseif ($outcome === '4xx' && !$m['header_level']) {
            $this->unexpected4xx++;
            $this->example('unexpected_4xx', "$what ({$r->status})");
        }
        if (in_array($outcome, self::BAD, true)) {
            $this->example($outcome, $what . ($error !== null ? " ($error)" : '') . ($r !== null ? " ($r->status)" : ''));
        }
    }

    private function classify(array $m, ?Response $r): string
    {
        if ($r === null) {
            return 'no_answer';
        }
        if ($r->status >= 400) {
            return $r->status >= 500 ? '5xx' : '4xx';
        }
        if ($r->status !== 200) {
            return 'other_status';
        }
        $j = $r->json();
        if (!is_array($j) || ($j['ok'] ?? false) !== true || !isset($j['digest'], $j['seen'], $j['empty'])) {
            return 'bad_answer';
        }
        if ($j['empty'] === true) {
            return 'rejected';
        }
        $origin = $m['origin'] !== null ? $this->sets[$m['origin']] : null;
        if ($origin === null || $j['digest'] !== $origin['digest']) {
            return 'other_data';
        }
        return $j['seen'] === $origin['seen'] ? 'original' : 'original_changed';
    }

    private function example(string $kind, string $what): void
    {
        if (count($this->examples[$kind] ?? []) < 5) {
            $this->examples[$kind][] = substr(addcslashes($what, "\0..\37\177..\377"), 0, 300);
        }
    }

    public function result(array $extra): array
    {
        $genuine = $this->families['genuine (unchanged)']['sent'] ?? 0;
        return $extra + [
            'sent' => array_sum(array_column($this->families, 'sent')),
            'mutated' => array_sum(array_column($this->families, 'sent')) - $genuine,
            'forged' => $this->totals['other_data'] + $this->totals['original_changed'],
            'totals' => $this->totals,
            'kept_id' => $this->keptId,
            'refused_unchanged' => $this->refusedUnchanged,
            'unexpected_4xx' => $this->unexpected4xx,
            'statuses' => $this->statuses,
            'codes' => $this->codes,
            'families' => $this->families,
            'unchanged' => $this->unchanged,
            'examples' => $this->examples,
        ];
    }
}

// ---- harvest: genuine sessions with known contents ------------------------------------

/**
 * Logs in, increments and shows one session per plan, keeping each browser's cookies:
 * the genuine sets the mutations start from.
 */
function forgery_harvest(int $port): array
{
    // id, who sealed it (main: the target), login parameters (pad: bytes of padding), increments
    $plans = [
        ['S1', 'main', ['user' => 'alice'], 1],
        ['S2', 'main', ['user' => 'bob'], 2],
        ['S3', 'main', ['user' => 'carol'], 3],
        ['S4', 'main', ['user' => 'dave', 'pad' => 300], 4],
        ['C1', 'main', ['user' => 'erin', 'pad' => 7000], 1],
        ['C2', 'main', ['user' => 'frank', 'pad' => 7000], 2],
        ['C3', 'main', ['user' => 'grace', 'pad' => 4000], 1],
        ['Z1', 'main', ['user' => 'heidi', 'pad' => 6000, 'pad_kind' => 'text', 'compress' => '1'], 2],
        ['N1', 'othername', ['user' => 'ivan', 'name' => 'OTHER_SC'], 1],
        ['K1', 'otherkey', ['user' => 'judy'], 1],
        ['K2', 'otherkey', ['user' => 'mallory', 'pad' => 7000], 1],
        ['X1', 'othercontext', ['user' => 'oscar'], 1],
        ['X2', 'othercontext', ['user' => 'peggy', 'pad' => 7000], 1],
    ];
    $sets = [];
    $checks = [];
    foreach ($plans as [$id, $kind, $login, $increments]) {
        $route = match ($kind) {
            'otherkey' => FORGERY_OTHER_KEY,
            'othercontext' => FORGERY_OTHER_CONTEXT,
            default => FORGERY_TARGET,
        };
        $sticky = array_intersect_key($login, ['name' => 1, 'compress' => 1]);
        $dataName = $login['name'] ?? Mutations::DATA_NAME;
        $browser = new Browser($port, 'sealedcookie-forgery');
        $detail = '';
        try {
            $browser->get($route . '?' . http_build_query(['a' => 'login'] + $login));
            for ($i = 0; $i < $increments; $i++) {
                $browser->get($route . '?' . http_build_query(['a' => 'incr'] + $sticky));
            }
            $r = $browser->get($route . '?' . http_build_query(['a' => 'show'] + $sticky));
            $j = $r->json();
            $detail = "HTTP $r->status: " . substr($r->body, 0, 300);
        } catch (RuntimeException $e) {
            $j = null;
            $detail = $e->getMessage();
        }
        $jar = [];
        foreach ($browser->jar->all() as $c) {
            $jar[$c['name']] = $c['value'];
        }
        $sealed = forgery_join($jar, $dataName);
        // The set's cookies under the target's names, and the chunk values without the prefix.
        $asTarget = [Mutations::SESSION_NAME => $jar[Mutations::SESSION_NAME] ?? null];
        $parts = [];
        for ($i = 0; $sealed !== null && isset($jar[forgery_chunk_name($dataName, $i)]); $i++) {
            $value = $jar[forgery_chunk_name($dataName, $i)];
            $asTarget[forgery_chunk_name(Mutations::DATA_NAME, $i)] = $value;
            $parts[] = $i === 0 ? (string) preg_replace('/^[0-9]+\./', '', $value) : $value;
        }
        $ok = is_array($j) && ($j['status'] ?? '') === 'valid' && ($j['empty'] ?? true) === false
            && ($j['user'] ?? '') === $login['user'] && ($j['n'] ?? -1) === $increments
            && $sealed !== null && forgery_b64url_decode($sealed) !== null && implode('', $parts) === $sealed
            && ($j['seen'] ?? '') === forgery_seen($jar, Mutations::SESSION_NAME, $dataName);
        $sealer = ['otherkey' => 'the other key', 'othername' => 'the target for cookie name OTHER_SC',
            'othercontext' => 'the target\'s key under another context'][$kind] ?? 'the target';
        $checks[] = [$ok, "harvest $id ({$login['user']}, sealed by $sealer): opens as valid with its contents", $ok ? '' : $detail];
        if ($ok) {
            $sets[$id] = ['id' => $id, 'kind' => $kind, 'sid' => $asTarget[Mutations::SESSION_NAME], 'sealed' => $sealed,
                'parts' => $parts, 'digest' => $j['digest'],
                'seen' => forgery_seen($asTarget, Mutations::SESSION_NAME, Mutations::DATA_NAME)];
        }
    }
    if (count($sets) === count($plans)) {
        $checks = [...$checks, ...forgery_set_shapes($sets)];
    }
    return ['sets' => array_values($sets), 'checks' => $checks, 'complete' => count($sets) === count($plans)];
}

/** Cookie name of chunk $i of data cookie $base (chunks.h). */
function forgery_chunk_name(string $base, int $i): string
{
    return $i === 0 ? $base : "{$base}_$i";
}

/** What the campaign relies on in the genuine sets: chunk counts, compression, key ids, distinct sessions. */
function forgery_set_shapes(array $sets): array
{
    $chunks = array_map(static fn (array $s): int => count($s['parts']), $sets);
    $keyId = static fn (string $id): string => bin2hex(substr((string) forgery_b64url_decode($sets[$id]['sealed']), 1, 4));
    $main = array_filter($sets, static fn (array $s): bool => $s['kind'] === 'main');
    $single = array_diff_key($chunks, array_flip(['C1', 'C2', 'C3', 'K2', 'X2']));
    return [
        [$chunks['C1'] >= 3 && $chunks['C2'] === $chunks['C1'], "C1 and C2 are split in the same number of chunks, 3 or more ($chunks[C1], $chunks[C2])", ''],
        [$chunks['C3'] === 2 && $chunks['K2'] >= 2, "C3 is split in 2 chunks, K2 (other key) in 2 or more ($chunks[C3], $chunks[K2])", ''],
        [max($single) === 1, 'every other set is one cookie', json_encode($chunks)],
        [strlen($sets['Z1']['sealed']) < 3000, 'Z1 travels compressed (6000 bytes of text in ' . strlen($sets['Z1']['sealed']) . ' characters)', ''],
        [count(array_unique(array_map($keyId, array_keys($main)))) === 1 && $keyId('N1') === $keyId('S1'),
            'the target sealed every S, C, Z and N1 set with its one key (N1: same key, other cookie name)', ''],
        [$keyId('K1') === $keyId('K2') && $keyId('K1') !== $keyId('S1'), 'K1 and K2 name a key id the target does not have', ''],
        [count(array_unique(array_column($main, 'digest'))) === count($main), 'the target\'s sets hold different sessions (an answer tells which one it opened)', ''],
        [$keyId('X1') === $keyId('S1') && $keyId('X2') === $keyId('S1') && $chunks['X2'] >= 2,
            'X1 and X2 carry the target\'s key id (another context, the same key); X2 is chunked', ''],
    ];
}

// ---- commands -------------------------------------------------------------------------

/** Sends $requests, records each answer; the result with $extra on top. */
function forgery_send(int $port, array $sets, iterable $requests, array $opt, array $extra): array
{
    $tally = new Tally($sets);
    $start = microtime(true);
    $completed = (new Sender($port, (int) ($opt['concurrency'] ?? 8), 30.0))->run($requests,
        static function (array $m, ?Response $r, ?string $error) use ($tally): void {
            $tally->record($m, $r, $error);
        }, $start + (float) ($opt['max-seconds'] ?? 150));
    return $tally->result($extra + ['seconds' => round(microtime(true) - $start, 1), 'aborted' => $completed ? 0 : 1]);
}

function forgery_options(array $argv): array
{
    $opt = [];
    for ($i = 2; $i < count($argv); $i++) {
        if (str_starts_with($argv[$i], '--') && isset($argv[$i + 1])) {
            $opt[substr($argv[$i], 2)] = $argv[++$i];
        }
    }
    return $opt;
}

function forgery_write(string $file, array $data): void
{
    file_put_contents($file, json_encode($data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
}

function forgery_read(string $file): array
{
    $data = json_decode((string) @file_get_contents($file), true);
    return is_array($data) ? $data : [];
}

function forgery_table(array $r): void
{
    $columns = ['sent' => 'sent', 'rejected' => 'fresh empty', 'original' => 'original, same bytes',
        'other_data' => 'other data', 'original_changed' => 'original, changed bytes', '4xx' => '4xx', '5xx' => '5xx',
        'lost' => 'no/bad answer'];
    $rows = [];
    foreach ($r['families'] ?? [] as $family => $c) {
        $rows[$family] = $c + ['lost' => $c['no_answer'] + $c['bad_answer'] + $c['other_status']];
    }
    $total = ['sent' => $r['sent'] ?? 0] + ($r['totals'] ?? []);
    $rows['total'] = $total + ['lost' => ($total['no_answer'] ?? 0) + ($total['bad_answer'] ?? 0) + ($total['other_status'] ?? 0)];
    $table = [['mutation family', ...array_values($columns)]];
    foreach ($rows as $family => $c) {
        $table[] = [$family === 'total' ? '**total**' : $family,
            ...array_map(static fn (string $key): string => number_format($c[$key] ?? 0), array_keys($columns))];
    }
    $widths = array_map(static fn (int $i): int => max(array_map(static fn (array $row): int => strlen($row[$i]), $table)),
        array_keys($table[0]));
    foreach ($table as $n => $row) {
        $cells = array_map(static fn (string $cell, int $i): string => $i === 0 ? str_pad($cell, $widths[0])
            : str_pad($cell, $widths[$i], ' ', STR_PAD_LEFT), $row, array_keys($row));
        echo '| ', implode(' | ', $cells), " |\n";
        if ($n === 0) {
            echo '|', implode('|', array_map(static fn (int $w, int $i): string => $i === 0 ? str_repeat('-', $w + 2)
                : str_repeat('-', $w + 1) . ':', $widths, array_keys($widths))), "|\n";
        }
    }
    $list = static fn (array $a): string => $a === [] ? 'none'
        : implode(', ', array_map(static fn ($k, $v): string => "$k: " . number_format($v), array_keys($a), $a));
    echo "\nmutated requests: ", number_format($r['mutated'] ?? 0), ' (plus ', number_format(($r['sent'] ?? 0) - ($r['mutated'] ?? 0)),
        " genuine), {$r['seconds']} s, seed {$r['seed']}\n";
    echo 'sealedcookie_status() of the fresh empty sessions: ', $list($r['statuses'] ?? []), "\n";
    echo 'HTTP codes other than 200: ', $list($r['codes'] ?? []), "\n";
    echo 'the same bytes refused (allowed, counted as fresh empty): ', $r['refused_unchanged'] ?? 0, "\n";
    foreach ($r['unchanged'] ?? [] as $family => $whats) {
        echo "original session from the same bytes, $family: e.g. ", implode('; ', $whats), "\n";
    }
    foreach ($r['examples'] ?? [] as $kind => $whats) {
        echo "$kind, e.g.:\n";
        foreach ($whats as $what) {
            echo "  $what\n";
        }
    }
}

function forgery_main(array $argv): int
{
    $command = $argv[1] ?? '';
    $opt = forgery_options($argv);
    $port = (int) ($opt['port'] ?? 0);
    switch ($command) {
        case 'harvest':
            $h = forgery_harvest($port);
            forgery_write($opt['out'], $h);
            return $h['complete'] ? 0 : 1;
        case 'crash':
            $request = ['family' => 'canary', 'what' => 'a worker kills itself with SIGSEGV', 'origin' => null,
                'lines' => [], 'header_level' => false, 'path' => FORGERY_TARGET . '?a=crash'];
            forgery_write($opt['out'], forgery_send($port, [], [$request], $opt, ['seed' => 0]));
            return 0;
        case 'canary':
            $sets = forgery_read($opt['genuine'])['sets'] ?? [];
            $mutations = new Mutations($sets, 0);
            forgery_write($opt['out'], forgery_send($port, array_column($sets, null, 'id'),
                [$mutations->otherSessionCanary('S1', 'S2')], $opt, ['seed' => 0]));
            return 0;
        case 'run':
            $sets = forgery_read($opt['genuine'])['sets'] ?? [];
            $seed = (int) ($opt['seed'] ?? random_int(1, PHP_INT_MAX >> 33));
            $mutations = new Mutations($sets, $seed);
            forgery_write($opt['out'], forgery_send($port, array_column($sets, null, 'id'), $mutations->all(), $opt,
                ['seed' => $seed]));
            return 0;
        case 'get':
            $v = forgery_read($argv[2] ?? '');
            foreach (explode('.', $argv[3] ?? '') as $key) {
                $v = is_array($v) && array_key_exists($key, $v) ? $v[$key] : null;
            }
            echo is_scalar($v) ? $v : '', "\n";
            return $v === null ? 1 : 0;
        case 'checks':
            foreach (forgery_read($argv[2] ?? '')['checks'] ?? [] as [$ok, $what, $detail]) {
                echo $ok ? 1 : 0, "\t", $what, $detail !== '' ? "\t$detail" : '', "\n";
            }
            return 0;
        case 'table':
            forgery_table(forgery_read($argv[2] ?? ''));
            return 0;
    }
    fwrite(STDERR, "usage: php campaign.php harvest|crash|canary|run|get|checks|table ... (see the top of this file)\n");
    return 2;
}

exit(forgery_main($argv));
