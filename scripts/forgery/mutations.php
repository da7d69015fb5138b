<?php
// The mutations of the forgery campaign (campaign.php), made from genuine cookie
// sets the servers sealed (campaign.php harvest). Each mutation is the Cookie
// header (one or more lines) of one request to the target server, with:
//   family        the row of the counts table it is counted in
//   what          the variant, for the examples printed when something fails
//   origin        the genuine set it was made from when that set was sealed by the
//                 target server itself (its session is the only one an answer may
//                 show, and only when the sealed bytes are unchanged); null for
//                 sets sealed elsewhere (another key, cookie name or context)
//   header_level  the header itself is malformed or oversized: nginx may refuse
//                 it (400) before php-fpm sees it
// Deterministic for a seed and a set of genuine cookies (mt_rand).
declare(strict_types=1);

final class Mutations
{
    public const SESSION_NAME = 'PHPSESSID';
    public const DATA_NAME = 'PHPSESSID_SC';
    private const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Beyond this many bytes a Cookie line may pass nginx's large_client_header_buffers (16k).
    private const HEADER_LEVEL_LINE_BYTES = 15000;

    /** @var array<string,array<string,mixed>> genuine sets by id */
    private array $sets;

    /** @param list<array<string,mixed>> $sets the "sets" of genuine.json */
    public function __construct(array $sets, int $seed)
    {
        foreach ($sets as $set) {
            $this->sets[$set['id']] = $set;
        }
        mt_srand($seed);
    }

    /** @return Generator<int,array{family:string,what:string,origin:?string,lines:list<string>,header_level:bool}> */
    public function all(): Generator
    {
        yield from $this->genuine();
        yield from $this->bitFlips();
        yield from $this->versionBytes();
        yield from $this->keyIds();
        yield from $this->substitutions();
        yield from $this->truncations();
        yield from $this->extensions();
        yield from $this->base64urlEdges();
        yield from $this->chunkTampering();
        yield from $this->otherSessions();
        yield from $this->foreignValues();
        yield from $this->cookieNames();
        yield from $this->cookieHeaders();
        yield from $this->stacked(5000);
    }

    /** The canary of the classifier: session B's genuine cookies, presented as made from A. */
    public function otherSessionCanary(string $a, string $b): array
    {
        return $this->mutation('canary', "$b's genuine cookies as a mutation of $a", $this->sets[$a],
            $this->cookies($this->sets[$b]));
    }

    // ---- the families --------------------------------------------------------------

    /** Every genuine set of the target, unchanged, three times: the control. */
    private function genuine(): Generator
    {
        foreach ($this->main() as $set) {
            for ($i = 0; $i < 3; $i++) {
                yield $this->mutation('genuine (unchanged)', $set['id'], $set, $this->cookies($set));
            }
        }
    }

    /**
     * Bit flips in the decoded value, re-encoded canonically: every bit of the small
     * and compressed values, every bit of the header and tag of the first chunked one
     * and one bit of every 8th ciphertext byte; fewer for the rest.
     */
    private function bitFlips(): Generator
    {
        foreach ($this->sets as $id => $set) {
            $bytes = $this->bytes($set);
            $len = strlen($bytes);
            for ($pos = 0; $pos < $len; $pos++) {
                $region = self::region($pos, $len);
                $every = match (true) {
                    $set['kind'] === 'main' && count($set['parts']) === 1 => 0, // every bit
                    $id === 'C1' => $region === 'ciphertext' ? 8 : 0,
                    $set['kind'] === 'main' => $region === 'ciphertext' ? 64 : ($region === 'tag' ? 0 : 1),
                    default => count($set['parts']) === 1 ? 1 : ($region === 'ciphertext' ? 64 : 1),
                };
                if ($every > 1 && $pos % $every !== 0) {
                    continue;
                }
                $bits = $every === 0 ? range(0, 7) : [mt_rand(0, 7)];
                foreach ($bits as $bit) {
                    $flipped = $bytes;
                    $flipped[$pos] = chr(ord($flipped[$pos]) ^ (1 << $bit));
                    yield $this->mutation("bit flip: $region", "$id byte $pos bit $bit", $set,
                        $this->cookies($set, forgery_b64url_encode($flipped)));
                }
            }
        }
    }

    /** The version byte set to each other value (S1), and to a sample (C1). */
    private function versionBytes(): Generator
    {
        foreach (['S1' => 1, 'C1' => 17] as $id => $step) {
            $set = $this->sets[$id];
            $bytes = $this->bytes($set);
            for ($v = 0; $v < 256; $v += $step) {
                if ($v !== ord($bytes[0])) {
                    yield $this->mutation('version byte: other values', "$id version $v", $set,
                        $this->cookies($set, forgery_b64url_encode(chr($v) . substr($bytes, 1))));
                }
            }
        }
    }

