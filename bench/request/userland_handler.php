<?php
// The userland competitor: what PHP libraries do today to keep the session in a
// cookie. A SessionHandlerInterface that seals the serialized session with
// sodium_crypto_aead_xchacha20poly1305_ietf_encrypt into one cookie,
// base64url without padding. Written to be fair, not naive:
//   - the key comes in as raw bytes (the caller loads it from an opcached file);
//   - base64url is base64_encode + strtr (PHP's SIMD base64), not libsodium's;
//   - associated data binds the value to the cookie name and the session id;
//   - expiry (idle, session.gc_maxlifetime) is inside the sealed value;
//   - read() opens once; validateId() reuses that result;
//   - updateTimestamp() (lazy_write, data unchanged) re-seals only when a quarter
//     of the idle timeout has passed, so an unchanged session sends no cookie.
// Envelope: base64url(nonce(24) | AEAD(last_write_at(8, big-endian) | session)).
// Used by bench/request/app.php and bench/cycle/cycle.php.

final class CookieSessionHandler implements SessionHandlerInterface, SessionUpdateTimestampHandlerInterface
{
    private string $cookieName;
    private int $idleSeconds;
    /** Session id => opened session bytes, for validateId() then read(). */
    private ?string $openedId = null;
    private string $openedData = '';
    private int $openedAt = 0;
    /** The last value this handler sealed (the cycle bench feeds it back). */
    public string $lastSealed = '';

    public function __construct(#[\SensitiveParameter] private string $key, ?string $cookieName = null)
    {
        $this->cookieName = $cookieName ?? session_name() . '_SC';
        $this->idleSeconds = (int) ini_get('session.gc_maxlifetime');
    }

    public function open(string $path, string $name): bool
    {
        return true;
    }

    public function close(): bool
    {
        $this->openedId = null;
        $this->openedData = '';
        return true;
    }

    public function read(string $id): string|false
    {
        $this->openCookie($id);
        return $this->openedData;
    }

    public function write(string $id, string $data): bool
    {
        if ($data === '' && !isset($_COOKIE[$this->cookieName])) {
            return true;  // an empty session that never had a cookie gets none
        }
        $nonce = random_bytes(SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES);
        $sealed = $nonce . sodium_crypto_aead_xchacha20poly1305_ietf_encrypt(
            pack('J', time()) . $data,
            $this->cookieName . "\0" . $id,
            $nonce,
            $this->key
        );
        $value = rtrim(strtr(base64_encode($sealed), '+/', '-_'), '=');
        $this->lastSealed = $value;
        $params = session_get_cookie_params();
        unset($params['lifetime']);
        return setcookie($this->cookieName, $value, $params);
    }

    public function destroy(string $id): bool
    {
        $params = session_get_cookie_params();
        unset($params['lifetime']);
        $params['expires'] = 1;
        $this->lastSealed = '';
        return setcookie($this->cookieName, '', $params);
    }

    public function gc(int $max_lifetime): int|false
    {
        return 0;
    }

    public function validateId(string $id): bool
    {
        return $this->openCookie($id);
    }

    public function updateTimestamp(string $id, string $data): bool
    {
        if ($this->openedId === $id && time() - $this->openedAt < intdiv($this->idleSeconds, 4)) {
            return true;  // fresh enough: no new cookie
        }
        return $this->write($id, $data);
    }

    /** Opens the incoming cookie for $id once; an invalid one is an empty session. */
    private function openCookie(string $id): bool
    {
        if ($this->openedId === $id) {
            return $this->openedData !== '';
        }
        $this->openedId = $id;
        $this->openedData = '';
        $this->openedAt = 0;
        $value = $_COOKIE[$this->cookieName] ?? null;
        if (!is_string($value) || $value === '') {
            return false;
        }
        $sealed = base64_decode(strtr($value, '-_', '+/'), true);
        $minimum = SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES
            + SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_ABYTES + 8;
        if ($sealed === false || strlen($sealed) < $minimum) {
            return false;
        }
        $plain = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt(
            substr($sealed, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES),
            $this->cookieName . "\0" . $id,
            substr($sealed, 0, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES),
            $this->key
        );
        if ($plain === false) {
            return false;
        }
        $writtenAt = unpack('J', $plain)[1];
        if ($this->idleSeconds > 0 && time() - $writtenAt > $this->idleSeconds) {
            return false;
        }
        $this->openedAt = $writtenAt;
        $this->openedData = substr($plain, 8);
        return $this->openedData !== '';
    }
}
