<?php
// The application flows of scripts/test-apps.sh on top of the shared client
// (scripts/lib/http.php): checks counted as "ok - ..." / "FAIL - ..." lines, and the size
// of the sealed session (data cookies) after every step.
declare(strict_types=1);
require __DIR__ . '/../lib/http.php';

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
     * The sealed session as the browser stores it: the data cookie and its numbered
     * chunks NAME_1, NAME_2, ...; wire bytes are name + '=' + value, summed.
     * @return array{bytes:int,cookies:int,largest:int}
     */
    private function dataCookies(): array
    {
        $bytes = 0;
        $count = 0;
        $largest = 0;
        $chunk = '~^' . preg_quote($this->dataName, '~') . '_[1-9][0-9]*$~';
        foreach ($this->browser->jar->all() as $c) {
            if ($c['name'] === $this->dataName || preg_match($chunk, $c['name'])) {
                $wire = strlen($c['name']) + 1 + strlen($c['value']);
                $bytes += $wire;
                $largest = max($largest, $wire);
                $count++;
            }
        }
        return ['bytes' => $bytes, 'cookies' => $count, 'largest' => $largest];
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
        $data = $this->dataCookies();
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
