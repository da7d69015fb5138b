#include "sealedcookie/base64url.h"

#include <array>
#include <cstring>

#include "base64url_internal.h"

namespace sealedcookie {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) table[static_cast<uint8_t>(kAlphabet[i])] = i;
  return table;
}
constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

// Every 12-bit value as its two characters: one lookup per two characters.
struct CharPair {
  char first;
  char second;
};
static_assert(sizeof(CharPair) == 2, "pairs are copied as two bytes");
constexpr std::array<CharPair, 4096> MakePairTable() {
  std::array<CharPair, 4096> table{};
  for (size_t i = 0; i < 4096; ++i) table[i] = {kAlphabet[i >> 6], kAlphabet[i & 63]};
  return table;
}
constexpr std::array<CharPair, 4096> kPairs = MakePairTable();

// Decoded sextets already shifted to their place in a 24-bit group; an invalid
// character sets the top bit, which survives the OR of the four lookups.
constexpr uint32_t kInvalidBit = 0x80000000u;
constexpr std::array<uint32_t, 256> MakeShiftedTable(int shift) {
  std::array<uint32_t, 256> table{};
  for (size_t c = 0; c < 256; ++c) {
    table[c] = kDecode[c] == kInvalid ? kInvalidBit : uint32_t{kDecode[c]} << shift;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kShifted18 = MakeShiftedTable(18);
constexpr std::array<uint32_t, 256> kShifted12 = MakeShiftedTable(12);
constexpr std::array<uint32_t, 256> kShifted6 = MakeShiftedTable(6);
constexpr std::array<uint32_t, 256> kShifted0 = MakeShiftedTable(0);

}  // namespace

namespace internal {

size_t Base64UrlEncodeScalar(const uint8_t* in, size_t in_size, char* out) {
  char* const start = out;
  size_t i = 0;
  for (; i + 3 <= in_size; i += 3) {
    const uint32_t group = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    std::memcpy(out, &kPairs[group >> 12], 2);
    std::memcpy(out + 2, &kPairs[group & 0xfff], 2);
    out += 4;
  }
  const size_t rest = in_size - i;
  if (rest == 1) {
    out[0] = kAlphabet[in[i] >> 2];
    out[1] = kAlphabet[(in[i] & 3) << 4];
    out += 2;
  } else if (rest == 2) {
    const uint32_t group = (uint32_t{in[i]} << 8) | in[i + 1];
    out[0] = kAlphabet[group >> 10];
    out[1] = kAlphabet[(group >> 4) & 63];
    out[2] = kAlphabet[(group << 2) & 63];
    out += 3;
  }
  return static_cast<size_t>(out - start);
}

ptrdiff_t Base64UrlDecodeScalar(std::string_view in, uint8_t* out) {
  const size_t rest = in.size() % 4;
  if (rest == 1) return -1;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  const size_t full = in.size() - rest;
  uint8_t* const start = out;
  for (size_t i = 0; i < full; i += 4) {
    const uint32_t group =
        kShifted18[p[i]] | kShifted12[p[i + 1]] | kShifted6[p[i + 2]] | kShifted0[p[i + 3]];
    if (group & kInvalidBit) return -1;
    out[0] = static_cast<uint8_t>(group >> 16);
    out[1] = static_cast<uint8_t>(group >> 8);
    out[2] = static_cast<uint8_t>(group);
    out += 3;
  }
  if (rest == 2) {
    const uint32_t a = kDecode[p[full]], b = kDecode[p[full + 1]];
    // The last character's low four bits are padding and must be zero.
    if (((a | b) & 0x80) || (b & 0x0f)) return -1;
    *out++ = static_cast<uint8_t>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    const uint32_t a = kDecode[p[full]], b = kDecode[p[full + 1]], c = kDecode[p[full + 2]];
    if (((a | b | c) & 0x80) || (c & 0x03)) return -1;
    const uint32_t group = (a << 10) | (b << 4) | (c >> 2);
    *out++ = static_cast<uint8_t>(group >> 8);
    *out++ = static_cast<uint8_t>(group);
  }
  return out - start;
}

}  // namespace internal

// The vector codec where the CPU has it (base64url_simd.cc), else the table-driven one.
size_t Base64UrlEncode(const uint8_t* in, size_t in_size, char* out) {
  return internal::Base64UrlHasSimd() ? internal::Base64UrlEncodeSimd(in, in_size, out)
                                      : internal::Base64UrlEncodeScalar(in, in_size, out);
}

ptrdiff_t Base64UrlDecode(std::string_view in, uint8_t* out) {
  return internal::Base64UrlHasSimd() ? internal::Base64UrlDecodeSimd(in, out)
                                      : internal::Base64UrlDecodeScalar(in, out);
}

}  // namespace sealedcookie
