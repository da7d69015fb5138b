// Sealing a session into a cookie value, and opening it again.
//
// Envelope, version 2 (all integers big-endian), then base64url without padding:
//   version(1) | key_id(4) | nonce(24) | XChaCha20-Poly1305(plaintext) | tag(16)
//   nonce      = random(20) | binding hint(4)
//   hint       = BLAKE2b-128(key = the key's hint key, "sealedcookie binding hint"
//                | associated)[0..4]
//   plaintext  = flags(1) | created_at(8) | last_write_at(8) | payload
//   payload    = session bytes, or when flags has kFlagDeflate:
//                session size(4) | raw deflate of the session bytes
//   associated = "sealedcookie" | version | key_id | u8 len | application
//                | u8 len | cookie name | u16 len | session id
// The key id picks the key directly (no trial decryption); the associated data
// binds a value to its application, its cookie and its session id, so it cannot
// be moved. The hint says only, when a value fails to open, whether it was
// bound elsewhere (moved) or altered (tampered): a diagnosis, never a
// decision. Version 1 (before the application was bound) is no longer opened.
// Times are Unix seconds and are enforced here, not by the browser.
#ifndef SEALEDCOOKIE_SEALER_H_
#define SEALEDCOOKIE_SEALER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sealedcookie/base64url.h"
#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"

namespace sealedcookie {

constexpr uint8_t kEnvelopeVersion = 2;
constexpr size_t kNonceSizeInBytes = 24;
constexpr size_t kBindingHintSizeInBytes = 4;  // the nonce's last bytes
constexpr size_t kTagSizeInBytes = 16;
constexpr size_t kHeaderSizeInBytes = 1 + kKeyIdSizeInBytes + kNonceSizeInBytes;
constexpr size_t kPlaintextHeaderSizeInBytes = 1 + 8 + 8;
// Plaintext flags. A flag this build does not know makes a value unsupported.
constexpr uint8_t kFlagDeflate = 0x01;
constexpr size_t kInflatedSizeFieldInBytes = 4;
// Default for the one bound on a session's size (inflated, when it travels
// compressed): Seal refuses a larger session and Open a value holding one, so
// nothing is written that cannot be read back (Sealer::set_max_session_size).
constexpr size_t kDefaultMaxSessionSizeInBytes = 1 << 20;
// How far ahead of this server's clock a value's created or last write time
// may be (another server's clock running fast); further ahead is
// OpenStatus::kFromTheFuture, which no lifetime would ever expire.
constexpr int64_t kMaxClockSkewSeconds = 5 * 60;
constexpr size_t kEnvelopeOverheadInBytes =
    kHeaderSizeInBytes + kPlaintextHeaderSizeInBytes + kTagSizeInBytes;
// Longest application, cookie name and session id the associated data can carry.
constexpr size_t kMaxApplicationSizeInBytes = 255;
constexpr size_t kMaxCookieNameSizeInBytes = 255;
constexpr size_t kMaxSessionIdSizeInBytes = 256;  // PHP allows at most 256

// Exact length of the sealed value (base64url characters) for a session of
// `session_size` bytes sealed without compression; with compression the value
// is never longer than this (compression is used only when it is shorter).
constexpr size_t SealedSize(size_t session_size) {
  return Base64UrlEncodedSize(session_size + kEnvelopeOverheadInBytes);
}

// Largest session that seals into at most `max_sealed_size` characters. Also 0
// when not even an empty session fits: compare the limit with SealedSize(0).
[[nodiscard]] size_t MaxSessionSizeFor(size_t max_sealed_size);

// Characters Seal needs in `out` for a session of `session_size` bytes and a
// limit of `max_sealed_size`: never more than the limit, so a huge session
// costs its caller no huge buffer.
constexpr size_t SealBufferSize(size_t session_size, size_t max_sealed_size) {
  return SealedSize(session_size) < max_sealed_size ? SealedSize(session_size) : max_sealed_size;
}

// What a value is bound to. `application` is the one part no application code
// may choose (the glue takes it from an administrator's setting): a value
// sealed for one application never opens in another that shares the key.
struct SealContext {
  std::string_view cookie_name;
  std::string_view session_id;
  std::string_view application;
};

struct SealOptions {
  // Carried over from the session being rewritten, or 0 for a new one (now).
  int64_t created_at_seconds = 0;
  // Longest sealed value allowed; longer is kTooLarge, refused before any crypto.
  size_t max_sealed_size = SIZE_MAX;
  // Deflate the session first, when that makes the value shorter. Off by
  // default: compressed length leaks how secrets and attacker-chosen data in
  // the same session resemble each other (CRIME/BREACH).
  bool compress = false;
  // Lifetimes::revoked_before_seconds. A new session sealed while this
  // server's clock is behind it, by at most kMaxClockSkewSeconds, is dated at
  // it, so a server with a slow clock does not create revoked sessions.
  int64_t revoked_before_seconds = 0;
};

constexpr int64_t kNoIdleTimeout = INT64_MAX;

struct Lifetimes {
  // A value last written more than this many seconds ago is expired. Always
  // enforced, the way ext/session's files handler collects a session whose
  // file is older than session.gc_maxlifetime: 0 keeps a value for the second
  // it was written in, less than 0 expires it at once. kNoIdleTimeout: none.
  int64_t idle_timeout_seconds = kNoIdleTimeout;
  // A value created more than this many seconds ago is expired; 0 means no limit.
  int64_t absolute_lifetime_seconds = 0;
  // A value created before this Unix time is revoked ("log everyone out"); 0: none.
  int64_t revoked_before_seconds = 0;
};

enum class SealError {
  kNone,
  kTooLarge,         // the value would exceed max_sealed_size; nothing was written
  kSessionTooLarge,  // the session exceeds max_session_size(); nothing was written
  kBufferTooSmall,   // out_size < SealBufferSize(session, max_sealed_size)
  kNoKey,            // the ring is empty
  kOutOfMemory,      // a large session's scratch buffer could not be allocated
  kBadContext,       // application, cookie name or session id too long
};

struct SealResult {
  SealError error = SealError::kNone;
  // Characters written on kNone. On kTooLarge, the length the value would have
  // had (for the warning), or 0 when compression stopped as soon as the value
  // passed max_sealed_size, its full length unknown.
  size_t sealed_size = 0;
  // On kNone, the id of the key that sealed it.
  uint32_t key_id = 0;
};

enum class OpenStatus {
  kOk,
  kMalformed,             // not base64url, too short or too long, a payload that does not
                          // inflate, or a session over max_session_size()
  kUnsupportedVersion,    // a version (or plaintext flag) this build does not know
  kUnknownKey,            // no key in the ring has this id
  kAuthenticationFailed,  // tampered (its binding hint is the one this context expects)
  kMoved,                 // bound to another application, cookie or session (or its
                          // binding hint tampered): the hint differs from this context's
  kIdleExpired,           // last write older than the idle timeout
  kAbsoluteExpired,       // created longer ago than the absolute lifetime
  kRevoked,               // created before Lifetimes::revoked_before_seconds
  kFromTheFuture,         // created or last written over kMaxClockSkewSeconds from now
  kOutOfMemory,           // the buffer could not be resized
};

// Memory owned by the caller (the glue: emalloc'd, under memory_limit). Open
// writes the session into it, resizing it as it goes; its final size is the
// session's. Seal builds an envelope too large for its stack buffer in it.
class SessionBuffer {
 public:
  // Makes the buffer `size` bytes long, keeping its first min(old size, size)
  // bytes; returns its start, or nullptr when memory ran out (the buffer is
  // then as it was). Open wipes what it drops when shrinking, but memory a
  // reallocation moves away from is the buffer's to wipe, if that matters.
  virtual uint8_t* Resize(size_t size) = 0;