    /** A value relabelled with another key id: unknown ids, and the other key's. */
    private function keyIds(): Generator
    {
        $pairs = [['S1', "\0\0\0\0"], ['S1', "\xff\xff\xff\xff"], ['S1', 'K1'], ['C1', 'K1'], ['K1', 'S1'],
            ['K2', 'C1'], ['N1', 'K1']];
        foreach ($pairs as [$id, $label]) {
            $set = $this->sets[$id];
            $keyId = strlen($label) === 4 ? $label : substr($this->bytes($this->sets[$label]), 1, 4);
            $bytes = $this->bytes($set);
            yield $this->mutation('key id: relabelled', "$id with key id " . bin2hex($keyId), $set,
                $this->cookies($set, forgery_b64url_encode($bytes[0] . $keyId . substr($bytes, 5))));
        }
        $bytes = $this->bytes($this->sets['S1']);
        $next = pack('N', (unpack('N', substr($bytes, 1, 4))[1] + 1) & 0xffffffff);
        yield $this->mutation('key id: relabelled', 'S1 key id + 1', $this->sets['S1'],
            $this->cookies($this->sets['S1'], forgery_b64url_encode($bytes[0] . $next . substr($bytes, 5))));
    }

    /**
     * One base64url character replaced by another: every position of S1 and S2, every
     * 32nd of C1; and every other character at the last position (its unused low bits:
     * a lax decoder would accept another spelling of the same bytes).
     */
    private function substitutions(): Generator
    {
        foreach (['S1' => 1, 'S2' => 1, 'C1' => 32] as $id => $step) {
            $set = $this->sets[$id];
            $text = $set['sealed'];
            for ($pos = 0; $pos < strlen($text); $pos += $step) {
                yield $this->mutation('character replaced', "$id position $pos", $set,
                    $this->cookies($set, self::replaceAt($text, $pos, $this->otherChar($text[$pos]))));
            }
        }
        foreach (['S1', 'S2', 'S3', 'S4', 'Z1'] as $id) {
            $set = $this->sets[$id];
            $text = $set['sealed'];
            $last = strlen($text) - 1;
            foreach (str_split(self::ALPHABET) as $c) {
                if ($c !== $text[$last]) {
                    yield $this->mutation('last character (unused bits)', "$id last -> $c", $set,
                        $this->cookies($set, self::replaceAt($text, $last, $c)));
                }
            }
        }
    }

    /** Cut short: at every length (text and decoded bytes), chunks shortened one by one. */
    private function truncations(): Generator
    {
        foreach (['S1', 'S2', 'S3', 'S4', 'Z1'] as $id) {
            $set = $this->sets[$id];
            for ($len = 0; $len < strlen($set['sealed']); $len++) {
                yield $this->mutation('truncated: text', "$id to $len characters", $set,
                    $this->cookies($set, substr($set['sealed'], 0, $len)));
            }
        }
        foreach (['S1', 'K1'] as $id) {
            $set = $this->sets[$id];
            $bytes = $this->bytes($set);
            for ($len = 0; $len < strlen($bytes); $len++) {
                yield $this->mutation('truncated: bytes', "$id to $len bytes", $set,
                    $this->cookies($set, forgery_b64url_encode(substr($bytes, 0, $len))));
            }
        }
        foreach (['C1', 'C3', 'K2'] as $id) {
            $set = $this->sets[$id];
            for ($len = 0; $len < strlen($set['sealed']); $len += 509) {
                yield $this->mutation('truncated: chunked value', "$id to $len characters", $set,
                    $this->cookies($set, substr($set['sealed'], 0, $len)));
            }
            foreach ($set['parts'] as $i => $part) {
                foreach ([1, 4, strlen($part)] as $cut) {
                    $parts = $set['parts'];
                    $parts[$i] = substr($part, 0, -$cut);
                    yield $this->mutation('truncated: chunked value', "$id chunk $i minus $cut", $set,
                        $this->chunkCookies($set, $parts));
                }
            }
        }
    }

