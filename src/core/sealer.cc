#include "sealedcookie/sealer.h"

#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

namespace sealedcookie {
namespace {

constexpr char kAdLabel[] = "sealedcookie";
constexpr size_t kAdLabelSizeInBytes = sizeof kAdLabel - 1;
constexpr size_t kMaxAdSizeInBytes = kAdLabelSizeInBytes + 1 + kKeyIdSizeInBytes + 1 +
                                     kMaxApplicationSizeInBytes + 1 + kMaxCookieNameSizeInBytes +
                                     2 + kMaxSessionIdSizeInBytes;
// Sessions up to this size are sealed without touching the heap.
constexpr size_t kStackEnvelopeSizeInBytes = 8192;
constexpr size_t kNonceOffset = 1 + kKeyIdSizeInBytes;
constexpr size_t kHintOffset = kNonceOffset + kNonceSizeInBytes - kBindingHintSizeInBytes;
constexpr char kHintLabel[] = "sealedcookie binding hint";
// Where the plaintext header and the payload start in the envelope.
constexpr size_t kPlaintextOffset = kHeaderSizeInBytes;
constexpr size_t kPayloadOffset = kPlaintextOffset + kPlaintextHeaderSizeInBytes;

void PutUint32(uint8_t* out, uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v);
}
uint32_t GetUint32(const uint8_t* in) {
  return (uint32_t{in[0]} << 24) | (uint32_t{in[1]} << 16) | (uint32_t{in[2]} << 8) | in[3];
}
void PutInt64(uint8_t* out, int64_t value) {
  uint64_t v = static_cast<uint64_t>(value);
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v);
}
int64_t GetInt64(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return static_cast<int64_t>(v);
}

bool ContextFits(const SealContext& context) {
  return context.application.size() <= kMaxApplicationSizeInBytes &&
         context.cookie_name.size() <= kMaxCookieNameSizeInBytes &&
         context.session_id.size() <= kMaxSessionIdSizeInBytes;
}

// Writes the associated data for (version, key id, context); returns its size.
size_t BuildAssociatedData(uint8_t version, uint32_t key_id, const SealContext& context,
                           uint8_t* out) {
  uint8_t* p = out;
  std::memcpy(p, kAdLabel, kAdLabelSizeInBytes);
  p += kAdLabelSizeInBytes;
  *p++ = version;
  PutUint32(p, key_id);
  p += kKeyIdSizeInBytes;
  for (const std::string_view part : {context.application, context.cookie_name}) {
    *p++ = static_cast<uint8_t>(part.size());
    if (!part.empty()) {
      std::memcpy(p, part.data(), part.size());
      p += part.size();
    }
  }
  *p++ = static_cast<uint8_t>(context.session_id.size() >> 8);
  *p++ = static_cast<uint8_t>(context.session_id.size());
  if (!context.session_id.empty()) {
    std::memcpy(p, context.session_id.data(), context.session_id.size());
    p += context.session_id.size();
  }
  return static_cast<size_t>(p - out);
}

// The binding hint of a value sealed with `key` for `context` (sealer.h).
void BindingHint(const Key& key, const SealContext& context, uint8_t* out) {
  uint8_t ad[kMaxAdSizeInBytes];
  const size_t ad_size = BuildAssociatedData(kEnvelopeVersion, key.id(), context, ad);
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.hint_key(), kKeySizeInBytes, crypto_generichash_BYTES_MIN);
  crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(kHintLabel),
                            sizeof kHintLabel - 1);
  crypto_generichash_update(&state, ad, ad_size);
  uint8_t digest[crypto_generichash_BYTES_MIN];
  crypto_generichash_final(&state, digest, sizeof digest);
  std::memcpy(out, digest, kBindingHintSizeInBytes);
}

