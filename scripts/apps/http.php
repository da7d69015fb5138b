<?php
// A small browser for the application flows of scripts/test-apps.sh: HTTP/1.0 over
// 127.0.0.1 only, a cookie jar that honours expiry and path, form fields, checks
// counted as "ok - ..." / "FAIL - ..." lines, and the size of the sealed session
// (data cookies) after every step.
declare(strict_types=1);

final class Response
{
    /** @param list<array{string,string}> $headers */
    public function __construct(
        public int $status,
        public array $headers,
        public string $body,
    ) {
    }

    public function header(string $name): ?string
    {
        foreach ($this->headers as [$k, $v]) {
            if (strcasecmp($k, $name) === 0) {
                return $v;
            }
        }
        return null;
    }

    /** @return list<string> */
    public function setCookies(): array
    {
        $out = [];
        foreach ($this->headers as [$k, $v]) {
            if (strcasecmp($k, 'Set-Cookie') === 0) {
                $out[] = $v;
            }
        }
        return $out;
    }

    /** @return array<string,string> the values of the hidden/text inputs of the page */
    public function inputs(): array
    {
        $out = [];
        preg_match_all('~<input\b[^>]*>~i', $this->body, $m);
        foreach ($m[0] as $tag) {
            if (preg_match('~\bname="([^"]*)"~', $tag, $n)) {
                $v = preg_match('~\bvalue="([^"]*)"~', $tag, $vv) ? html_entity_decode($vv[1], ENT_QUOTES) : '';
                $out[html_entity_decode($n[1], ENT_QUOTES)] ??= $v;
            }
        }
        return $out;
    }

    /** @return mixed the decoded JSON body, null when it is not JSON */
    public function json(): mixed
    {
        return json_decode($this->body, true);
    }
}

final class Browser
{
    /** @var array<string,array{value:string,path:string}> keyed by name and path */
    private array $jar = [];
    /** @var array<string,int> upstream address => answers */
    public array $upstreams = [];
    public int $requests = 0;
    public int $lastCookieHeaderBytes = 0;
    public int $maxCookieHeaderBytes = 0;
    public int $maxResponseHeaderBytes = 0;
    /** @var list<string> requests whose page shows a session warning (apps with their own
     * error handler, like phpMyAdmin, show PHP warnings there instead of logging them) */
    public array $warningPages = [];

    public function __construct(private int $port)
    {
    }

    public function get(string $path): Response
    {
        return $this->request('GET', $path, null);
    }

    /** @param array<string,string> $fields */
    public function post(string $path, array $fields): Response
    {
        return $this->request('POST', $path, http_build_query($fields));
    }

    /** GET or POST, then follow up to five redirects with GET, as a browser does. */
    public function follow(Response $r): Response
    {
        for ($i = 0; $i < 5 && $r->status >= 301 && $r->status <= 303; $i++) {
            $r = $this->get($this->relative((string) $r->header('Location')));
        }
        return $r;
    }

    public function relative(string $location): string
    {
        $p = parse_url($location);
        $path = $p['path'] ?? '/';
        if ($path === '' || $path[0] !== '/') {
            $path = '/' . $path;
        }
        return $path . (isset($p['query']) ? '?' . $p['query'] : '');
    }

