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
constexpr size_t kNonceOffset = 1 + kKeyIdSizeInBytes;
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
OpenStatus ExpiryStatus(int64_t created_at, int64_t last_write_at, const Lifetimes& lifetimes,
                        int64_t now) {
  if (lifetimes.absolute_lifetime_seconds > 0 &&
      ElapsedSeconds(now, created_at) > lifetimes.absolute_lifetime_seconds) {
    return OpenStatus::kAbsoluteExpired;
  }
  if (lifetimes.idle_timeout_seconds > 0 &&
      ElapsedSeconds(now, last_write_at) > lifetimes.idle_timeout_seconds) {
    return OpenStatus::kIdleExpired;
  }
  return OpenStatus::kOk;
}

// --- Payload: the session, deflated or not ------------------------------------

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

// Writes the payload for `session` at `payload`: deflated when asked and
// shorter, else as is. Returns the plaintext flags; sets *size.
uint8_t WritePayload(std::string_view session, bool compress, uint8_t* payload, size_t* size) {
  if (compress && DeflateInto(session, payload, size)) return kFlagDeflate;
  if (!session.empty()) std::memcpy(payload, session.data(), session.size());
  *size = session.size();
  return 0;
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
OpenStatus ReadPlaintext(const uint8_t* envelope, size_t plaintext_size, size_t max_inflated_size,
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
  if (out->session_size > max_inflated_size) return OpenStatus::kMalformed;
  out->payload_offset += kInflatedSizeFieldInBytes;
  out->payload_size -= kInflatedSizeFieldInBytes;
  return OpenStatus::kOk;
}

// --- Envelope: version | key id | nonce, and base64url ---------------------------

void WriteEnvelopeHeader(uint32_t key_id, uint8_t* envelope) {
  envelope[0] = kEnvelopeVersion;
  PutUint32(envelope + 1, key_id);
  randombytes_buf(envelope + kNonceOffset, kNonceSizeInBytes);
}

// Decodes `sealed` into `envelope` and finds the key its id names. On kOk sets
// *size and *key.
OpenStatus ReadEnvelope(std::string_view sealed, const KeyRing* ring, uint8_t* envelope,
                        size_t* size, const Key** key) {
  const ptrdiff_t decoded = Base64UrlDecode(sealed, envelope);
  if (decoded < static_cast<ptrdiff_t>(kEnvelopeOverheadInBytes)) return OpenStatus::kMalformed;
  if (envelope[0] != kEnvelopeVersion) return OpenStatus::kUnsupportedVersion;
  *key = ring == nullptr ? nullptr : ring->FindById(GetUint32(envelope + 1));
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

// Scratch memory for the envelope Seal builds: on the stack when it is small.
class SealScratch {
 public:
  // nullptr when a large envelope's memory could not be allocated.
  uint8_t* Get(size_t size) {
    if (size <= sizeof stack_) return stack_;
    heap_.reset(new (std::nothrow) uint8_t[size]);
    return heap_.get();
  }

 private:
  uint8_t stack_[kStackEnvelopeSizeInBytes];
  std::unique_ptr<uint8_t[]> heap_;
};

OpenResult Failed(OpenStatus status) {
  OpenResult result;
  result.status = status;
  return result;
}

}  // namespace

size_t MaxSessionSizeFor(size_t max_sealed_size) {
  const size_t envelope = Base64UrlDecodedMaxSize(max_sealed_size);
  return envelope < kEnvelopeOverheadInBytes ? 0 : envelope - kEnvelopeOverheadInBytes;
}

SealResult Sealer::Seal(const SealContext& context, std::string_view session,
                        const SealOptions& options, char* out, size_t out_size) const {
  if (ring_ == nullptr || ring_->empty()) return {SealError::kNoKey, 0};
  if (!ContextFits(context)) return {SealError::kBadContext, 0};
  const size_t uncompressed_size = SealedSize(session.size());
  if (!options.compress && uncompressed_size > options.max_sealed_size) {
    return {SealError::kTooLarge, uncompressed_size};
  }
  if (out_size < uncompressed_size) return {SealError::kBufferTooSmall, 0};

  // Built in place (header, plaintext header, payload), encrypted where it
  // lies, then encoded into `out`.
  SealScratch scratch;
  uint8_t* envelope = scratch.Get(session.size() + kEnvelopeOverheadInBytes);
  if (envelope == nullptr) return {SealError::kOutOfMemory, 0};
  size_t payload_size = 0;
  const uint8_t flags =
      WritePayload(session, options.compress, envelope + kPayloadOffset, &payload_size);
  const size_t envelope_size = kEnvelopeOverheadInBytes + payload_size;
  if (Base64UrlEncodedSize(envelope_size) > options.max_sealed_size) {
    sodium_memzero(envelope + kPayloadOffset, payload_size);
    return {SealError::kTooLarge, Base64UrlEncodedSize(envelope_size)};
  }
  const Key& key = ring_->primary();
  const int64_t now = clock_->NowSeconds();
  WriteEnvelopeHeader(key.id(), envelope);
  WritePlaintextHeader(flags, options.created_at_seconds != 0 ? options.created_at_seconds : now,
                       now, envelope + kPlaintextOffset);
  EncryptInPlace(key, context, envelope, kPlaintextHeaderSizeInBytes + payload_size);
  return {SealError::kNone, Base64UrlEncode(envelope, envelope_size, out)};
}

OpenResult Sealer::Open(const SealContext& context, std::string_view sealed,
                        const Lifetimes& lifetimes, SessionBuffer* buffer) const {
  if (sealed.size() < SealedSize(0)) return Failed(OpenStatus::kMalformed);
  const size_t decoded_size = Base64UrlDecodedMaxSize(sealed.size());
  Region region{buffer, buffer->Resize(decoded_size), decoded_size};
  if (region.bytes == nullptr) return Failed(OpenStatus::kOutOfMemory);
  size_t envelope_size = 0;
  const Key* key = nullptr;
  // Until decryption the buffer holds only the public ciphertext.
  const OpenStatus envelope = ReadEnvelope(sealed, ring_, region.bytes, &envelope_size, &key);
  if (envelope != OpenStatus::kOk) return Failed(envelope);
  size_t plaintext_size = 0;
  if (!DecryptInPlace(*key, context, region.bytes, envelope_size, &plaintext_size)) {
    return Failed(OpenStatus::kAuthenticationFailed);
  }
  Plaintext plaintext;
  OpenStatus status = ReadPlaintext(region.bytes, plaintext_size, max_inflated_size_, &plaintext);
  if (status == OpenStatus::kOk) {
    status = ExpiryStatus(plaintext.created_at, plaintext.last_write_at, lifetimes,
                          clock_->NowSeconds());
  }
  if (status == OpenStatus::kOk) {
    status = plaintext.compressed ? InflateToFront(&region, envelope_size, plaintext)
                                  : MoveToFront(&region, plaintext);
  }
  if (status != OpenStatus::kOk) {
    sodium_memzero(region.bytes, region.size);
    return Failed(status);
  }
  OpenResult result;
  result.status = OpenStatus::kOk;
  result.session_size = plaintext.session_size;
  result.created_at_seconds = plaintext.created_at;
  result.last_write_at_seconds = plaintext.last_write_at;
  result.opened_with_secondary_key = key->id() != ring_->primary().id();
  result.compressed = plaintext.compressed;
  result.key_id = key->id();
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