 protected:
  ~SessionBuffer() = default;
};

struct OpenResult {
  OpenStatus status = OpenStatus::kMalformed;
  // On kOk the session is the buffer's first session_size bytes (and the
  // buffer is exactly that long). The times are also set, authentic, on
  // kIdleExpired, kAbsoluteExpired and kRevoked.
  size_t session_size = 0;
  int64_t created_at_seconds = 0;
  int64_t last_write_at_seconds = 0;
  // True when the key that opened it is listed after the key that seals now
  // (an older key): re-seal it. A key listed before (not active yet on this
  // server) is not: a pool's servers do not re-seal each other's values while
  // their clocks disagree about an activation time.
  bool opened_with_secondary_key = false;
  // It travelled deflated (a fact; Open has already inflated it).
  bool compressed = false;
  // The id the value names (set once the envelope was read: on kOk, and on
  // kUnknownKey and every later failure); its key's label is in the ring.
  uint32_t key_id = 0;
};

class Sealer {
 public:
  // Neither pointer is owned; both must outlive the Sealer.
  Sealer(const KeyRing* ring, const Clock* clock) : ring_(ring), clock_(clock) {}

  // Seals `session` with the primary key into `out`, which needs
  // SealBufferSize(session.size(), options.max_sealed_size) characters whether
  // or not the value ends up compressed. Refuses a session over
  // max_session_size() (kSessionTooLarge) and a value that would exceed
  // options.max_sealed_size (kTooLarge) before any crypto: an uncompressed one
  // before any work, a compressed one as soon as deflate's output passes the
  // limit. A large envelope is built in `scratch` (at most the limit's worth of
  // bytes, wiped after use), or on the heap when `scratch` is nullptr.
  [[nodiscard]] SealResult Seal(const SealContext& context, std::string_view session,
                                const SealOptions& options, char* out, size_t out_size,
                                SessionBuffer* scratch = nullptr) const;

  // Opens `sealed` into `buffer`: decoded and decrypted in place, inflated
  // when it travelled compressed, and left at the buffer's start. On any
  // failure the buffer holds no plaintext.
  [[nodiscard]] OpenResult Open(const SealContext& context, std::string_view sealed,
                                const Lifetimes& lifetimes, SessionBuffer* buffer) const;

  // The one bound on a session's size, inflated: Seal refuses a larger session
  // (kSessionTooLarge) and Open a value holding or claiming to inflate to one
  // (kMalformed, before allocating), so nothing sealed is unreadable and a
  // buggy or hostile value cannot make a server allocate without bound.
  void set_max_session_size(size_t bytes) { max_session_size_ = bytes; }
  [[nodiscard]] size_t max_session_size() const { return max_session_size_; }

  // True when an opened, unchanged session should still be re-sealed: it was
  // opened with a secondary key, or a quarter of its idle timeout has passed
  // since its last write (so active users never hit the idle expiry).
  [[nodiscard]] bool NeedsRefresh(const OpenResult& opened, const Lifetimes& lifetimes) const;

 private:
  const KeyRing* ring_;
  const Clock* clock_;
  size_t max_session_size_ = kDefaultMaxSessionSizeInBytes;
};

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_SEALER_H_