    /** $store false: a side request (size probe) whose cookies the browser ignores. */
    public function request(string $method, string $path, ?string $body, bool $store = true): Response
    {
        $s = @stream_socket_client('tcp://127.0.0.1:' . $this->port, $errno, $err, 5);
        if ($s === false) {
            throw new RuntimeException("connect 127.0.0.1:{$this->port}: $err");
        }
        stream_set_timeout($s, 30);
        $cookie = $this->cookieHeader($path);
        $this->lastCookieHeaderBytes = strlen($cookie);
        $this->maxCookieHeaderBytes = max($this->maxCookieHeaderBytes, strlen($cookie));
        $req = "$method $path HTTP/1.0\r\nHost: 127.0.0.1:{$this->port}\r\n"
            . "User-Agent: sealedcookie-apps-test\r\nAccept: text/html,application/json,*/*\r\n"
            . "Connection: close\r\n";
        if ($cookie !== '') {
            $req .= "Cookie: $cookie\r\n";
        }
        if ($body !== null) {
            $req .= "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " . strlen($body) . "\r\n";
        }
        fwrite($s, $req . "\r\n" . ($body ?? ''));
        $raw = stream_get_contents($s);
        $meta = stream_get_meta_data($s);
        fclose($s);
        if ($raw === false || $meta['timed_out']) {
            throw new RuntimeException("$method $path: no complete answer");
        }
        $r = self::parse($raw);
        $headEnd = strpos($raw, "\r\n\r\n");
        $this->maxResponseHeaderBytes = max($this->maxResponseHeaderBytes, $headEnd === false ? strlen($raw) : $headEnd);
        if (!$store) {
            return $r;
        }
        $this->requests++;
        if (preg_match('~Session data (not saved|changed after|could not)|sealedcookie\.[a-z_]+|Cookie header would be|session_[a-z_]+\(\):~i', $r->body, $m)) {
            $this->warningPages[] = "$method $path: " . $m[0];
        }
        $up = $r->header('X-Upstream');
        if ($up !== null) {
            $this->upstreams[$up] = ($this->upstreams[$up] ?? 0) + 1;
        }
        foreach ($r->setCookies() as $line) {
            $this->store($line);
        }
        return $r;
    }

    private static function parse(string $raw): Response
    {
        $end = strpos($raw, "\r\n\r\n");
        $head = $end === false ? $raw : substr($raw, 0, $end);
        $body = $end === false ? '' : substr($raw, $end + 4);
        $lines = explode("\r\n", $head);
        $status = preg_match('~^HTTP/1\.[01] (\d{3})~', (string) array_shift($lines), $m) ? (int) $m[1] : 0;
        $headers = [];
        foreach ($lines as $l) {
            $c = strpos($l, ':');
            if ($c !== false) {
                $headers[] = [substr($l, 0, $c), ltrim(substr($l, $c + 1))];
            }
        }
        return new Response($status, $headers, $body);
    }

    private function store(string $line): void
    {
        $parts = explode(';', $line);
        $nv = (string) array_shift($parts);
        $eq = strpos($nv, '=');
        if ($eq === false) {
            return;
        }
        $name = trim(substr($nv, 0, $eq));
        $value = trim(substr($nv, $eq + 1));
        $path = '/';
        $expired = false;
        foreach ($parts as $a) {
            [$k, $v] = array_pad(explode('=', trim($a), 2), 2, '');
            $k = strtolower($k);
            if ($k === 'path' && $v !== '' && $v[0] === '/') {
                $path = $v;
            } elseif ($k === 'max-age') {
                $expired = (int) $v <= 0;
            } elseif ($k === 'expires' && !$expired) {
                $t = strtotime($v);
                $expired = $t !== false && $t <= time();
            }
        }
        $key = "$name\0$path";
        if ($expired) {
            unset($this->jar[$key]);
        } else {
            $this->jar[$key] = ['value' => $value, 'path' => $path];
        }
    }

    private function cookieHeader(string $path): string
    {
        $parts = [];
        foreach ($this->jar as $key => $c) {
            $name = substr($key, 0, (int) strpos($key, "\0"));
            $p = rtrim($c['path'], '/');
            if ($p === '' || $path === $p || str_starts_with($path, $p . '/') || str_starts_with($path, $p . '?')) {
                $parts[] = "$name={$c['value']}";
            }
        }
        return implode('; ', $parts);
    }

    /** Bytes of the Cookie header the next request to $path carries ("; " between cookies). */
    public function cookieHeaderBytes(string $path = '/'): int
    {
        return strlen($this->cookieHeader($path));
    }

    public function cookie(string $name): ?string
    {
        foreach ($this->jar as $key => $c) {
            if (substr($key, 0, (int) strpos($key, "\0")) === $name) {
                return $c['value'];
            }
        }
        return null;
    }

