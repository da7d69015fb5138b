#include "sealedcookie/sealer.h"

#include <sodium.h>
#include <zlib.h>

#include <cstring>
#include <limits>
#include <memory>

namespace sealedcookie {
namespace {

constexpr char kAdLabel[] = "sealedcookie";
constexpr size_t kAdLabelSizeInBytes = sizeof kAdLabel - 1;
constexpr size_t kMaxAdSizeInBytes = kAdLabelSizeInBytes + 1 + kKeyIdSizeInBytes + 1 +
                                     kMaxCookieNameSizeInBytes + 2 + kMaxSessionIdSizeInBytes;
// Sessions up to this size are sealed without touching the heap.
constexpr size_t kStackEnvelopeSizeInBytes = 8192;

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
  return context.cookie_name.size() <= kMaxCookieNameSizeInBytes &&
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
  *p++ = static_cast<uint8_t>(context.cookie_name.size());
  if (!context.cookie_name.empty()) {
    std::memcpy(p, context.cookie_name.data(), context.cookie_name.size());
    p += context.cookie_name.size();
  }
  *p++ = static_cast<uint8_t>(context.session_id.size() >> 8);
  *p++ = static_cast<uint8_t>(context.session_id.size());
  if (!context.session_id.empty()) {
    std::memcpy(p, context.session_id.data(), context.session_id.size());
    p += context.session_id.size();
  }
  return static_cast<size_t>(p - out);
}

// now - then, saturated instead of overflowing (times come from sealed values).
int64_t ElapsedSeconds(int64_t now, int64_t then) {
  int64_t elapsed = 0;
  if (__builtin_sub_overflow(now, then, &elapsed)) {
    return then > now ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return elapsed;
}

// kOk, or which lifetime an authentic value has outlived.
OpenStatus ExpiryStatus(const OpenResult& opened, const Lifetimes& lifetimes, int64_t now) {
  if (lifetimes.absolute_lifetime_seconds > 0 &&
      ElapsedSeconds(now, opened.created_at_seconds) > lifetimes.absolute_lifetime_seconds) {
    return OpenStatus::kAbsoluteExpired;
  }
  if (lifetimes.idle_timeout_seconds > 0 &&
      ElapsedSeconds(now, opened.last_write_at_seconds) > lifetimes.idle_timeout_seconds) {
    return OpenStatus::kIdleExpired;
  }
  return OpenStatus::kOk;
}

// Raw-deflates `session` into `out` (size field first) and sets *size, only
// when that is shorter than the session itself.
bool DeflateInto(std::string_view session, uint8_t* out, size_t* size) {
  if (session.size() <= kInflatedSizeFieldInBytes + 1 || session.size() > UINT32_MAX) return false;
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return false;
  }
  const size_t room = session.size() - kInflatedSizeFieldInBytes - 1;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(session.data()));
  stream.avail_in = static_cast<uInt>(session.size());
  stream.next_out = out + kInflatedSizeFieldInBytes;
  stream.avail_out = static_cast<uInt>(room);
  // Z_STREAM_END only when everything fit in `room`: compression paid off.
  const bool smaller = deflate(&stream, Z_FINISH) == Z_STREAM_END;
  const size_t compressed = stream.total_out;
  deflateEnd(&stream);
  if (!smaller) return false;
  PutUint32(out, static_cast<uint32_t>(session.size()));
  *size = kInflatedSizeFieldInBytes + compressed;
  return true;
}

}  // namespace

const char* OpenStatusName(OpenStatus status) {
  switch (status) {
    case OpenStatus::kOk:
      return "ok";
    case OpenStatus::kMalformed:
      return "malformed";
    case OpenStatus::kUnsupportedVersion:
      return "unsupported-version";
    case OpenStatus::kUnknownKey:
      return "unknown-key";
    case OpenStatus::kAuthenticationFailed:
      return "authentication-failed";
    case OpenStatus::kIdleExpired:
      return "idle-expired";
    case OpenStatus::kAbsoluteExpired:
      return "absolute-expired";
  }
  return "unknown";
}

size_t MaxSessionSizeFor(size_t max_sealed_size) {
  const size_t envelope = Base64UrlDecodedMaxSize(max_sealed_size);
  return envelope < kEnvelopeOverheadInBytes ? 0 : envelope - kEnvelopeOverheadInBytes;
}

