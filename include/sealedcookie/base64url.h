// base64url without padding (RFC 4648 section 5), for the sealed envelope.
//
// The envelope is public ciphertext, so this codec is built for speed rather
// than constant time: AVX2 where the CPU has it, else table-driven (keys are
// decoded with libsodium's constant-time codec instead). Both paths give the
// same output and accept the same input.
// Decoding is strict: on ASCII input it accepts exactly what libsodium's
// sodium_base642bin(..., sodium_base64_VARIANT_URLSAFE_NO_PADDING) accepts with
// no ignored characters: no padding, no whitespace, no non-zero trailing bits.
// Bytes >= 0x80 are always rejected (libsodium 1.0.18 misreads them as '_').
#ifndef SEALEDCOOKIE_BASE64URL_H_
#define SEALEDCOOKIE_BASE64URL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sealedcookie {

// Exact number of characters Base64UrlEncode writes for `size_in_bytes` bytes.
constexpr size_t Base64UrlEncodedSize(size_t size_in_bytes) {
  return (size_in_bytes / 3) * 4 + ((size_in_bytes % 3) * 4 + 2) / 3;
}

// Upper bound on the bytes Base64UrlDecode writes for `encoded_size` characters.
constexpr size_t Base64UrlDecodedMaxSize(size_t encoded_size) {
  return (encoded_size / 4) * 3 + ((encoded_size % 4) * 3) / 4;
}

// Writes Base64UrlEncodedSize(in_size) characters to `out`; returns that count.
size_t Base64UrlEncode(const uint8_t* in, size_t in_size, char* out);

// Decodes `in` into `out` (at least Base64UrlDecodedMaxSize(in.size()) bytes).
// Returns the number of bytes written, or -1 if `in` is not canonical
// unpadded base64url.
[[nodiscard]] ptrdiff_t Base64UrlDecode(std::string_view in, uint8_t* out);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_BASE64URL_H_
