// base64url with AVX2: 24 bytes <-> 32 characters per step.
//
// Encoding a block. Each 128-bit lane takes 12 input bytes: four groups of
// three. A byte shuffle lays a group b0 b1 b2 out as the two 16-bit words
// b0:b1 and b1:b2, so each of its four sextets lies whole inside one word. Two
// masks and two 16-bit multiplies (keeping the high half of the product moves a
// sextet right, keeping the low half moves one left) then leave one sextet per
// byte, in output order. A sextet becomes its character by adding an offset
// that is constant over each range of the alphabet (A-Z, a-z, 0-9, '-', '_'):
// a saturating subtract and one compare give the range a number below 16, and
// a byte shuffle looks its offset up.
//
// Decoding a block. Each character is checked by its two nibbles: one table
// indexed by the high nibble and one by the low nibble give bit sets that share
// a bit exactly when the character is outside the alphabet (every byte >= 0x80
// included), so one AND and one test catch a bad byte anywhere in the 32. The
// sextet is the character plus an offset looked up by its high nibble, with '_'
// corrected on its own (it shares the high nibble 5 with P-Z). Two multiply-adds
// pack four sextets into a 24-bit group, a shuffle puts its three bytes in
// memory order, and a cross-lane permute closes the gap between the lanes.
//
// A bad character anywhere in a block fails the decode at once; what is short
// of a whole block is left to the scalar codec (which makes the same checks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base64url_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sealedcookie::internal {

#if defined(__x86_64__)
namespace {

constexpr size_t kBlockSizeInBytes = 24;
constexpr size_t kBlockSizeInChars = 32;

__attribute__((target("avx2"))) inline __m256i BothLanes(__m128i table) {
  return _mm256_broadcastsi128_si256(table);
}

// Encodes in[0..23] into out[0..31].
__attribute__((target("avx2"))) inline void EncodeBlock(const uint8_t* in, char* out) {
  // Lane 0 gets in[0..11] at 0..11, lane 1 in[12..23] at 4..15: no read past in[23].
  const __m256i bytes = _mm256_inserti128_si256(
      _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in))),
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 8)), 1);
  const __m256i words = _mm256_shuffle_epi8(
      bytes, _mm256_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,  //
                              5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14));
  // In b0:b1 the first sextet is bits 10..15 and the second 4..9; in b1:b2 the
  // third is bits 6..11 and the fourth 0..5.
  const __m256i first_third = _mm256_mulhi_epu16(
      _mm256_and_si256(words, _mm256_set1_epi32(0x0fc0fc00)), _mm256_set1_epi32(0x04000040));
  const __m256i second_fourth = _mm256_mullo_epi16(
      _mm256_and_si256(words, _mm256_set1_epi32(0x003f03f0)), _mm256_set1_epi32(0x01000010));
  const __m256i sextets = _mm256_or_si256(first_third, second_fourth);
  // Range number: 13 for A-Z, 0 for a-z, 1..10 for 0-9, 11 for '-', 12 for '_'.
  const __m256i below_26 = _mm256_cmpgt_epi8(_mm256_set1_epi8(26), sextets);
  const __m256i range = _mm256_or_si256(_mm256_subs_epu8(sextets, _mm256_set1_epi8(51)),
                                        _mm256_and_si256(below_26, _mm256_set1_epi8(13)));
  const __m256i offsets =
      _mm256_shuffle_epi8(BothLanes(_mm_setr_epi8('a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
                                                  '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
                                                  '0' - 52, '-' - 62, '_' - 63, 'A', 0, 0)),
                          range);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_add_epi8(sextets, offsets));
}

// Decodes in[0..31] into out[0..23]; false, with nothing written, when a
// character is outside the alphabet.
__attribute__((target("avx2"))) inline bool DecodeBlock(const char* in, uint8_t* out) {
  const __m256i chars = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i high = _mm256_and_si256(_mm256_srli_epi32(chars, 4), nibble);
  const __m256i low = _mm256_and_si256(chars, nibble);
  // Bits by high nibble: 1 none valid (0-1, 8-f), 2 '-' only (2), 4 digits (3),
  // 8 all but 0 (4, 6), 16 0-a and f (5), 32 0-a (7). By low nibble: each bit
  // set where that high nibble's valid set does not reach.
  const __m256i by_high =
      BothLanes(_mm_setr_epi8(1, 1, 2, 4, 8, 16, 8, 32, 1, 1, 1, 1, 1, 1, 1, 1));
  const __m256i by_low = BothLanes(_mm_setr_epi8(0x0b, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03,
                                                 0x03, 0x03, 0x07, 0x37, 0x37, 0x35, 0x37, 0x27));
  const __m256i bad =
      _mm256_and_si256(_mm256_shuffle_epi8(by_high, high), _mm256_shuffle_epi8(by_low, low));
  if (!_mm256_testz_si256(bad, bad)) return false;

  const __m256i offset_by_high = BothLanes(_mm_setr_epi8(
      0, 0, 62 - '-', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a', 0, 0, 0, 0, 0, 0, 0, 0));
  const __m256i underscore = _mm256_cmpeq_epi8(chars, _mm256_set1_epi8('_'));
  const __m256i sextets =
      _mm256_add_epi8(_mm256_add_epi8(chars, _mm256_shuffle_epi8(offset_by_high, high)),
                      _mm256_and_si256(underscore, _mm256_set1_epi8(63 - '_' + 'A')));
  // a b c d -> (a << 6 | b) and (c << 6 | d) -> (a << 18 | b << 12 | c << 6 | d).
  const __m256i pairs = _mm256_maddubs_epi16(sextets, _mm256_set1_epi32(0x01400140));
  const __m256i groups = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
  const __m256i packed = _mm256_shuffle_epi8(
      groups, BothLanes(_mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1)));
  const __m256i bytes =
      _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm256_castsi256_si128(bytes));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out + 16), _mm256_extracti128_si256(bytes, 1));
  return true;
}

}  // namespace

bool Base64UrlHasSimd() {
  static const bool has_avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has_avx2;
}

__attribute__((target("avx2"))) size_t Base64UrlEncodeSimd(const uint8_t* in, size_t in_size,
                                                           char* out) {
  size_t done = 0;
  for (; done + kBlockSizeInBytes <= in_size; done += kBlockSizeInBytes) {
    EncodeBlock(in + done, out + done / 3 * 4);
  }
  const size_t written = done / 3 * 4;
  return written + Base64UrlEncodeScalar(in + done, in_size - done, out + written);
}

__attribute__((target("avx2"))) ptrdiff_t Base64UrlDecodeSimd(std::string_view in, uint8_t* out) {
  // No work for a length that no canonical text has.
  if (in.size() % 4 == 1) return -1;
  size_t done = 0;
  uint8_t* next = out;
  for (; done + kBlockSizeInChars <= in.size(); done += kBlockSizeInChars) {
    if (!DecodeBlock(in.data() + done, next)) return -1;
    next += kBlockSizeInBytes;
  }
  const ptrdiff_t rest = Base64UrlDecodeScalar(in.substr(done), next);
  return rest < 0 ? -1 : (next - out) + rest;
}

#else  // no vector codec for this architecture

bool Base64UrlHasSimd() { return false; }

size_t Base64UrlEncodeSimd(const uint8_t* in, size_t in_size, char* out) {
  return Base64UrlEncodeScalar(in, in_size, out);
}

ptrdiff_t Base64UrlDecodeSimd(std::string_view in, uint8_t* out) {
  return Base64UrlDecodeScalar(in, out);
}

#endif

}  // namespace sealedcookie::internal