// now - then, saturated instead of overflowing (times come from sealed values).
int64_t ElapsedSeconds(int64_t now, int64_t then) {
  int64_t elapsed = 0;
  if (__builtin_sub_overflow(now, then, &elapsed)) {
    return then > now ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return elapsed;
}

// kOk, or why the times of an authentic value refuse it.
OpenStatus ExpiryStatus(int64_t created_at, int64_t last_write_at, const Lifetimes& lifetimes,
                        int64_t now) {
  // Far enough ahead, a value would outlive every lifetime: a server clock gone
  // wrong must not mint sessions that never expire.
  if (ElapsedSeconds(created_at, now) > kMaxClockSkewSeconds ||
      ElapsedSeconds(last_write_at, now) > kMaxClockSkewSeconds) {
    return OpenStatus::kFromTheFuture;
  }
  if (lifetimes.revoked_before_seconds > 0 && created_at < lifetimes.revoked_before_seconds) {
    return OpenStatus::kRevoked;
  }
  if (lifetimes.absolute_lifetime_seconds > 0 &&
      ElapsedSeconds(now, created_at) > lifetimes.absolute_lifetime_seconds) {
    return OpenStatus::kAbsoluteExpired;
  }
  // Compared as the files handler compares a file's age: 0 or less fails closed.
  if (ElapsedSeconds(now, last_write_at) > lifetimes.idle_timeout_seconds) {
    return OpenStatus::kIdleExpired;
  }
  return OpenStatus::kOk;
}

// --- Payload: the session, deflated or not ------------------------------------

// Raw-deflates `session` into `out` (size field first) and sets *size, only
// when that takes at most `room` bytes; deflate stops as soon as its output
// passes the room. Writes up to room + 1 bytes: deflate reports the end of a
// stream only while output space is left, so one byte more tells "exactly
// fits" from "does not fit".
bool DeflateInto(std::string_view session, size_t room, uint8_t* out, size_t* size) {
  if (room <= kInflatedSizeFieldInBytes || session.size() > UINT32_MAX) return false;
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return false;
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(session.data()));
  stream.avail_in = static_cast<uInt>(session.size());
  stream.next_out = out + kInflatedSizeFieldInBytes;
  const size_t limit = room - kInflatedSizeFieldInBytes;
  stream.avail_out = static_cast<uInt>(std::min<size_t>(limit + 1, UINT32_MAX));
  const bool ended = deflate(&stream, Z_FINISH) == Z_STREAM_END;
  const size_t compressed = stream.total_out;
  const bool fits = ended && compressed <= limit;
  deflateEnd(&stream);
  if (!fits) return false;
  PutUint32(out, static_cast<uint32_t>(session.size()));
  *size = kInflatedSizeFieldInBytes + compressed;
  return true;
}

// Inflates exactly out_size bytes from in[0, in_size): false when the stream
// is not a complete raw deflate of exactly that many bytes.
bool InflateExactly(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size) {
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return false;
  stream.next_in = const_cast<Bytef*>(in);
  stream.avail_in = static_cast<uInt>(in_size);
  stream.next_out = out;
  stream.avail_out = static_cast<uInt>(out_size);
  // Output is capped at the announced size: a stream that wants more fails.
  const bool complete = inflate(&stream, Z_FINISH) == Z_STREAM_END &&
                        stream.total_out == out_size && stream.avail_in == 0;
  inflateEnd(&stream);
  return complete;
}

// Writes the payload for `session` at `payload`, in at most `room` bytes (and
// scribbles on one more; the envelope's tag follows): deflated when asked and
// shorter than the session, else as is. False when neither fits; else sets
// *flags and *size.
static_assert(kTagSizeInBytes >= 1, "deflate's extra byte lands where the tag goes");
bool WritePayload(std::string_view session, bool compress, size_t room, uint8_t* payload,
                  uint8_t* flags, size_t* size) {
  // Compression is used only when it makes the payload shorter.
  const size_t shorter = std::min(room, session.empty() ? 0 : session.size() - 1);
  if (compress && DeflateInto(session, shorter, payload, size)) {
    *flags = kFlagDeflate;
    return true;
  }
  if (session.size() > room) return false;
  if (!session.empty()) std::memcpy(payload, session.data(), session.size());
  *flags = 0;
  *size = session.size();
  return true;
}

// --- Plaintext header: flags | created_at | last_write_at ----------------------

void WritePlaintextHeader(uint8_t flags, int64_t created_at, int64_t now, uint8_t* plaintext) {
  plaintext[0] = flags;
  PutInt64(plaintext + 1, created_at);
  PutInt64(plaintext + 9, now);
}

// What an authentic plaintext says.
struct Plaintext {
  int64_t created_at = 0;
  int64_t last_write_at = 0;
  bool compressed = false;
  size_t payload_offset = 0;  // in the envelope, past the size field when compressed
  size_t payload_size = 0;
  size_t session_size = 0;  // the inflated size when compressed
};

