<?php
// The one HTTP client of sealedcookie's scripts: HTTP/1.0 to 127.0.0.1 only, one
// request a connection, and a cookie jar as a browser keeps it (expiry, path).
//   Browser          blocking requests with a jar: the application flows
//                    (scripts/apps/*-flow.php), the benchmark's sanity probe
//   HttpMessage      the request text and the response parser, for a caller that runs
//                    its own sockets (scripts/pool/driver.php multiplexes hundreds of
//                    users over non-blocking sockets), with a CookieJar per user
// Run directly, it is a health probe for shell scripts:
//   php -n http.php get PORT PATH   prints the body; exit 1 unless the status is 200
// (wrk's Lua script bench/request/jar.lua keeps its own jar: wrk runs it inside its
// connections, where PHP cannot be.)
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

final class HttpMessage
{
    /** The text of a request to 127.0.0.1:$port; $cookie '' sends no Cookie header. */
    public static function request(int $port, string $method, string $path, string $cookie, ?string $body,
        string $agent): string
    {
        $req = "$method $path HTTP/1.0\r\nHost: 127.0.0.1:$port\r\nUser-Agent: $agent\r\n"
            . "Accept: text/html,application/json,*/*\r\nConnection: close\r\n";
        if ($cookie !== '') {
            $req .= "Cookie: $cookie\r\n";
        }
        if ($body !== null) {
            $req .= "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " . strlen($body) . "\r\n";
        }
        return $req . "\r\n" . ($body ?? '');
    }

    /** The response in $raw; null when it has no complete header block and status line. */
    public static function parse(string $raw): ?Response
    {
        $end = strpos($raw, "\r\n\r\n");
        if ($end === false) {
            return null;
        }
        $lines = explode("\r\n", substr($raw, 0, $end));
        if (!preg_match('~^HTTP/1\.[01] (\d{3})~', (string) array_shift($lines), $m)) {
            return null;
        }
        $headers = [];
        foreach ($lines as $l) {
            $c = strpos($l, ':');
            if ($c !== false) {
                $headers[] = [substr($l, 0, $c), trim(substr($l, $c + 1))];
            }
        }
        return new Response((int) $m[1], $headers, substr($raw, $end + 4));
    }
}

/** Cookies by name and path, as a browser keeps them for one host. */
final class CookieJar
{
    /** @var array<string,array{name:string,value:string,path:string}> keyed by name and path */
    private array $cookies = [];

    /** Applies one Set-Cookie header value: stores, replaces or (expired) removes. */
    public function store(string $line): void
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
        $maxAge = null;
        $expires = null;
        foreach ($parts as $a) {
            [$k, $v] = array_pad(explode('=', trim($a), 2), 2, '');
            $k = strtolower($k);
            if ($k === 'path' && $v !== '' && $v[0] === '/') {
                $path = $v;
            } elseif ($k === 'max-age') {
                $maxAge = (int) $v;
            } elseif ($k === 'expires') {
                $expires = strtotime($v);
            }
        }
        // Max-Age wins over Expires (RFC 6265); PHP deletes with "deleted" and a past date.
        $expired = $maxAge !== null ? $maxAge <= 0 : $expires !== null && $expires !== false && $expires <= time();
        if ($expired || $value === '' || $value === 'deleted') {
            unset($this->cookies["$name\0$path"]);
        } else {
            $this->set($name, $value, $path);
        }
    }

    public function storeAll(Response $r): void
    {
        foreach ($r->setCookies() as $line) {
            $this->store($line);
        }
    }

    /** Puts a cookie in the jar as if the server had set it. */
    public function set(string $name, string $value, string $path = '/'): void
    {
        $this->cookies["$name\0$path"] = ['name' => $name, 'value' => $value, 'path' => $path];
    }

    public function clear(): void
    {
        $this->cookies = [];
    }

    /** The Cookie header value for a request to $path ('' when no cookie applies). */
    public function header(string $path = '/'): string
    {
        $parts = [];
        foreach ($this->cookies as $c) {
            $p = rtrim($c['path'], '/');
            if ($p === '' || $path === $p || str_starts_with($path, $p . '/') || str_starts_with($path, $p . '?')) {
                $parts[] = "{$c['name']}={$c['value']}";
            }
        }
        return implode('; ', $parts);
    }

    public function get(string $name): ?string
    {
        foreach ($this->cookies as $c) {
            if ($c['name'] === $name) {
                return $c['value'];
            }
        }
        return null;
    }

    /** @return list<array{name:string,value:string,path:string}> */
    public function all(): array
    {
        return array_values($this->cookies);
    }
}

final class Browser
{
    public CookieJar $jar;
    /** @var array<string,int> upstream address (X-Upstream) => answers */
    public array $upstreams = [];
    public int $requests = 0;
    public int $lastCookieHeaderBytes = 0;
    public int $maxCookieHeaderBytes = 0;
    public int $maxResponseHeaderBytes = 0;
    /** @var list<string> requests whose page shows a session warning (apps with their own
     * error handler, like phpMyAdmin, show PHP warnings there instead of logging them) */
    public array $warningPages = [];

    public function __construct(private int $port, private string $agent = 'sealedcookie-test-browser')
    {
        $this->jar = new CookieJar();
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
        $cookie = $this->jar->header($path);
        $this->lastCookieHeaderBytes = strlen($cookie);
        $this->maxCookieHeaderBytes = max($this->maxCookieHeaderBytes, strlen($cookie));
        fwrite($s, HttpMessage::request($this->port, $method, $path, $cookie, $body, $this->agent));
        $raw = stream_get_contents($s);
        $meta = stream_get_meta_data($s);
        fclose($s);
        $r = $raw === false || $meta['timed_out'] ? null : HttpMessage::parse($raw);
        if ($r === null) {
            throw new RuntimeException("$method $path: no complete answer");
        }
        $this->maxResponseHeaderBytes = max($this->maxResponseHeaderBytes, (int) strpos($raw, "\r\n\r\n"));
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
        $this->jar->storeAll($r);
        return $r;
    }

    /** Bytes of the Cookie header the next request to $path carries ("; " between cookies). */
    public function cookieHeaderBytes(string $path = '/'): int
    {
        return strlen($this->jar->header($path));
    }

    public function cookie(string $name): ?string
    {
        return $this->jar->get($name);
    }
}

if (PHP_SAPI === 'cli' && realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    if (($argv[1] ?? '') !== 'get' || !isset($argv[3])) {
        fwrite(STDERR, "usage: php http.php get PORT PATH\n");
        exit(2);
    }
    try {
        $r = (new Browser((int) $argv[2], 'sealedcookie-probe'))->get($argv[3]);
    } catch (RuntimeException $e) {
        fwrite(STDERR, $e->getMessage() . "\n");
        exit(1);
    }
    echo $r->body;
    exit($r->status === 200 ? 0 : 1);
}