    /** Made longer: characters and bytes appended, prepended, inserted; the value twice. */
    private function extensions(): Generator
    {
        foreach (['S1', 'S2', 'S3', 'S4'] as $id) {
            $set = $this->sets[$id];
            $text = $set['sealed'];
            foreach ([1, 2, 3, 4, 5, 6, 7, 8, 16, 64, 256, 1024] as $n) {
                yield $this->mutation('extended', "$id + $n characters", $set,
                    $this->cookies($set, $text . $this->randomText($n)));
            }
            foreach ([1, 2, 3, 4] as $n) {
                yield $this->mutation('extended', "$n characters + $id", $set,
                    $this->cookies($set, $this->randomText($n) . $text));
                $at = mt_rand(1, strlen($text) - 1);
                yield $this->mutation('extended', "$id + $n characters at $at", $set,
                    $this->cookies($set, substr($text, 0, $at) . $this->randomText($n) . substr($text, $at)));
            }
            yield $this->mutation('extended', "$id twice", $set, $this->cookies($set, $text . $text));
            $bytes = $this->bytes($set);
            foreach ([1, 2, 3, 16, 17] as $n) {
                yield $this->mutation('extended', "$id + $n bytes", $set,
                    $this->cookies($set, forgery_b64url_encode($bytes . $this->randomBytes($n))));
                yield $this->mutation('extended', "$id + $n zero bytes", $set,
                    $this->cookies($set, forgery_b64url_encode($bytes . str_repeat("\0", $n))));
            }
            yield $this->mutation('extended', "$id with its tag twice", $set,
                $this->cookies($set, forgery_b64url_encode($bytes . substr($bytes, -16))));
        }
        foreach (['C1', 'C3'] as $id) {
            $set = $this->sets[$id];
            foreach ($set['parts'] as $i => $part) {
                foreach ([1, 4, 100] as $n) {
                    $parts = $set['parts'];
                    $parts[$i] = $part . $this->randomText($n);
                    yield $this->mutation('extended', "$id chunk $i + $n characters", $set,
                        $this->chunkCookies($set, $parts));
                }
            }
        }
    }

    /** Padding, the other alphabet, whitespace, non-ASCII, percent escapes, empty, very long. */
    private function base64urlEdges(): Generator
    {
        foreach (['S1', 'S2', 'S3', 'C1', 'Z1'] as $id) {
            $set = $this->sets[$id];
            $text = $set['sealed'];
            $mid = intdiv(strlen($text), 2);
            $alnum = (int) strcspn($text, '-_');
            $groups = [
                'padding' => [
                    '"="' => $text . '=',
                    '"=="' => $text . '==',
                    '"==="' => $text . '===',
                    'to a multiple of 4' => $text . str_repeat('=', (4 - strlen($text) % 4) % 4 ?: 4),
                    '"=" in the middle' => self::insertAt($text, $mid, '='),
                    'last character "="' => self::replaceAt($text, strlen($text) - 1, '='),
                ],
                'standard alphabet' => [
                    '"-" and "_" as "+" and "/"' => strtr($text, '-_', '+/'),
                    'one "+" for a character' => self::replaceAt($text, $mid, '+'),
                    'one "/" for a character' => self::replaceAt($text, $mid, '/'),
                    'standard base64 with padding' => base64_encode($this->bytes($set)),
                    'standard base64, percent-escaped' => rawurlencode(base64_encode($this->bytes($set))),
                ],
                'whitespace' => [
                    'leading space' => ' ' . $text,
                    'space in the middle' => self::insertAt($text, $mid, ' '),
                    'tab in the middle' => self::insertAt($text, $mid, "\t"),
                    'vertical tab in the middle' => self::insertAt($text, $mid, "\x0b"),
                    'form feed in the middle' => self::insertAt($text, $mid, "\x0c"),
                    'trailing space' => $text . ' ',
                ],
                'non-ASCII' => [
                    'byte 0x80 in the middle' => self::insertAt($text, $mid, "\x80"),
                    'byte 0xff at the end' => $text . "\xff",
                    'UTF-8 e-acute in the middle' => self::insertAt($text, $mid, "\u{e9}"),
                    'emoji at the start' => "\u{1F600}" . $text,
                    'overlong UTF-8 "/" in the middle' => self::insertAt($text, $mid, "\xc0\xaf"),
                    'zero-width space for a character' => self::replaceAt($text, $mid, "\u{200b}"),
                    'fullwidth "A" for a character' => self::replaceAt($text, $mid, "\u{ff21}"),
                ],
                'percent escapes of other bytes' => [
                    '"%" at the end' => $text . '%',
                    '"%zz" in the middle' => self::insertAt($text, $mid, '%zz'),
                    '"%00" in the middle' => self::insertAt($text, $mid, '%00'),
                    '"%00" at the end' => $text . '%00',
                    '"%0A" at the end' => $text . '%0A',
                    '"%2B" for a character' => self::replaceAt($text, $mid, '%2B'),
                ],
                // PHP url-decodes cookie values: the extension is handed the same bytes.
                'its own characters percent-escaped' => [
                    'one character' => self::replaceAt($text, $alnum, sprintf('%%%02X', ord($text[$alnum]))),
                    'every character' => implode('', array_map(
                        static fn (string $c): string => sprintf('%%%02X', ord($c)), str_split($text))),
                ],
                'case, quotes, empty' => [
                    'upper case' => strtoupper($text),
                    'lower case' => strtolower($text),
                    'quoted' => '"' . $text . '"',
                    'empty' => '',
                ],
            ];
            foreach ($groups as $group => $edits) {
                foreach ($edits as $what => $value) {
                    // Data cookie first: a trailing space is then inside the value, not at
                    // the end of the header line, where nginx would drop it.
                    $cookies = $this->cookies($set, $value);
                    yield $this->mutation("base64url: $group", "$id, $what", $set,
                        [...array_slice($cookies, 1), $cookies[0]]);
                }
            }
        }
        $set = $this->sets['S1'];
        foreach ([4000, 8000, 14000, 17000, 40000] as $n) {
            $long = substr(str_repeat($set['sealed'], intdiv($n, strlen($set['sealed'])) + 1), 0, $n);
            yield $this->mutation('base64url: very long', "S1 repeated to $n characters", $set,
                $this->cookies($set, $long));
            yield $this->mutation('base64url: very long', "S1 + $n x A", $set,
                $this->cookies($set, $set['sealed'] . str_repeat('A', $n)));
        }
        $set = $this->sets['C1'];
        yield $this->mutation('base64url: case, quotes, empty', 'C1 every chunk empty', $set,
            $this->chunkCookies($set, array_fill(0, count($set['parts']), '')));
        yield $this->mutation('base64url: case, quotes, empty', 'C1 empty, count prefix kept', $set,
            $this->withData($set, [[self::DATA_NAME, count($set['parts']) . '.']]));
    }