SealError Sealer::Seal(const SealContext& context, std::string_view session,
                       int64_t created_at_seconds, size_t max_sealed_size, char* out,
                       size_t out_size, size_t* written) const {
  SealOptions options;
  options.created_at_seconds = created_at_seconds;
  options.max_sealed_size = max_sealed_size;
  return Seal(context, session, options, out, out_size, written);
}

SealError Sealer::Seal(const SealContext& context, std::string_view session,
                       const SealOptions& options, char* out, size_t out_size,
                       size_t* written) const {
  if (ring_ == nullptr || ring_->empty()) return SealError::kNoKey;
  if (!ContextFits(context)) return SealError::kBadContext;
  if (!options.compress && SealedSize(session.size()) > options.max_sealed_size) {
    *written = SealedSize(session.size());
    return SealError::kTooLarge;
  }
  if (out_size < SealedSize(session.size())) return SealError::kBufferTooSmall;

  // The envelope is built in place (header, plaintext header, payload), the
  // plaintext encrypted where it lies, and the whole encoded into `out`.
  const size_t max_envelope_size = session.size() + kEnvelopeOverheadInBytes;
  uint8_t stack_envelope[kStackEnvelopeSizeInBytes];
  std::unique_ptr<uint8_t[]> heap_envelope;
  uint8_t* envelope = stack_envelope;
  if (max_envelope_size > sizeof stack_envelope) {
    heap_envelope.reset(new (std::nothrow) uint8_t[max_envelope_size]);
    if (!heap_envelope) return SealError::kOutOfMemory;
    envelope = heap_envelope.get();
  }
  uint8_t* plaintext = envelope + kHeaderSizeInBytes;
  uint8_t* payload = plaintext + kPlaintextHeaderSizeInBytes;
  uint8_t flags = 0;
  size_t payload_size = session.size();
  if (options.compress && DeflateInto(session, payload, &payload_size)) {
    flags |= kFlagDeflate;
  } else {
    payload_size = session.size();
  }
  const size_t envelope_size = kEnvelopeOverheadInBytes + payload_size;
  if (Base64UrlEncodedSize(envelope_size) > options.max_sealed_size) {
    sodium_memzero(payload, payload_size);
    *written = Base64UrlEncodedSize(envelope_size);
    return SealError::kTooLarge;
  }
  if (!(flags & kFlagDeflate) && !session.empty()) {
    std::memcpy(payload, session.data(), session.size());
  }

  const Key& key = ring_->primary();
  const int64_t now = clock_->NowSeconds();
  envelope[0] = kEnvelopeVersion;
  PutUint32(envelope + 1, key.id());
  uint8_t* nonce = envelope + 1 + kKeyIdSizeInBytes;
  randombytes_buf(nonce, kNonceSizeInBytes);
  plaintext[0] = flags;
  PutInt64(plaintext + 1, options.created_at_seconds != 0 ? options.created_at_seconds : now);
  PutInt64(plaintext + 9, now);
  const size_t plaintext_size = kPlaintextHeaderSizeInBytes + payload_size;

  uint8_t ad[kMaxAdSizeInBytes];
  const size_t ad_size = BuildAssociatedData(kEnvelopeVersion, key.id(), context, ad);
  unsigned long long ciphertext_size = 0;
  // In place: libsodium allows the ciphertext to overwrite the plaintext.
  crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, &ciphertext_size, plaintext, plaintext_size,
                                             ad, ad_size, nullptr, nonce, key.bytes());
  *written = Base64UrlEncode(envelope, envelope_size, out);
  return SealError::kNone;
}

