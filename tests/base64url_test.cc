// base64url: checked against RFC 4648 vectors and against libsodium's
// URL-safe, unpadded codec as an oracle (same output, same rejections); the
// vector codec is also held against the scalar one byte for byte.
#include "sealedcookie/base64url.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../src/core/base64url_internal.h"

namespace sealedcookie {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

class Base64UrlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  std::vector<uint8_t> RandomBytes(size_t size) {
    std::vector<uint8_t> bytes(size);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng_() & 0xff);
    return bytes;
  }

  std::mt19937 rng_{20261124};
};

using Encoder = size_t (*)(const uint8_t*, size_t, char*);
using Decoder = ptrdiff_t (*)(std::string_view, uint8_t*);

std::string EncodeWith(Encoder encoder, const std::vector<uint8_t>& bytes) {
  // Guard characters after the promised size catch overruns.
  const size_t size = Base64UrlEncodedSize(bytes.size());
  std::string out(size + 8, '#');
  EXPECT_EQ(encoder(bytes.data(), bytes.size(), out.data()), size);
  EXPECT_EQ(out.substr(size), std::string(8, '#')) << "overrun for " << bytes.size() << " bytes";
  out.resize(size);
  return out;
}

std::string Encode(const std::vector<uint8_t>& bytes) { return EncodeWith(Base64UrlEncode, bytes); }