    /** Drop, duplicate, swap, reorder, mix, recount, rename and re-split the chunks. */
    private function chunkTampering(): Generator
    {
        foreach (['C1' => 'C2', 'C2' => 'C1', 'C3' => 'C1', 'K2' => 'C1'] as $id => $otherId) {
            $set = $this->sets[$id];
            $other = $this->sets[$otherId];
            $data = array_slice($this->cookies($set), 1);
            $n = count($data);
            for ($i = 0; $i < $n; $i++) {
                $without = $data;
                array_splice($without, $i, 1);
                yield $this->mutation('chunks: dropped', "$id without chunk $i", $set, $this->withData($set, $without));
                $garbage = [$data[$i][0], $this->randomText(strlen($data[$i][1]))];
                yield $this->mutation('chunks: duplicated', "$id chunk $i, then garbage under its name", $set,
                    $this->withData($set, [...$data, $garbage]));
                yield $this->mutation('chunks: duplicated', "$id garbage under chunk $i's name first", $set,
                    $this->withData($set, [$garbage, ...$data]));
                yield $this->mutation('chunks: duplicated', "$id chunk $i twice", $set,
                    $this->withData($set, [...$data, $data[$i]]));
                if ($i < count($other['parts'])) {
                    $parts = $set['parts'];
                    $parts[$i] = $other['parts'][$i];
                    yield $this->mutation('chunks: from another session', "$id chunk $i from $otherId", $set,
                        $this->chunkCookies($set, $parts));
                }
                for ($j = $i + 1; $j < $n; $j++) {
                    $parts = $set['parts'];
                    [$parts[$i], $parts[$j]] = [$parts[$j], $parts[$i]];
                    yield $this->mutation('chunks: reordered', "$id chunks $i and $j swapped", $set,
                        $this->chunkCookies($set, $parts));
                }
            }
            yield $this->mutation('chunks: dropped', "$id chunk 0 only", $set, $this->withData($set, [$data[0]]));
            yield $this->mutation('chunks: reordered', "$id chunks reversed", $set,
                $this->chunkCookies($set, array_reverse($set['parts'])));
            yield $this->mutation('chunks: reordered', "$id cookies reversed in the header", $set,
                array_reverse($this->cookies($set)));
            yield $this->mutation('chunks: from another session', "$id chunk 0, the rest from $otherId", $set,
                $this->chunkCookies($set, [$set['parts'][0], ...array_slice($other['parts'], 1, $n - 1)]));
            $plain = $this->sets['S1']['sealed'];
            yield $this->mutation('chunks: from another session', "$id chunks after S1's whole value", $set,
                $this->withData($set, [[self::DATA_NAME, $plain], ...array_slice($data, 1)]));
            foreach (['0', '1', (string) ($n - 1), (string) ($n + 1), '32', '33', '99', "0$n", "-$n", "+$n", " $n",
                "$n.", '', "{$n}x", '1' . str_repeat('0', 20)] as $count) {
                $first = [[self::DATA_NAME, "$count." . $set['parts'][0]], ...array_slice($data, 1)];
                yield $this->mutation('chunks: bad count', "$id count \"$count.\"", $set, $this->withData($set, $first));
            }
            yield $this->mutation('chunks: bad count', "$id count prefix without the dot", $set,
                $this->withData($set, [[self::DATA_NAME, $n . $set['parts'][0]], ...array_slice($data, 1)]));
            yield $this->mutation('chunks: bad count', "$id no count prefix", $set,
                $this->withData($set, [[self::DATA_NAME, $set['parts'][0]], ...array_slice($data, 1)]));
            foreach ([$n, $n + 1, 31] as $extra) {
                yield $this->mutation('chunks: extra', "$id + chunk $extra", $set,
                    $this->withData($set, [...$data, [self::DATA_NAME . "_$extra", $set['parts'][1]]]));
            }
            // Names that are not chunks of PHPSESSID_SC (chunks.h): ignored, like any other cookie.
            foreach (['_32', '_01', '_1a', '__1', '_', '_-1', '1'] as $suffix) {
                yield $this->mutation('chunks: not a chunk name', "$id + PHPSESSID_SC$suffix", $set,
                    $this->withData($set, [...$data, [self::DATA_NAME . $suffix, $set['parts'][1]]]));
            }
            yield $this->mutation('chunks: renamed', "$id chunk 1 named in lower case", $set,
                $this->withData($set, [$data[0], [strtolower($data[1][0]), $data[1][1]], ...array_slice($data, 2)]));
            yield $this->mutation('chunks: renamed', "$id chunk 1 as an array cookie", $set,
                $this->withData($set, [$data[0], [$data[1][0] . '[]', $data[1][1]], ...array_slice($data, 2)]));
            yield $this->mutation('chunks: renamed', "$id chunk 0 as an array cookie", $set,
                $this->withData($set, [[self::DATA_NAME . '[0]', $data[0][1]], ...array_slice($data, 1)]));
            // Re-split: other boundaries, the same joined value (chunks are not authenticated one
            // by one, the joined value is).
            $sealed = $set['sealed'];
            $len = strlen($sealed);
            yield $this->mutation('chunks: re-split', "$id as one cookie", $set, $this->cookies($set, $sealed, null, [$len]));
            for ($k = 2; $k <= 5; $k++) {
                $sizes = array_fill(0, $k, intdiv($len, $k) + 1);
                yield $this->mutation('chunks: re-split', "$id in $k chunks", $set, $this->cookies($set, $sealed, null, $sizes));
            }
        }
        foreach (['S1', 'Z1'] as $id) {
            $set = $this->sets[$id];
            $len = strlen($set['sealed']);
            foreach ([[1, $len - 1], [$len - 1, 1], [10, 10, 10]] as $sizes) {
                yield $this->mutation('chunks: re-split', "$id in " . count($sizes) . ' chunks', $set,
                    $this->cookies($set, $set['sealed'], null, $sizes));
            }
        }
    }