    /**
     * The sealed session as the browser stores it: the data cookie NAME and its numbered
     * chunks NAME_1, NAME_2, ...; wire bytes are name + '=' + value, summed.
     * @return array{bytes:int,cookies:int,largest:int}
     */
    public function dataCookies(string $dataName): array
    {
        $bytes = 0;
        $count = 0;
        $largest = 0;
        foreach ($this->jar as $key => $c) {
            $name = substr($key, 0, (int) strpos($key, "\0"));
            if ($name === $dataName || preg_match('~^' . preg_quote($dataName, '~') . '_[1-9][0-9]*$~', $name)) {
                $wire = strlen($name) + 1 + strlen($c['value']);
                $bytes += $wire;
                $largest = max($largest, $wire);
                $count++;
            }
        }
        return ['bytes' => $bytes, 'cookies' => $count, 'largest' => $largest];
    }

    /** Wire bytes of the data cookies set by one response (0 when it sent none). */
    public static function dataCookiesSent(Response $r, string $dataName): int
    {
        $bytes = 0;
        foreach ($r->setCookies() as $line) {
            $nv = explode(';', $line, 2)[0];
            $name = substr($nv, 0, (int) strpos($nv, '='));
            if ($name === $dataName || preg_match('~^' . preg_quote($dataName, '~') . '_[1-9][0-9]*$~', $name)) {
                $bytes += strlen(trim($nv));
            }
        }
        return $bytes;
    }
}

/**
 * The data cookies' wire size the design gives for a session of $sessionBytes (core's
 * sealer.h and chunks.cc): envelope = session + 62 bytes (version, key id, nonce,
 * flags, two times, tag), base64url without padding; split over the fewest cookies of
 * at most 4096 bytes each (NAME, NAME_1, ...; "<count>." before the first part).
 * With $deflatedBytes (>= 0): the compressed payload (4-byte size + deflate) is used
 * when it is shorter. Returns [wire bytes, cookies].
 * @return array{int,int}
 */
function predicted_data_cookies(int $nameSize, int $sessionBytes, int $deflatedBytes = -1): array
{
    $plain = $sessionBytes;
    if ($deflatedBytes >= 0 && $deflatedBytes + 4 < $sessionBytes) {
        $plain = $deflatedBytes + 4;
    }
    $sealed = intdiv(($plain + 62) * 4 + 2, 3);
    $digits = fn (int $n): int => strlen((string) $n);
    for ($count = 1; $count <= 32; $count++) {
        $prefix = $count === 1 ? 0 : $digits($count) + 1;
        $capacity = 0;
        $names = 0;
        for ($i = 0; $i < $count; $i++) {
            $name = $i === 0 ? $nameSize : $nameSize + 1 + $digits($i);
            $capacity += 4096 - ($name + 1 + ($i === 0 ? $prefix : 0));
            $names += $name + 1;
        }
        if ($capacity >= $sealed) {
            return [$names + $prefix + $sealed, $count];
        }
    }
    return [-1, 0];
}

/** Counted checks and the per-step size table of one flow. */
final class Flow
{
    public int $passed = 0;
    public int $failed = 0;
    /** @var list<array<string,mixed>> */
    public array $steps = [];
    public int $largestDataCookie = 0;
    public int $largestDataTotal = 0;

    public function __construct(
        public string $label,
        public Browser $browser,
        private string $sessionName,
        public string $dataName,
    ) {
    }

    public function check(string $what, bool $ok, string $detail = ''): bool
    {
        if ($ok) {
            $this->passed++;
            echo "ok   - {$this->label}: $what\n";
        } else {
            $this->failed++;
            $detail = trim((string) preg_replace('~\s+~', ' ', $detail));
            echo "FAIL - {$this->label}: $what" . ($detail !== '' ? " ($detail)" : '') . "\n";
        }
        return $ok;
    }

