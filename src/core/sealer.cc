#include "sealedcookie/sealer.h"

#include <sodium.h>

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
  if (ring_ == nullptr || ring_->empty()) return SealError::kNoKey;
  if (!ContextFits(context)) return SealError::kBadContext;
  const size_t sealed_size = SealedSize(session.size());
  if (sealed_size > max_sealed_size) return SealError::kTooLarge;
  if (out_size < sealed_size) return SealError::kBufferTooSmall;

  const Key& key = ring_->primary();
  const int64_t now = clock_->NowSeconds();
  const size_t envelope_size = session.size() + kEnvelopeOverheadInBytes;
  uint8_t stack_envelope[kStackEnvelopeSizeInBytes];
  std::unique_ptr<uint8_t[]> heap_envelope;
  uint8_t* envelope = stack_envelope;
  if (envelope_size > sizeof stack_envelope) {
    heap_envelope.reset(new (std::nothrow) uint8_t[envelope_size]);
    if (!heap_envelope) return SealError::kBufferTooSmall;
    envelope = heap_envelope.get();
  }

  envelope[0] = kEnvelopeVersion;
  PutUint32(envelope + 1, key.id());
  uint8_t* nonce = envelope + 1 + kKeyIdSizeInBytes;
  randombytes_buf(nonce, kNonceSizeInBytes);
  uint8_t* plaintext = envelope + kHeaderSizeInBytes;
  plaintext[0] = 0;  // flags: none defined in version 1
  PutInt64(plaintext + 1, created_at_seconds != 0 ? created_at_seconds : now);
  PutInt64(plaintext + 9, now);
  if (!session.empty()) {
    std::memcpy(plaintext + kPlaintextHeaderSizeInBytes, session.data(), session.size());
  }
  const size_t plaintext_size = kPlaintextHeaderSizeInBytes + session.size();

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
  if (plaintext[0] != 0) {  // flags this version does not know
    sodium_memzero(buffer, envelope_size);
    result.status = OpenStatus::kUnsupportedVersion;
    return result;
  }
  result.created_at_seconds = GetInt64(plaintext + 1);
  result.last_write_at_seconds = GetInt64(plaintext + 9);
  result.status = ExpiryStatus(result, lifetimes, clock_->NowSeconds());
  if (result.status != OpenStatus::kOk) {
    sodium_memzero(buffer, envelope_size);
    return result;
  }
  result.session_offset = kHeaderSizeInBytes + kPlaintextHeaderSizeInBytes;
  result.session_size = static_cast<size_t>(plaintext_size) - kPlaintextHeaderSizeInBytes;
  result.opened_with_secondary_key = key->id() != ring_->primary().id();
  return result;
}

bool Sealer::NeedsRefresh(const OpenResult& opened, const Lifetimes& lifetimes) const {
  if (opened.status != OpenStatus::kOk) return false;
  if (opened.opened_with_secondary_key) return true;
  if (lifetimes.idle_timeout_seconds <= 0) return false;
  const int64_t age = ElapsedSeconds(clock_->NowSeconds(), opened.last_write_at_seconds);
  return age >= lifetimes.idle_timeout_seconds / 4;
}

}  // namespace sealedcookie