std::string SodiumEncode(const std::vector<uint8_t>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// The decoder under test: nullopt-like via `ok`.
struct Decoded {
  bool ok = false;
  std::vector<uint8_t> bytes;
};

Decoded DecodeWith(Decoder decoder, const std::string& text) {
  // Guard bytes after the promised maximum catch overruns.
  const size_t max = Base64UrlDecodedMaxSize(text.size());
  std::vector<uint8_t> buffer(max + 8, 0xa5);
  const ptrdiff_t n = decoder(text, buffer.data());
  for (size_t i = max; i < buffer.size(); ++i) EXPECT_EQ(buffer[i], 0xa5) << "overrun at " << i;
  Decoded d;
  if (n < 0) {
    EXPECT_EQ(n, -1);
    return d;
  }
  EXPECT_LE(static_cast<size_t>(n), max);
  d.ok = true;
  d.bytes.assign(buffer.begin(), buffer.begin() + n);
  return d;
}

Decoded Decode(const std::string& text) { return DecodeWith(Base64UrlDecode, text); }

Decoded SodiumDecode(const std::string& text) {
  std::vector<uint8_t> buffer(text.size() + 1);
  size_t len = 0;
  Decoded d;
  // No ignored characters and no b64_end: the whole input must be consumed.
  d.ok = sodium_base642bin(buffer.data(), buffer.size(), text.data(), text.size(), nullptr, &len,
                           nullptr, kVariant) == 0;
  if (d.ok) d.bytes.assign(buffer.begin(), buffer.begin() + len);
  return d;
}

bool HasNonAscii(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}

// libsodium 1.0.18 reads a byte >= 0x80 as a negative char and decodes it as
// '_' (63): "Zm9\x80" is accepted as "Zm9_". The oracle is used only for ASCII
// input; non-ASCII input must be rejected by ours.
void ExpectSameAsSodium(const std::string& text) {
  const Decoded ours = Decode(text);
  if (HasNonAscii(text)) {
    EXPECT_FALSE(ours.ok) << "non-ASCII input accepted";
    return;
  }
  const Decoded theirs = SodiumDecode(text);
  ASSERT_EQ(ours.ok, theirs.ok) << "input of " << text.size() << " chars: \"" << text << "\"";
  EXPECT_EQ(ours.bytes, theirs.bytes) << "\"" << text << "\"";
}

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST_F(Base64UrlTest, EncodesRfc4648Vectors) {
  EXPECT_EQ(Encode(Bytes("")), "");
  EXPECT_EQ(Encode(Bytes("f")), "Zg");
  EXPECT_EQ(Encode(Bytes("fo")), "Zm8");
  EXPECT_EQ(Encode(Bytes("foo")), "Zm9v");
  EXPECT_EQ(Encode(Bytes("foob")), "Zm9vYg");
  EXPECT_EQ(Encode(Bytes("fooba")), "Zm9vYmE");
  EXPECT_EQ(Encode(Bytes("foobar")), "Zm9vYmFy");
}

TEST_F(Base64UrlTest, EncodesWithUrlSafeAlphabet) {
  // 0xfbffbf is 62,63,62,63 in sextets: '+/+/' in standard base64.
  EXPECT_EQ(Encode({0xfb, 0xff, 0xbf}), "-_-_");
  EXPECT_EQ(Encode({0x00, 0x00, 0x00}), "AAAA");
  EXPECT_EQ(Encode({0xff}), "_w");
}

TEST_F(Base64UrlTest, EncodedSizeMatchesSodiumForLengthsUpTo300) {
  for (size_t n = 0; n <= 300; ++n) {
    EXPECT_EQ(Base64UrlEncodedSize(n), sodium_base64_ENCODED_LEN(n, kVariant) - 1) << n;
  }
}

TEST_F(Base64UrlTest, EncodeEqualsSodiumOnRandomInputsOfLength0To300) {
  for (size_t n = 0; n <= 300; ++n) {
    for (int round = 0; round < 4; ++round) {
      const auto bytes = RandomBytes(n);
      ASSERT_EQ(Encode(bytes), SodiumEncode(bytes)) << "length " << n;
    }
  }
}

TEST_F(Base64UrlTest, EncodeWritesExactlyEncodedSize) {
  for (size_t n = 0; n <= 64; ++n) {
    const auto bytes = RandomBytes(n);
    std::string out(Base64UrlEncodedSize(n) + 8, '#');
    EXPECT_EQ(Base64UrlEncode(bytes.data(), n, out.data()), Base64UrlEncodedSize(n));
    EXPECT_EQ(out.substr(Base64UrlEncodedSize(n)), std::string(8, '#')) << n;
  }
}

TEST_F(Base64UrlTest, DecodeRoundTripsRandomInputsOfLength0To300) {
  for (size_t n = 0; n <= 300; ++n) {
    const auto bytes = RandomBytes(n);
    const Decoded d = Decode(Encode(bytes));
    ASSERT_TRUE(d.ok) << n;
    EXPECT_EQ(d.bytes, bytes) << n;
  }
}

TEST_F(Base64UrlTest, DecodedMaxSizeIsExactForCanonicalLengths) {
  for (size_t n = 0; n <= 300; ++n) {
    EXPECT_EQ(Base64UrlDecodedMaxSize(Base64UrlEncodedSize(n)), n) << n;
  }
}

TEST_F(Base64UrlTest, DecodeAcceptsEmptyInput) {
  const Decoded d = Decode("");
  EXPECT_TRUE(d.ok);
  EXPECT_TRUE(d.bytes.empty());
}

TEST_F(Base64UrlTest, DecodeRejectsPadding) {
  for (const char* text : {"Zg==", "Zm8=", "Zm9v====", "=", "==", "Zg=", "Zm9vYg=="}) {
    EXPECT_FALSE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
}

TEST_F(Base64UrlTest, DecodeRejectsStandardAlphabetCharacters) {
  for (const char* text : {"+/+/", "-_+/", "Zm9+", "Zm/v", "AA+A"}) {
    EXPECT_FALSE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
}

TEST_F(Base64UrlTest, DecodeRejectsWhitespace) {
  for (const char* text : {" Zm9v", "Zm9v ", "Zm 9v", "Zm9v\n", "Zm9v\r\n", "\tZm9v", "Zm9\nv"}) {
    EXPECT_FALSE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
}

TEST_F(Base64UrlTest, DecodeRejectsLengthOneModuloFour) {
  for (const char* text : {"Z", "A", "Zm9vY", "Zm9vYmFyA", "AAAAA"}) {
    EXPECT_FALSE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
}

TEST_F(Base64UrlTest, DecodeRejectsNonZeroTrailingBits) {
  // "Zg" is canonical for "f"; "Zh".."Zv" differ only in the 4 discarded bits.
  for (char c : std::string("hijklmnopqrstuv")) {
    const std::string text = std::string("Z") + c;
    EXPECT_FALSE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
  // "Zm8" is canonical for "fo"; "Zm9", "Zm-", "Zm_" set the 2 discarded bits.
  for (const char* text : {"Zm9", "Zm-", "Zm_", "Zm9vZm9"}) {
    EXPECT_FALSE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
  EXPECT_TRUE(Decode("Zg").ok);
  EXPECT_TRUE(Decode("Zm8").ok);
}

TEST_F(Base64UrlTest, DecodeRejectsEveryNonAsciiByte) {
  for (int c = 0x80; c <= 0xff; ++c) {
    for (size_t position = 0; position < 4; ++position) {
      std::string text = "Zm9v";
      text[position] = static_cast<char>(c);
      EXPECT_FALSE(Decode(text).ok) << "byte " << c << " at " << position;
    }
  }
}

TEST_F(Base64UrlTest, DecodeRejectsNulAndNonAsciiBytes) {
  for (const std::string& text :
       {std::string("Zm9v\0", 5), std::string("Z\0m9", 4), std::string("Zm9\x80", 4),
        std::string("\xffZm9", 4), std::string("Zm\xc3\xa9")}) {
    EXPECT_FALSE(Decode(text).ok);
    ExpectSameAsSodium(text);
  }
}

TEST_F(Base64UrlTest, DecodeAgreesWithSodiumOnRandomStrings) {
  // Mostly alphabet characters, with some of the characters other codecs accept.
  const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
      "=+/ \n\r\t.%\x01\x7f\x80\xff";
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    const size_t length = rng_() % 24;
    std::string text(length, 'A');
    for (auto& c : text) c = alphabet[rng_() % alphabet.size()];
    accepted += Decode(text).ok;
    ASSERT_NO_FATAL_FAILURE(ExpectSameAsSodium(text));
  }
  // The oracle comparison means something only when both outcomes occur.
  EXPECT_GT(accepted, 100);
  EXPECT_LT(accepted, 19900);
}

TEST_F(Base64UrlTest, DecodeAgreesWithSodiumOnMutatedValidStrings) {
  int accepted = 0, rejected = 0;
  for (int round = 0; round < 20000; ++round) {
    const auto bytes = RandomBytes(rng_() % 40);
    std::string text = Encode(bytes);
    switch (rng_() % 4) {
      case 0:  // replace one character by any byte
        if (!text.empty()) text[rng_() % text.size()] = static_cast<char>(rng_() & 0xff);
        break;
      case 1:  // insert one byte
        text.insert(text.begin() + static_cast<ptrdiff_t>(rng_() % (text.size() + 1)),
                    static_cast<char>(rng_() & 0xff));
        break;
      case 2:  // drop one character
        if (!text.empty()) text.erase(text.begin() + static_cast<ptrdiff_t>(rng_() % text.size()));
        break;
      case 3:  // append padding the way standard encoders would
        text += std::string((4 - text.size() % 4) % 4 + (rng_() % 2), '=');
        break;
    }
    (Decode(text).ok ? accepted : rejected)++;
    ASSERT_NO_FATAL_FAILURE(ExpectSameAsSodium(text));
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
}

TEST_F(Base64UrlTest, DecodeAcceptsEveryAlphabetCharacterInEveryPosition) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (char c : alphabet) {
    const std::string text = std::string(4, c);
    ASSERT_TRUE(Decode(text).ok) << text;
    ExpectSameAsSodium(text);
  }
}

// The vector codec against the scalar one. On a CPU without it both are the
// scalar codec and these still pass; UsesSimdWhenTheCpuHasAvx2 says which ran.

TEST(Base64UrlSimdTest, UsesSimdWhenTheCpuHasAvx2) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  EXPECT_EQ(internal::Base64UrlHasSimd(), __builtin_cpu_supports("avx2") != 0);
#else
  EXPECT_FALSE(internal::Base64UrlHasSimd());
#endif
  if (!internal::Base64UrlHasSimd()) {
    GTEST_SKIP() << "no AVX2 here: the Simd tests compared the table-driven codec with itself";
  }
}

TEST_F(Base64UrlTest, SimdEncodeEqualsScalarAndSodiumForLengths0To300) {
  for (size_t n = 0; n <= 300; ++n) {
    for (int round = 0; round < 4; ++round) {
      const auto bytes = RandomBytes(n);
      const std::string simd = EncodeWith(internal::Base64UrlEncodeSimd, bytes);
      ASSERT_EQ(simd, EncodeWith(internal::Base64UrlEncodeScalar, bytes)) << "length " << n;
      ASSERT_EQ(simd, SodiumEncode(bytes)) << "length " << n;
      ASSERT_EQ(Encode(bytes), simd) << "length " << n;
    }
  }
}

TEST_F(Base64UrlTest, SimdCodecUsesEveryCharacterInEveryBlockPosition) {
  // Two blocks (64 characters, 48 bytes) with every character at every position.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t shift = 0; shift < 64; ++shift) {
    std::string text(64, '\0');
    for (size_t i = 0; i < text.size(); ++i) text[i] = alphabet[(i + shift) % 64];
    const Decoded decoded = DecodeWith(internal::Base64UrlDecodeSimd, text);
    ASSERT_TRUE(decoded.ok) << text;
    EXPECT_EQ(decoded.bytes, SodiumDecode(text).bytes) << text;
    EXPECT_EQ(EncodeWith(internal::Base64UrlEncodeSimd, decoded.bytes), text);
  }
}

TEST_F(Base64UrlTest, SimdDecodeRoundTripsLengths0To300) {
  for (size_t n = 0; n <= 300; ++n) {
    for (int round = 0; round < 4; ++round) {
      const auto bytes = RandomBytes(n);
      const std::string text = Encode(bytes);
      const Decoded simd = DecodeWith(internal::Base64UrlDecodeSimd, text);
      ASSERT_TRUE(simd.ok) << "length " << n;
      ASSERT_EQ(simd.bytes, bytes) << "length " << n;
      ASSERT_EQ(DecodeWith(internal::Base64UrlDecodeScalar, text).bytes, bytes) << "length " << n;
    }
  }
}

// Every byte value at every position of a 64-character window, for texts of
// several 32-character blocks plus tails: the vector codec's verdict and bytes
// are the scalar codec's.
TEST_F(Base64UrlTest, SimdDecodeAgreesWithScalarOnEveryByteInEveryPosition) {
  int accepted = 0, rejected = 0;
  for (size_t length : {96, 98, 99, 128, 130, 131, 160}) {
    const std::string valid = Encode(RandomBytes(Base64UrlDecodedMaxSize(length)));
    ASSERT_EQ(valid.size(), length);
    // A window across the first block boundaries, and one ending at the tail.
    for (size_t window_start : {size_t{16}, length - 64}) {
      for (size_t position = window_start; position < window_start + 64; ++position) {
        for (int c = 0; c <= 0xff; ++c) {
          std::string text = valid;
          text[position] = static_cast<char>(c);
          const Decoded simd = DecodeWith(internal::Base64UrlDecodeSimd, text);
          const Decoded scalar = DecodeWith(internal::Base64UrlDecodeScalar, text);
          ASSERT_EQ(simd.ok, scalar.ok) << "byte " << c << " at " << position << " of " << length;
          ASSERT_EQ(simd.bytes, scalar.bytes) << "byte " << c << " at " << position;
          (simd.ok ? accepted : rejected)++;
        }
      }
    }
  }
  // 64 of 256 values are in the alphabet (fewer in the tail's last character).
  EXPECT_GT(accepted, 20000);
  EXPECT_GT(rejected, 60000);
}

TEST_F(Base64UrlTest, SimdDecodeAgreesWithScalarOnMutatedLongStrings) {
  int accepted = 0, rejected = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string text = Encode(RandomBytes(rng_() % 300));
    const int mutations = static_cast<int>(rng_() % 3);
    for (int m = 0; m < mutations && !text.empty(); ++m) {
      text[rng_() % text.size()] = static_cast<char>(rng_() & 0xff);
    }
    if (rng_() % 4 == 0) text.push_back('A');  // a length the scalar codec may reject
    const Decoded simd = DecodeWith(internal::Base64UrlDecodeSimd, text);
    const Decoded scalar = DecodeWith(internal::Base64UrlDecodeScalar, text);
    ASSERT_EQ(simd.ok, scalar.ok) << "\"" << text << "\"";
    ASSERT_EQ(simd.bytes, scalar.bytes) << "\"" << text << "\"";
    (simd.ok ? accepted : rejected)++;
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace sealedcookie