    /**
     * Records the session sizes after a step: raw (what the save handler is given, read
     * through the debug endpoint with read_and_close), deflated (raw deflate, level 6)
     * and sealed (data cookies the browser now holds).
     */
    public function measure(string $step): void
    {
        $raw = -1;
        if ($this->browser->cookie($this->sessionName) !== null) {
            $r = $this->browser->request('GET', '/_sc_size.php?name=' . rawurlencode($this->sessionName), null, false);
            $j = $r->json();
            $raw = is_array($j) ? (int) $j['raw'] : -1;
            $deflated = is_array($j) ? (int) $j['deflated'] : -1;
        }
        $data = $this->browser->dataCookies($this->dataName);
        $this->steps[] = [
            'step' => $step,
            'raw' => $raw,
            'deflated' => $raw < 0 ? -1 : ($deflated ?? -1),
            'sealed' => $data['bytes'],
            'cookies' => $data['cookies'],
            'keys' => is_array($j ?? null) ? ($j['keys'] ?? []) : [],
            'cookie_header' => $this->browser->cookieHeaderBytes(),
        ];
        $this->largestDataCookie = max($this->largestDataCookie, $data['largest']);
        $this->largestDataTotal = max($this->largestDataTotal, $data['bytes']);
    }

    /**
     * $maxSize > 0: the sealedcookie.max_size the servers run with; $compress: their
     * sealedcookie.compress (null: not sealedcookie).
     */
    public function finish(string $resultFile, int $maxSize = 0, string $app = '', ?bool $compress = null): void
    {
        if ($compress !== null) {
            // The browser holds exactly what the design says: every step whose session
            // was read back, its data cookies' size from the envelope arithmetic. The
            // probe deflates with PHP's zlib settings (memLevel 9), the core with
            // memLevel 8: compressed sizes may differ by a few bytes.
            $bad = [];
            foreach ($this->steps as $s) {
                if ($s['raw'] < 0 || $s['cookies'] === 0) {
                    continue;
                }
                [$want, $n] = predicted_data_cookies(strlen($this->dataName), $s['raw'], $compress ? $s['deflated'] : -1);
                $slack = $compress ? max(8, intdiv($want, 100)) : 0;
                if (abs($s['sealed'] - $want) > $slack || $s['cookies'] !== $n) {
                    $bad[] = "{$s['step']}: {$s['sealed']} [{$s['cookies']}] instead of $want [$n]";
                }
            }
            $this->check('the data cookies are as large as the envelope arithmetic says for the session read back'
                . ($compress ? ' (compressed, within 1%)' : ' (exactly)'), $bad === [], implode('; ', array_slice($bad, 0, 3)));
        }
        if ($maxSize > 0) {
            $this->check("the data cookies stayed within the browser's 4096 bytes each and max_size $maxSize"
                . " together (largest {$this->largestDataCookie}, total up to {$this->largestDataTotal})",
                $this->largestDataCookie <= 4096 && $this->largestDataTotal <= $maxSize);
        }
        $this->check('no page showed a session warning (' . count($this->browser->warningPages) . ')',
            $this->browser->warningPages === [], implode('; ', array_slice(array_unique($this->browser->warningPages), 0, 3)));
        $up = $this->browser->upstreams;
        ksort($up);
        $this->check(
            'requests were answered by several servers (' . count($up) . ' of 3, no stickiness)',
            count($up) >= 2,
            json_encode($up) ?: '',
        );
        file_put_contents($resultFile, json_encode([
            'label' => $this->label,
            'app' => $app,
            'data_cookie' => $this->dataName,
            'passed' => $this->passed,
            'failed' => $this->failed,
            'steps' => $this->steps,
            'requests' => $this->browser->requests,
            'max_cookie_header' => $this->browser->maxCookieHeaderBytes,
            'max_response_header' => $this->browser->maxResponseHeaderBytes,
        ], JSON_PRETTY_PRINT));
    }
}

/** @return array<string,string> --key value pairs of argv */
function flow_args(array $argv): array
{
    $out = [];
    for ($i = 1; $i + 1 < count($argv); $i += 2) {
        $out[ltrim($argv[$i], '-')] = $argv[$i + 1];
    }
    return $out;
}