    /** Values moved between sessions: value of A under the id of B, no id, ids altered. */
    private function otherSessions(): Generator
    {
        $main = $this->main();
        foreach ($main as $a) {
            foreach ($main as $b) {
                if ($a['id'] !== $b['id']) {
                    yield $this->mutation('other session: value of A, id of B', "{$a['id']} under {$b['id']}'s id", $a,
                        $this->cookies($a, null, $b['sid']));
                }
            }
            yield $this->mutation('other session: id altered', "{$a['id']} without an id", $a,
                array_slice($this->cookies($a), 1));
            yield $this->mutation('other session: id altered', "{$a['id']}'s id without a value", $a,
                [[self::SESSION_NAME, $a['sid']]]);
        }
        foreach (['S1', 'C1'] as $id) {
            $set = $this->sets[$id];
            $sid = $set['sid'];
            $ids = [
                'one character more' => $sid . 'a',
                'one character less' => substr($sid, 0, -1),
                'last character changed' => self::replaceAt($sid, strlen($sid) - 1, $sid[-1] === 'a' ? 'b' : 'a'),
                'upper case' => strtoupper($sid),
                'empty' => '',
                '300 characters' => substr(str_repeat($sid, 20), 0, 300),
                'with a comma' => self::insertAt($sid, 3, ','),
                'percent-escaped' => implode('', array_map(static fn (string $c): string => sprintf('%%%02X', ord($c)), str_split($sid))),
                'of the other cookie name\'s session' => $this->sets['N1']['sid'],
                'of the other key\'s session' => $this->sets['K1']['sid'],
            ];
            foreach ($ids as $what => $other) {
                yield $this->mutation('other session: id altered', "$id, id $what", $set, $this->cookies($set, null, $other));
            }
            $cookies = $this->cookies($set);
            $cookies[0] = [self::SESSION_NAME . '[]', $sid];
            yield $this->mutation('other session: id altered', "$id, id as an array cookie", $set, $cookies);
        }
    }