// Reads the plaintext header of a decrypted envelope (plaintext_size >= the
// header's size). kOk, kUnsupportedVersion for unknown flags, or kMalformed.
OpenStatus ReadPlaintext(const uint8_t* envelope, size_t plaintext_size, size_t max_session_size,
                         Plaintext* out) {
  const uint8_t* plaintext = envelope + kPlaintextOffset;
  const uint8_t flags = plaintext[0];
  if ((flags & ~kFlagDeflate) != 0) return OpenStatus::kUnsupportedVersion;
  out->created_at = GetInt64(plaintext + 1);
  out->last_write_at = GetInt64(plaintext + 9);
  out->compressed = (flags & kFlagDeflate) != 0;
  out->payload_offset = kPayloadOffset;
  out->payload_size = plaintext_size - kPlaintextHeaderSizeInBytes;
  out->session_size = out->payload_size;
  if (!out->compressed) return OpenStatus::kOk;
  if (out->payload_size < kInflatedSizeFieldInBytes) return OpenStatus::kMalformed;
  out->session_size = GetUint32(envelope + kPayloadOffset);
  if (out->session_size > max_session_size) return OpenStatus::kMalformed;
  out->payload_offset += kInflatedSizeFieldInBytes;
  out->payload_size -= kInflatedSizeFieldInBytes;
  return OpenStatus::kOk;
}

// --- Envelope: version | key id | nonce, and base64url ---------------------------

void WriteEnvelopeHeader(const Key& key, const SealContext& context, uint8_t* envelope) {
  envelope[0] = kEnvelopeVersion;
  PutUint32(envelope + 1, key.id());
  randombytes_buf(envelope + kNonceOffset, kNonceSizeInBytes - kBindingHintSizeInBytes);
  BindingHint(key, context, envelope + kHintOffset);
}

// Why an envelope that `key` names did not authenticate for `context`.
OpenStatus WhyNotAuthentic(const Key& key, const SealContext& context, const uint8_t* envelope) {
  uint8_t expected[kBindingHintSizeInBytes];
  BindingHint(key, context, expected);
  return std::memcmp(expected, envelope + kHintOffset, sizeof expected) == 0
             ? OpenStatus::kAuthenticationFailed
             : OpenStatus::kMoved;
}

// Decodes `sealed` into `envelope` and finds the key its id names. Sets *key_id
// once the version is known; on kOk sets *size and *key.
OpenStatus ReadEnvelope(std::string_view sealed, const KeyRing* ring, uint8_t* envelope,
                        size_t* size, uint32_t* key_id, const Key** key) {
  const ptrdiff_t decoded = Base64UrlDecode(sealed, envelope);
  if (decoded < static_cast<ptrdiff_t>(kEnvelopeOverheadInBytes)) return OpenStatus::kMalformed;
  if (envelope[0] != kEnvelopeVersion) return OpenStatus::kUnsupportedVersion;
  *key_id = GetUint32(envelope + 1);
  *key = ring == nullptr ? nullptr : ring->FindById(*key_id);
  if (*key == nullptr) return OpenStatus::kUnknownKey;
  *size = static_cast<size_t>(decoded);
  return OpenStatus::kOk;
}

// --- AEAD: the plaintext, in place, under the associated data -------------------

// Encrypts the envelope's plaintext in place and appends the tag.
void EncryptInPlace(const Key& key, const SealContext& context, uint8_t* envelope,
                    size_t plaintext_size) {
  uint8_t ad[kMaxAdSizeInBytes];
  const size_t ad_size = BuildAssociatedData(kEnvelopeVersion, key.id(), context, ad);
  uint8_t* plaintext = envelope + kPlaintextOffset;
  // libsodium allows the ciphertext to overwrite the plaintext.
  crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, nullptr, plaintext, plaintext_size, ad,
                                             ad_size, nullptr, envelope + kNonceOffset,
                                             key.bytes());
}

// Verifies and decrypts the envelope in place; false (nothing decrypted) when
// the value is not authentic for this key and context.
bool DecryptInPlace(const Key& key, const SealContext& context, uint8_t* envelope,
                    size_t envelope_size, size_t* plaintext_size) {
  if (!ContextFits(context)) return false;
  uint8_t ad[kMaxAdSizeInBytes];
  const size_t ad_size = BuildAssociatedData(kEnvelopeVersion, key.id(), context, ad);
  uint8_t* ciphertext = envelope + kPlaintextOffset;
  unsigned long long size = 0;
  // libsodium verifies the tag before it decrypts, and clears the output on failure.
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, &size, nullptr, ciphertext,
                                                 envelope_size - kPlaintextOffset, ad, ad_size,
                                                 envelope + kNonceOffset, key.bytes()) != 0) {
    return false;
  }
  *plaintext_size = static_cast<size_t>(size);
  return true;
}

// --- The session at the front of the caller's buffer ----------------------------