OpenResult Sealer::Open(const SealContext& context, std::string_view sealed,
                        const Lifetimes& lifetimes, uint8_t* buffer, size_t buffer_size) const {
  OpenResult result;
  result.status = OpenStatus::kMalformed;
  if (sealed.size() < SealedSize(0) || buffer_size < OpenBufferSize(sealed.size())) return result;
  const ptrdiff_t decoded = Base64UrlDecode(sealed, buffer);
  if (decoded < static_cast<ptrdiff_t>(kEnvelopeOverheadInBytes)) return result;
  const size_t envelope_size = static_cast<size_t>(decoded);

  if (buffer[0] != kEnvelopeVersion) {
    result.status = OpenStatus::kUnsupportedVersion;
    return result;
  }
  const uint32_t key_id = GetUint32(buffer + 1);
  const Key* key = ring_ == nullptr ? nullptr : ring_->FindById(key_id);
  if (key == nullptr) {
    result.status = OpenStatus::kUnknownKey;
    return result;
  }
  if (!ContextFits(context)) {
    result.status = OpenStatus::kAuthenticationFailed;
    return result;
  }

  uint8_t ad[kMaxAdSizeInBytes];
  const size_t ad_size = BuildAssociatedData(kEnvelopeVersion, key_id, context, ad);
  const uint8_t* nonce = buffer + 1 + kKeyIdSizeInBytes;
  uint8_t* ciphertext = buffer + kHeaderSizeInBytes;
  unsigned long long plaintext_size = 0;
  // libsodium verifies the tag before it decrypts, and clears the output on failure.
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, &plaintext_size, nullptr, ciphertext,
                                                 envelope_size - kHeaderSizeInBytes, ad, ad_size,
                                                 nonce, key->bytes()) != 0) {
    result.status = OpenStatus::kAuthenticationFailed;
    return result;
  }
  const uint8_t* plaintext = ciphertext;
  const uint8_t flags = plaintext[0];
  size_t payload_offset = kHeaderSizeInBytes + kPlaintextHeaderSizeInBytes;
  size_t payload_size = static_cast<size_t>(plaintext_size) - kPlaintextHeaderSizeInBytes;
  if ((flags & ~kFlagDeflate) != 0) {  // flags this version does not know
    sodium_memzero(buffer, envelope_size);
    result.status = OpenStatus::kUnsupportedVersion;
    return result;
  }
  if (flags & kFlagDeflate) {
    if (payload_size < kInflatedSizeFieldInBytes ||
        GetUint32(buffer + payload_offset) > max_inflated_size_) {
      sodium_memzero(buffer, envelope_size);
      result.status = OpenStatus::kMalformed;
      return result;
    }
    result.compressed = true;
    result.session_size = GetUint32(buffer + payload_offset);
    payload_offset += kInflatedSizeFieldInBytes;
    payload_size -= kInflatedSizeFieldInBytes;
    result.compressed_size = payload_size;
  } else {
    result.session_size = payload_size;
  }
  result.created_at_seconds = GetInt64(plaintext + 1);
  result.last_write_at_seconds = GetInt64(plaintext + 9);
  result.status = ExpiryStatus(result, lifetimes, clock_->NowSeconds());
  if (result.status != OpenStatus::kOk) {
    sodium_memzero(buffer, envelope_size);
    result.session_size = 0;
    result.compressed = false;
    result.compressed_size = 0;
    return result;
  }
  result.session_offset = payload_offset;
  result.opened_with_secondary_key = key->id() != ring_->primary().id();
  return result;
}

bool Sealer::Inflate(const OpenResult& opened, const uint8_t* buffer, uint8_t* out,
                     size_t out_size) {
  if (opened.status != OpenStatus::kOk || !opened.compressed || out_size < opened.session_size) {
    return false;
  }
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return false;
  stream.next_in = const_cast<Bytef*>(buffer + opened.session_offset);
  stream.avail_in = static_cast<uInt>(opened.compressed_size);
  stream.next_out = out;
  stream.avail_out = static_cast<uInt>(opened.session_size);
  // Output is capped at the announced size: a stream that wants more fails.
  const bool complete = inflate(&stream, Z_FINISH) == Z_STREAM_END &&
                        stream.total_out == opened.session_size && stream.avail_in == 0;
  inflateEnd(&stream);
  return complete;
}

bool Sealer::NeedsRefresh(const OpenResult& opened, const Lifetimes& lifetimes) const {
  if (opened.status != OpenStatus::kOk) return false;
  if (opened.opened_with_secondary_key) return true;
  if (lifetimes.idle_timeout_seconds <= 0) return false;
  const int64_t age = ElapsedSeconds(clock_->NowSeconds(), opened.last_write_at_seconds);
  return age >= lifetimes.idle_timeout_seconds / 4;
}

}  // namespace sealedcookie
