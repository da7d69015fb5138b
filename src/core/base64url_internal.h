// The two implementations behind Base64UrlEncode/Decode, reachable so tests can
// hold them against each other. Not part of the public API.
#ifndef SEALEDCOOKIE_SRC_CORE_BASE64URL_INTERNAL_H_
#define SEALEDCOOKIE_SRC_CORE_BASE64URL_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sealedcookie::internal {

// Table-driven codec (base64url.cc): the fallback, and the tail of the vector path.
// Same contracts as Base64UrlEncode and Base64UrlDecode.
size_t Base64UrlEncodeScalar(const uint8_t* in, size_t in_size, char* out);
ptrdiff_t Base64UrlDecodeScalar(std::string_view in, uint8_t* out);

// True when this CPU runs the vector codec (AVX2 on x86-64); decided once.
bool Base64UrlHasSimd();

// Vector codec (base64url_simd.cc), same contracts again. Call only when
// Base64UrlHasSimd(); elsewhere they are the scalar codec.
size_t Base64UrlEncodeSimd(const uint8_t* in, size_t in_size, char* out);
ptrdiff_t Base64UrlDecodeSimd(std::string_view in, uint8_t* out);

}  // namespace sealedcookie::internal

#endif  // SEALEDCOOKIE_SRC_CORE_BASE64URL_INTERNAL_H_