// The caller's buffer and how much of it Open has used.
struct Region {
  SessionBuffer* buffer;
  uint8_t* bytes;
  size_t size;
};

// Leaves the session at the buffer's start and the buffer exactly that long;
// the bytes it drops are wiped first.
OpenStatus ShrinkToSession(Region* region, size_t session_size) {
  sodium_memzero(region->bytes + session_size, region->size - session_size);
  uint8_t* bytes = region->buffer->Resize(session_size);
  if (bytes == nullptr) return OpenStatus::kOutOfMemory;
  *region = {region->buffer, bytes, session_size};
  return OpenStatus::kOk;
}

// An uncompressed payload: one memmove to the front.
OpenStatus MoveToFront(Region* region, const Plaintext& plaintext) {
  std::memmove(region->bytes, region->bytes + plaintext.payload_offset, plaintext.payload_size);
  return ShrinkToSession(region, plaintext.payload_size);
}

// A compressed payload: inflated after the envelope, then moved to the front.
OpenStatus InflateToFront(Region* region, size_t envelope_size, const Plaintext& plaintext) {
  const size_t grown = envelope_size + plaintext.session_size;
  uint8_t* bytes = region->buffer->Resize(grown);
  if (bytes == nullptr) return OpenStatus::kOutOfMemory;
  *region = {region->buffer, bytes, grown};
  if (!InflateExactly(bytes + plaintext.payload_offset, plaintext.payload_size,
                      bytes + envelope_size, plaintext.session_size)) {
    return OpenStatus::kMalformed;
  }
  std::memmove(bytes, bytes + envelope_size, plaintext.session_size);
  return ShrinkToSession(region, plaintext.session_size);
}

// Scratch memory for the envelope Seal builds: on the stack when it is small,
// else the caller's (or the heap when the caller has none).
class SealScratch {
 public:
  // nullptr when a large envelope's memory could not be allocated.
  uint8_t* Get(size_t size, SessionBuffer* caller) {
    if (size <= sizeof stack_) return stack_;
    if (caller != nullptr) return caller->Resize(size);
    heap_.reset(new (std::nothrow) uint8_t[size]);
    return heap_.get();
  }

 private:
  uint8_t stack_[kStackEnvelopeSizeInBytes];
  std::unique_ptr<uint8_t[]> heap_;
};

OpenResult Failed(OpenStatus status, uint32_t key_id = 0) {
  OpenResult result;
  result.status = status;
  result.key_id = key_id;
  return result;
}

}  // namespace

size_t MaxSessionSizeFor(size_t max_sealed_size) {
  const size_t envelope = Base64UrlDecodedMaxSize(max_sealed_size);
  return envelope < kEnvelopeOverheadInBytes ? 0 : envelope - kEnvelopeOverheadInBytes;
}

SealResult Sealer::Seal(const SealContext& context, std::string_view session,
                        const SealOptions& options, char* out, size_t out_size,
                        SessionBuffer* scratch) const {
  if (ring_ == nullptr || ring_->empty()) return {SealError::kNoKey, 0};
  if (!ContextFits(context)) return {SealError::kBadContext, 0};
  const size_t uncompressed_size = SealedSize(session.size());
  if (!options.compress && uncompressed_size > options.max_sealed_size) {
    return {SealError::kTooLarge, uncompressed_size};
  }
  // Open would refuse it: refused before it is compressed or copied.
  if (session.size() > max_session_size_) return {SealError::kSessionTooLarge, 0};
  if (out_size < SealBufferSize(session.size(), options.max_sealed_size)) {
    return {SealError::kBufferTooSmall, 0};
  }

  // Built in place (header, plaintext header, payload), encrypted where it
  // lies, then encoded into `out`. The payload gets no more room than a value
  // within the limit can hold, so the scratch memory is bounded by the limit.
  const size_t room = std::min(session.size(), MaxSessionSizeFor(options.max_sealed_size));
  SealScratch envelope_memory;
  uint8_t* envelope = envelope_memory.Get(kEnvelopeOverheadInBytes + room, scratch);
  if (envelope == nullptr) return {SealError::kOutOfMemory, 0};
  uint8_t flags = 0;
  size_t payload_size = 0;
  if (!WritePayload(session, options.compress, room, envelope + kPayloadOffset, &flags,
                    &payload_size)) {
    // Only a compressed value gets here, stopped before its full length was known.
    sodium_memzero(envelope + kPayloadOffset, room + 1);
    return {SealError::kTooLarge, 0};
  }
  const size_t envelope_size = kEnvelopeOverheadInBytes + payload_size;
  if (Base64UrlEncodedSize(envelope_size) > options.max_sealed_size) {  // not even SealedSize(0)
    sodium_memzero(envelope + kPayloadOffset, payload_size);
    return {SealError::kTooLarge, Base64UrlEncodedSize(envelope_size)};
  }
  const int64_t now = clock_->NowSeconds();
  const Key& key = ring_->SealingKey(now);
  int64_t created_at = options.created_at_seconds != 0 ? options.created_at_seconds : now;
  if (options.created_at_seconds == 0 && options.revoked_before_seconds > now &&
      options.revoked_before_seconds - now <= kMaxClockSkewSeconds) {
    created_at = options.revoked_before_seconds;
  }
  WriteEnvelopeHeader(key, context, envelope);
  WritePlaintextHeader(flags, created_at, now, envelope + kPlaintextOffset);
  EncryptInPlace(key, context, envelope, kPlaintextHeaderSizeInBytes + payload_size);
  return {SealError::kNone, Base64UrlEncode(envelope, envelope_size, out), key.id()};
}