    /** Values sealed elsewhere: by another key, for another cookie name or context. */
    private function foreignValues(): Generator
    {
        foreach ($this->sets as $id => $set) {
            if ($set['kind'] === 'main') {
                continue;
            }
            $family = match ($set['kind']) {
                'otherkey' => 'sealed with another key',
                'othername' => 'sealed for another cookie name',
                default => 'sealed for another context',
            };
            for ($i = 0; $i < 3; $i++) {
                yield $this->mutation($family, "$id as sealed", $set, $this->cookies($set));
            }
            foreach ($this->main() as $target) {
                yield $this->mutation($family, "$id under {$target['id']}'s id", $set,
                    $this->cookies($set, null, $target['sid']));
            }
        }
    }

    /** The data cookie under other names (only mangled spellings of the same name may open). */
    private function cookieNames(): Generator
    {
        $names = ['PHPSESSID_sc', 'phpsessid_SC', 'PHPSESSID_SC_', 'PHPSESSID_SCX', 'XPHPSESSID_SC', 'PHPSESSID-SC',
            'PHPSESSID.SC', 'PHPSESSID SC', 'PHPSESSID[SC]', 'PHPSESSID_SC[]', ' PHPSESSID_SC', "\tPHPSESSID_SC",
            'PHPSESSID_SC ', 'OTHER_SC', 'PHPSESSID', 'PHPSESSID_SC%00', "PHPSESSID_SC\x01"];
        foreach (['S1', 'C1'] as $id) {
            $set = $this->sets[$id];
            foreach ($names as $name) {
                $data = [];
                foreach (array_slice($this->cookies($set), 1) as $i => [$chunkName, $value]) {
                    $data[] = [$name . substr($chunkName, strlen(self::DATA_NAME)), $value];
                }
                yield $this->mutation('other cookie name', "$id as \"$name\"", $set, $this->withData($set, $data));
            }
        }
    }

    /** Many cookies, huge values, duplicates, no "=", control characters, several headers. */
    private function cookieHeaders(): Generator
    {
        $set = $this->sets['S1'];
        $genuine = self::header($this->cookies($set));
        $b = self::header($this->cookies($this->sets['S2']));
        $sid = $set['sid'];
        $value = $set['sealed'];
        $many = static fn (int $n): string => implode('; ', array_map(static fn (int $i): string => "c$i=$i", range(1, $n)));
        $lines = [
            'no Cookie header' => [],
            'an empty Cookie header' => [''],
            'a Cookie header of spaces' => ['   '],
            'only separators' => ['; ; ;;'],
            '50 cookies before' => [$many(50) . '; ' . $genuine],
            '999 cookies before' => [$many(999) . '; ' . $genuine],
            '1001 cookies before' => [$many(1001) . '; ' . $genuine],
            '1500 cookies after' => [$genuine . '; ' . $many(1500)],
            'an 8k cookie before' => ['big=' . str_repeat('x', 8000) . '; ' . $genuine],
            'a 17k cookie before' => ['big=' . str_repeat('x', 17000) . '; ' . $genuine],
            'a 100k cookie after' => [$genuine . '; big=' . str_repeat('x', 100000)],
            'a 5000-byte cookie name' => [str_repeat('n', 5000) . '=1; ' . $genuine],
            'the header twice in one line' => [$genuine . '; ' . $genuine],
            'id and value in two Cookie headers' => ["PHPSESSID=$sid", "PHPSESSID_SC=$value"],
            'the genuine header twice' => [$genuine, $genuine],
            '100 Cookie headers before' => [...array_fill(0, 100, 'x=y'), $genuine],
            'five 15k Cookie headers' => [...array_fill(0, 5, 'pad=' . str_repeat('p', 15000)), $genuine],
            'value twice, garbage second' => ["$genuine; PHPSESSID_SC=AAAA"],
            'value twice, garbage first' => ["PHPSESSID_SC=AAAA; $genuine"],
            'id twice, other session\'s second' => ["$genuine; PHPSESSID={$this->sets['S2']['sid']}"],
            'id twice, other session\'s first' => ["PHPSESSID={$this->sets['S2']['sid']}; $genuine"],
            'A\'s value then B\'s cookies' => ["PHPSESSID_SC=$value; $b"],
            'a cookie without "=" first' => ["garbage; $genuine"],
            'the value\'s name without "=" first' => ["PHPSESSID_SC; $genuine"],
            'the id\'s name without "=" first' => ["PHPSESSID; $genuine"],
            'an empty name' => ["=$value; PHPSESSID=$sid"],
            'separators without spaces' => ["PHPSESSID=$sid;PHPSESSID_SC=$value"],
            'commas as separators' => ["PHPSESSID=$sid, PHPSESSID_SC=$value"],
            'spaces around "="' => ["PHPSESSID=$sid; PHPSESSID_SC = $value"],
            '0x01 in the value' => ["PHPSESSID=$sid; PHPSESSID_SC=" . self::insertAt($value, 10, "\x01") . '; z=1'],
            '0x7f in the value' => ["PHPSESSID=$sid; PHPSESSID_SC=" . self::insertAt($value, 10, "\x7f") . '; z=1'],
            '0x1b in another cookie' => ["esc=\x1b[2J; $genuine"],
            'tab in another cookie\'s name' => ["a\tb=1; $genuine"],
            '0x01 in the value\'s name' => ["PHPSESSID=$sid; PHPSESSID\x01SC=$value"],
            'bytes 0x80-0xff in another cookie' => ['bin=' . implode('', array_map('chr', range(0x80, 0xff))) . "; $genuine"],
            'CR in the value' => ["PHPSESSID=$sid; PHPSESSID_SC=" . self::insertAt($value, 10, "\r")],
            'LF in the value' => ["PHPSESSID=$sid; PHPSESSID_SC=" . self::insertAt($value, 10, "\n")],
            'NUL in the value' => ["PHPSESSID=$sid; PHPSESSID_SC=" . self::insertAt($value, 10, "\0")],
            'NUL in another cookie' => ["z=\0; $genuine"],
            'CRLF and a header in the value' => ["PHPSESSID=$sid; PHPSESSID_SC=$value\r\nX-Injected: 1"],
        ];
        foreach ($lines as $what => $header) {
            yield ['family' => 'Cookie header: malformed or oversized', 'what' => "S1, $what", 'origin' => 'S1',
                'lines' => $header, 'header_level' => true];
        }
    }

