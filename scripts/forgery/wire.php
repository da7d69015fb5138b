<?php
// What the forgery campaign and its application agree on: the sealed value's
// encoding, the chunk grammar of include/sealedcookie/chunks.h, and the "seen"
// fingerprint of a request (the session id cookie and the joined sealed value
// as PHP hands them to the extension, from $_COOKIE). Loaded by app.php (inside
// php-fpm, php -n plus the extension) and by campaign.php (PHP CLI, php -n).
declare(strict_types=1);

const FORGERY_MAX_CHUNKS = 32; // kMaxChunks

function forgery_b64url_encode(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

/** Decodes a canonical base64url value (as the server writes them); null otherwise. */
function forgery_b64url_decode(string $text): ?string
{
    if (!preg_match('/^[A-Za-z0-9_-]*$/', $text)) {
        return null;
    }
    $bytes = base64_decode(strtr($text, '-_', '+/'), true);
    return $bytes !== false && forgery_b64url_encode($bytes) === $text ? $bytes : null;
}

/**
 * The sealed value the cookies of data cookie $base join into, by the grammar of
 * chunks.h: NAME=<value> alone, or NAME=<count>.<part 0> with NAME_1 .. NAME_<count-1>
 * (2 <= count <= 32, no leading zero) and no other chunk of NAME; every one a string.
 * Null when the set is malformed (the extension then opens nothing).
 *
 * @param array<array-key,mixed> $cookies as in $_COOKIE
 */
function forgery_join(array $cookies, string $base): ?string
{
    $first = $cookies[$base] ?? null;
    if (!is_string($first)) {
        return null;
    }
    $count = 1;
    $joined = $first;
    $dot = strpos($first, '.');
    if ($dot !== false) {
        if (!preg_match('/^([1-9][0-9]?)\./', $first, $m) || (int) $m[1] < 2 || (int) $m[1] > FORGERY_MAX_CHUNKS) {
            return null;
        }
        $count = (int) $m[1];
        $joined = substr($first, $dot + 1);
    }
    for ($i = 1; $i < FORGERY_MAX_CHUNKS; $i++) {
        $chunk = $cookies["{$base}_$i"] ?? null;
        if ($i < $count) {
            if (!is_string($chunk)) {
                return null;
            }
            $joined .= $chunk;
        } elseif (array_key_exists("{$base}_$i", $cookies)) {
            return null; // a chunk at or above the count: refused, not ignored
        }
    }
    return $joined;
}

/**
 * Fingerprint of what the extension is given: the session id cookie and the joined
 * sealed value. Two requests with equal fingerprints hand it the same bytes.
 *
 * @param array<array-key,mixed> $cookies as in $_COOKIE
 */
function forgery_seen(array $cookies, string $sessionName, string $dataName): string
{
    $sid = $cookies[$sessionName] ?? null;
    return hash('sha256', serialize([is_string($sid) ? $sid : null, forgery_join($cookies, $dataName)]));
}