OpenResult Sealer::Open(const SealContext& context, std::string_view sealed,
                        const Lifetimes& lifetimes, SessionBuffer* buffer) const {
  if (sealed.size() < SealedSize(0)) return Failed(OpenStatus::kMalformed);
  const size_t decoded_size = Base64UrlDecodedMaxSize(sealed.size());
  // A value sealed within the bound is no longer than the session it holds
  // (compressed only when shorter): a longer one is refused before allocating.
  if (decoded_size - kEnvelopeOverheadInBytes > max_session_size_) {
    return Failed(OpenStatus::kMalformed);
  }
  Region region{buffer, buffer->Resize(decoded_size), decoded_size};
  if (region.bytes == nullptr) return Failed(OpenStatus::kOutOfMemory);
  size_t envelope_size = 0;
  uint32_t key_id = 0;
  const Key* key = nullptr;
  // Until decryption the buffer holds only the public ciphertext.
  const OpenStatus envelope =
      ReadEnvelope(sealed, ring_, region.bytes, &envelope_size, &key_id, &key);
  if (envelope != OpenStatus::kOk) return Failed(envelope, key_id);
  size_t plaintext_size = 0;
  if (!DecryptInPlace(*key, context, region.bytes, envelope_size, &plaintext_size)) {
    return Failed(
        ContextFits(context) ? WhyNotAuthentic(*key, context, region.bytes) : OpenStatus::kMoved,
        key_id);
  }
  Plaintext plaintext;
  OpenStatus status = ReadPlaintext(region.bytes, plaintext_size, max_session_size_, &plaintext);
  if (status == OpenStatus::kOk) {
    status = ExpiryStatus(plaintext.created_at, plaintext.last_write_at, lifetimes,
                          clock_->NowSeconds());
  }
  if (status == OpenStatus::kOk) {
    status = plaintext.compressed ? InflateToFront(&region, envelope_size, plaintext)
                                  : MoveToFront(&region, plaintext);
  }
  OpenResult result = Failed(status, key_id);
  if (status != OpenStatus::kOk) {
    sodium_memzero(region.bytes, region.size);
    if (status == OpenStatus::kIdleExpired || status == OpenStatus::kAbsoluteExpired ||
        status == OpenStatus::kRevoked) {
      result.created_at_seconds = plaintext.created_at;
      result.last_write_at_seconds = plaintext.last_write_at;
    }
    return result;
  }
  result.session_size = plaintext.session_size;
  result.created_at_seconds = plaintext.created_at;
  result.last_write_at_seconds = plaintext.last_write_at;
  result.opened_with_secondary_key =
      static_cast<size_t>(key - ring_->begin()) > ring_->SealingIndex(clock_->NowSeconds());
  result.compressed = plaintext.compressed;
  return result;
}

bool Sealer::NeedsRefresh(const OpenResult& opened, const Lifetimes& lifetimes) const {
  if (opened.status != OpenStatus::kOk) return false;
  if (opened.opened_with_secondary_key) return true;
  // None to refresh for, or one that expires within the second.
  if (lifetimes.idle_timeout_seconds <= 0 || lifetimes.idle_timeout_seconds == kNoIdleTimeout) {
    return false;
  }
  const int64_t age = ElapsedSeconds(clock_->NowSeconds(), opened.last_write_at_seconds);
  return age >= lifetimes.idle_timeout_seconds / 4;
}

}  // namespace sealedcookie