    /**
     * Random stacked mutations: one to three byte edits (flip, set, delete, insert,
     * swap, a run from another value), then up to two text edits, on a random genuine
     * value of the target; sometimes a chunk dropped or the id of another session.
     * A draw that lands back on the genuine value is drawn again.
     */
    private function stacked(int $count): Generator
    {
        $main = array_values($this->main());
        for ($made = 0, $tries = 0; $made < $count && $tries < 10 * $count; $tries++) {
            $set = $main[mt_rand(0, count($main) - 1)];
            $donor = $this->bytes($main[mt_rand(0, count($main) - 1)]);
            $bytes = $this->bytes($set);
            $ops = [];
            for ($k = mt_rand(0, 3); $k > 0; $k--) {
                $pos = mt_rand(0, strlen($bytes) - 1);
                $op = mt_rand(0, 5);
                $ops[] = ['flip', 'set', 'delete', 'insert', 'swap', 'splice'][$op] . "@$pos";
                $bytes = match ($op) {
                    0 => self::replaceAt($bytes, $pos, chr(ord($bytes[$pos]) ^ (1 << mt_rand(0, 7)))),
                    1 => self::replaceAt($bytes, $pos, chr(mt_rand(0, 255))),
                    2 => substr($bytes, 0, $pos) . substr($bytes, $pos + 1),
                    3 => self::insertAt($bytes, $pos, chr(mt_rand(0, 255))),
                    4 => self::swap($bytes, $pos, mt_rand(0, strlen($bytes) - 1)),
                    default => substr($bytes, 0, $pos) . substr($donor, $pos, mt_rand(1, 40)) . substr($bytes, $pos + 40),
                };
            }
            $text = forgery_b64url_encode($bytes);
            for ($k = $ops === [] ? 1 : mt_rand(0, 2); $k > 0 && $text !== ''; $k--) {
                $pos = mt_rand(0, strlen($text) - 1);
                $op = mt_rand(0, 2);
                $ops[] = ['char', 'cut', 'odd'][$op] . "@$pos";
                $text = match ($op) {
                    0 => self::replaceAt($text, $pos, $this->otherChar($text[$pos])),
                    1 => substr($text, 0, $pos),
                    default => self::insertAt($text, $pos, ['=', ' ', '+', '/', '.', '%', "\x80", '*'][mt_rand(0, 7)]),
                };
            }
            $cookies = $this->cookies($set, $text);
            $extra = mt_rand(0, 9);
            if ($extra === 0 && count($cookies) > 2) {
                array_splice($cookies, mt_rand(1, count($cookies) - 1), 1);
                $ops[] = 'drop a chunk';
            } elseif ($extra === 1) {
                $cookies[0][1] = $main[mt_rand(0, count($main) - 1)]['sid'];
                $ops[] = 'another id';
            }
            if ($cookies === $this->cookies($set)) {
                continue;
            }
            $made++;
            yield $this->mutation('random stacked edits', "{$set['id']} " . implode(' ', $ops), $set, $cookies);
        }
    }

    // ---- building blocks --------------------------------------------------------------

    /** @return array<string,array<string,mixed>> the sets sealed by the target server */
    private function main(): array
    {
        return array_filter($this->sets, static fn (array $s): bool => $s['kind'] === 'main');
    }

    /** @param list<array{string,string}> $cookies */
    private function mutation(string $family, string $what, array $set, array $cookies): array
    {
        $line = self::header($cookies);
        return ['family' => $family, 'what' => $what, 'origin' => $set['kind'] === 'main' ? $set['id'] : null,
            'lines' => [$line], 'header_level' => strlen($line) > self::HEADER_LEVEL_LINE_BYTES];
    }

    /** @param list<array{string,string}> $cookies */
    private static function header(array $cookies): string
    {
        return implode('; ', array_map(static fn (array $c): string => "$c[0]=$c[1]", $cookies));
    }

    /**
     * The set's cookies with $sealed (default: its own value) under id $sid (default its
     * own), split like the set's chunks (or by $sizes: every chunk but the last takes its
     * size, the last the rest), under the target's data cookie name.
     *
     * @param list<int>|null $sizes
     * @return list<array{string,string}>
     */
    private function cookies(array $set, ?string $sealed = null, ?string $sid = null, ?array $sizes = null): array
    {
        $sealed ??= $set['sealed'];
        $sizes ??= array_map('strlen', $set['parts']);
        $n = count($sizes);
        $parts = [];
        for ($i = 0, $at = 0; $i < $n; $at += $sizes[$i], $i++) {
            $parts[] = $i === $n - 1 ? (string) substr($sealed, $at) : (string) substr($sealed, $at, $sizes[$i]);
        }
        return $this->chunkCookies($set, $parts, $sid);
    }

    /**
     * @param list<string> $parts chunk values without the "<count>." prefix
     * @return list<array{string,string}>
     */
    private function chunkCookies(array $set, array $parts, ?string $sid = null): array
    {
        $n = count($parts);
        $out = [[self::SESSION_NAME, $sid ?? $set['sid']]];
        foreach ($parts as $i => $part) {
            $out[] = $i === 0 ? [self::DATA_NAME, ($n > 1 ? "$n." : '') . $part] : [self::DATA_NAME . "_$i", $part];
        }
        return $out;
    }

    /**
     * The set's id cookie followed by the given data cookies.
     *
     * @param list<array{string,string}> $data
     * @return list<array{string,string}>
     */
    private function withData(array $set, array $data): array
    {
        return [[self::SESSION_NAME, $set['sid']], ...$data];
    }

    private function bytes(array $set): string
    {
        $bytes = forgery_b64url_decode($set['sealed']);
        if ($bytes === null) {
            throw new RuntimeException("genuine set {$set['id']}: not canonical base64url");
        }
        return $bytes;
    }

    /** The envelope region of byte $pos of a sealed value of $len bytes (sealer.h). */
    private static function region(int $pos, int $len): string
    {
        return match (true) {
            $pos === 0 => 'version',
            $pos < 5 => 'key id',
            $pos < 29 => 'nonce',
            $pos >= $len - 16 => 'tag',
            default => 'ciphertext',
        };
    }

    private function otherChar(string $c): string
    {
        do {
            $other = self::ALPHABET[mt_rand(0, 63)];
        } while ($other === $c);
        return $other;
    }

    /** $n random base64url characters. */
    private function randomText(int $n): string
    {
        return implode('', array_map(static fn (): string => self::ALPHABET[mt_rand(0, 63)], array_fill(0, $n, null)));
    }

    /** $n random bytes (mt_rand: the seed decides). */
    private function randomBytes(int $n): string
    {
        return implode('', array_map(static fn (): string => chr(mt_rand(0, 255)), array_fill(0, $n, null)));
    }

    private static function replaceAt(string $s, int $pos, string $with): string
    {
        return substr($s, 0, $pos) . $with . substr($s, $pos + 1);
    }

    private static function insertAt(string $s, int $pos, string $what): string
    {
        return substr($s, 0, $pos) . $what . substr($s, $pos);
    }

    private static function swap(string $s, int $i, int $j): string
    {
        [$s[$i], $s[$j]] = [$s[$j], $s[$i]];
        return $s;
    }
}
