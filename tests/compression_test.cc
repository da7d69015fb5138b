// sealedcookie.compress: deflate before sealing when it pays off, an
// authenticated flag, inflation bounded by the announced size, and one bound
// on the inflated size at seal and at open.
#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sealedcookie/base64url.h"
#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"
#include "support.h"

namespace sealedcookie {
namespace {

const SealContext kContext{"PHPSESSID_SC", "abcdef0123456789"};

class CompressionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  std::string Seal(const std::string& session, bool compress, SealError* error = nullptr,
                   size_t max_sealed_size = SIZE_MAX) {
    SealOptions options;
    options.compress = compress;
    options.max_sealed_size = max_sealed_size;
    return test::SealToString(sealer_, kContext, session, options, error);
  }

  // Opens (and so inflates); returns the status and the session.
  OpenStatus Open(const std::string& value, std::string* session, OpenResult* result = nullptr) {
    const test::Opened opened = test::OpenToString(sealer_, kContext, value);
    if (result != nullptr) *result = opened.result;
    *session = opened.session;
    return opened.result.status;
  }

  // A value sealed by hand under key_ with the given plaintext.
  std::string SealPlaintext(const std::vector<uint8_t>& plaintext) {
    const uint32_t id = ring_.front().id();
    std::vector<uint8_t> envelope = {kEnvelopeVersion, static_cast<uint8_t>(id >> 24),
                                     static_cast<uint8_t>(id >> 16), static_cast<uint8_t>(id >> 8),
                                     static_cast<uint8_t>(id)};
    envelope.resize(kHeaderSizeInBytes);
    randombytes_buf(envelope.data() + 5, kNonceSizeInBytes);
    const std::vector<uint8_t> ad = test::DocumentedAd(kEnvelopeVersion, id, kContext);
    std::vector<uint8_t> ciphertext(plaintext.size() + kTagSizeInBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext.data(), nullptr, plaintext.data(),
                                               plaintext.size(), ad.data(), ad.size(), nullptr,
                                               envelope.data() + 5, key_.data());
    envelope.insert(envelope.end(), ciphertext.begin(), ciphertext.end());
    std::string out(Base64UrlEncodedSize(envelope.size()), '\0');
    Base64UrlEncode(envelope.data(), envelope.size(), out.data());
    return out;
  }

  // Plaintext header with the deflate flag and an announced inflated size.
  static std::vector<uint8_t> DeflatedPlaintext(uint32_t announced, const std::string& data) {
    std::vector<uint8_t> plain(kPlaintextHeaderSizeInBytes, 0);
    plain[0] = kFlagDeflate;
    plain[8] = 1;
    plain[16] = 1;
    for (int shift = 24; shift >= 0; shift -= 8) plain.push_back(uint8_t(announced >> shift));
    std::vector<uint8_t> deflated(compressBound(data.size()) + 64);
    z_stream s{};
    deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = deflated.data();
    s.avail_out = static_cast<uInt>(deflated.size());
    deflate(&s, Z_FINISH);
    deflated.resize(s.total_out);
    deflateEnd(&s);
    plain.insert(plain.end(), deflated.begin(), deflated.end());
    return plain;
  }

  const test::KeyBytes key_ = test::TestKey(7);
  KeyRing ring_ = test::RingOf({7});
  ManualClock clock_{test::kNow};
  Sealer sealer_{&ring_, &clock_};
  const std::string compressible_ = std::string(2000, 'a') + "cart|a:1:{i:0;s:4:\"book\";}";
};

std::string RandomBytes(size_t n) {
  std::string s(n, '\0');
  randombytes_buf(s.data(), n);
  return s;
}

TEST_F(CompressionTest, OffByDefaultValueHasUncompressedSize) {
  const std::string value = Seal(compressible_, false);
  EXPECT_EQ(value.size(), SealedSize(compressible_.size()));
  std::string session;
  OpenResult result;
  ASSERT_EQ(Open(value, &session, &result), OpenStatus::kOk);
  EXPECT_FALSE(result.compressed);
  EXPECT_EQ(session, compressible_);
}

TEST_F(CompressionTest, CompressibleSessionSealsShorterAndRoundTrips) {
  const std::string value = Seal(compressible_, true);
  EXPECT_LT(value.size(), SealedSize(compressible_.size()) / 4);
  std::string session;
  OpenResult result;
  ASSERT_EQ(Open(value, &session, &result), OpenStatus::kOk);
  EXPECT_TRUE(result.compressed);
  EXPECT_EQ(result.session_size, compressible_.size());
  EXPECT_EQ(session, compressible_);
}

TEST_F(CompressionTest, InflatedSessionIsLeftAloneAtTheBufferStart) {
  const std::string value = Seal(compressible_, true);
  test::StringSessionBuffer buffer;
  buffer.bytes.assign(100, '#');
  const OpenResult opened = sealer_.Open(kContext, value, {}, &buffer);
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_TRUE(opened.compressed);
  EXPECT_EQ(buffer.bytes, compressible_);
}

TEST_F(CompressionTest, FailedInflateLeavesNoPlaintextInTheBuffer) {
  // Announces more than the stream holds: the part that did inflate is wiped.
  const std::string marker = "secret-marker-0123456789-secret-marker";
  const std::string value = SealPlaintext(DeflatedPlaintext(500, marker + std::string(300, 'q')));
  test::StringSessionBuffer buffer;
  EXPECT_EQ(sealer_.Open(kContext, value, {}, &buffer).status, OpenStatus::kMalformed);
  EXPECT_EQ(buffer.bytes.find(marker), std::string::npos);
}

TEST_F(CompressionTest, IncompressibleSessionIsSealedUncompressed) {
  for (size_t n : {0, 1, 5, 6, 100, 3000}) {
    const std::string raw = RandomBytes(n);
    const std::string value = Seal(raw, true);
    EXPECT_EQ(value.size(), SealedSize(n)) << n;
    std::string session;
    OpenResult result;
    ASSERT_EQ(Open(value, &session, &result), OpenStatus::kOk) << n;
    EXPECT_FALSE(result.compressed) << n;
    EXPECT_EQ(session, raw);
  }
}

TEST_F(CompressionTest, SizeLimitAppliesToTheCompressedValue) {
  const size_t compressed_size = Seal(compressible_, true).size();
  SealError error;
  EXPECT_TRUE(Seal(compressible_, true, &error, compressed_size).size() > 0);
  EXPECT_EQ(error, SealError::kNone);
  Seal(compressible_, true, &error, compressed_size - 1);
  EXPECT_EQ(error, SealError::kTooLarge);
  // Compression stopped once past the limit: the refusal cannot say by how much.
  SealOptions options;
  options.compress = true;
  options.max_sealed_size = compressed_size - 1;
  std::string out(SealedSize(compressible_.size()), '\0');
  SealResult sealed = sealer_.Seal(kContext, compressible_, options, out.data(), out.size());
  EXPECT_EQ(sealed.error, SealError::kTooLarge);
  EXPECT_EQ(sealed.sealed_size, 0u);
  options.compress = false;
  sealed = sealer_.Seal(kContext, compressible_, options, out.data(), out.size());
  EXPECT_EQ(sealed.error, SealError::kTooLarge);
  EXPECT_EQ(sealed.sealed_size, SealedSize(compressible_.size()));
  Seal(compressible_, false, &error, compressed_size);
  EXPECT_EQ(error, SealError::kTooLarge);
}

TEST_F(CompressionTest, FlagIsAuthenticated) {
  // Every byte of the plaintext, the flags byte included, sits under the tag:
  // flipping any bit of the first ciphertext byte (the flags) fails open.
  const std::string value = Seal(compressible_, true);
  std::vector<uint8_t> envelope(Base64UrlDecodedMaxSize(value.size()));
  const ptrdiff_t n = Base64UrlDecode(value, envelope.data());
  ASSERT_GT(n, 0);
  for (int bit = 0; bit < 8; ++bit) {
    std::vector<uint8_t> changed(envelope.begin(), envelope.begin() + n);
    changed[kHeaderSizeInBytes] ^= static_cast<uint8_t>(1 << bit);
    std::string tampered(Base64UrlEncodedSize(changed.size()), '\0');
    Base64UrlEncode(changed.data(), changed.size(), tampered.data());
    std::string session;
    EXPECT_EQ(Open(tampered, &session), OpenStatus::kAuthenticationFailed) << bit;
  }
}

TEST_F(CompressionTest, AnnouncedSizeAboveTheBoundIsRefusedBeforeInflating) {
  sealer_.set_max_session_size(1000);
  const std::string value = SealPlaintext(DeflatedPlaintext(1001, std::string(1001, 'x')));
  std::string session;
  EXPECT_EQ(Open(value, &session), OpenStatus::kMalformed);
  const std::string fits = SealPlaintext(DeflatedPlaintext(1000, std::string(1000, 'x')));
  ASSERT_EQ(Open(fits, &session), OpenStatus::kOk);
  EXPECT_EQ(session, std::string(1000, 'x'));
}

TEST_F(CompressionTest, SessionThatWouldInflatePastTheBoundIsRefusedAtSeal) {
  // 2 MiB of one byte deflates into a few KiB: it fits max_size compressed,
  // but Open would refuse it, so Seal does, and nothing is written.
  const std::string huge(2 << 20, 'a');
  for (size_t limit : {size_t{4096}, size_t{SIZE_MAX}}) {
    SealError error = SealError::kNone;
    EXPECT_EQ(Seal(huge, true, &error, limit), "") << limit;
    EXPECT_EQ(error, SealError::kSessionTooLarge) << limit;
  }
  sealer_.set_max_session_size(5000);
  SealError error = SealError::kNone;
  Seal(std::string(5001, 'a'), true, &error, 4096);
  EXPECT_EQ(error, SealError::kSessionTooLarge);
}

TEST_F(CompressionTest, EveryCompressedValueSealedOpens) {
  // Around the bound: what Seal accepts, Open accepts.
  sealer_.set_max_session_size(5000);
  for (size_t n : {4999u, 5000u}) {
    const std::string session(n, 'a');
    SealError error = SealError::kNone;
    const std::string value = Seal(session, true, &error, 4096);
    ASSERT_EQ(error, SealError::kNone) << n;
    std::string opened;
    OpenResult result;
    ASSERT_EQ(Open(value, &opened, &result), OpenStatus::kOk) << n;
    EXPECT_TRUE(result.compressed);
    EXPECT_EQ(opened, session);
  }
}

TEST_F(CompressionTest, CompressionStopsOnceTheValuePassesTheLimit) {
  // Incompressible: deflate's output passes the limit early. The caller's
  // buffers need only the limit's worth: `out` and the scratch envelope.
  const std::string session = RandomBytes(1 << 20);
  const size_t limit = 100000;
  SealOptions options;
  options.compress = true;
  options.max_sealed_size = limit;
  std::string out(SealBufferSize(session.size(), limit), '#');
  ASSERT_EQ(out.size(), limit);
  test::StringSessionBuffer scratch;
  const SealResult sealed =
      sealer_.Seal(kContext, session, options, out.data(), out.size(), &scratch);
  EXPECT_EQ(sealed.error, SealError::kTooLarge);
  EXPECT_EQ(sealed.sealed_size, 0u);
  EXPECT_GT(scratch.largest_size, 0u);
  EXPECT_LE(scratch.largest_size, kEnvelopeOverheadInBytes + MaxSessionSizeFor(limit));
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](char c) { return c == '#'; }));
  // Deflate stores incompressible bytes as they are: the refusal wipes them.
  EXPECT_EQ(scratch.bytes.find(session.substr(1000, 64)), std::string::npos);
}

TEST_F(CompressionTest, CompressedValueMayBeLongerThanTheSessionsRoomUncompressed) {
  // The payload's room is the limit's, not the session's: a session too large
  // to travel raw still seals compressed into a buffer of the limit's size.
  const std::string session = compressible_ + std::string(50000, 'b');
  const size_t limit = 2000;
  SealOptions options;
  options.compress = true;
  options.max_sealed_size = limit;
  std::string out(SealBufferSize(session.size(), limit), '\0');
  const SealResult sealed = sealer_.Seal(kContext, session, options, out.data(), out.size());
  ASSERT_EQ(sealed.error, SealError::kNone);
  EXPECT_LE(sealed.sealed_size, limit);
  std::string opened;
  ASSERT_EQ(Open(out.substr(0, sealed.sealed_size), &opened), OpenStatus::kOk);
  EXPECT_EQ(opened, session);
}

TEST_F(CompressionTest, InflateStopsAtTheAnnouncedSize) {
  // A (buggy or forged-with-the-key) value whose data inflates to 1 MiB while
  // announcing 16 bytes: inflation stops at 16 bytes and reports failure.
  const std::string value = SealPlaintext(DeflatedPlaintext(16, std::string(1 << 20, 'z')));
  std::string session;
  OpenResult result;
  EXPECT_EQ(Open(value, &session, &result), OpenStatus::kMalformed);
  EXPECT_EQ(result.session_size, 0u);
  EXPECT_FALSE(result.compressed);
}

TEST_F(CompressionTest, InflateRejectsGarbageAndShortStreams) {
  std::vector<uint8_t> garbage(kPlaintextHeaderSizeInBytes, 0);
  garbage[0] = kFlagDeflate;
  for (uint8_t b : {0, 0, 0, 50, 0xff, 0xfe, 0x00, 0x13}) garbage.push_back(b);
  std::string session;
  EXPECT_EQ(Open(SealPlaintext(garbage), &session), OpenStatus::kMalformed);
  // Announces more than the stream holds.
  EXPECT_EQ(Open(SealPlaintext(DeflatedPlaintext(500, std::string(400, 'q'))), &session),
            OpenStatus::kMalformed);
  // Too short to hold the size field.
  std::vector<uint8_t> short_payload(kPlaintextHeaderSizeInBytes, 0);
  short_payload[0] = kFlagDeflate;
  short_payload.push_back(0);
  EXPECT_EQ(Open(SealPlaintext(short_payload), &session), OpenStatus::kMalformed);
}

TEST_F(CompressionTest, PhpMyAdminSessionFitsOneCookieOnlyWhenCompressed) {
  // Real phpMyAdmin 5.2.1 session data after login and three SQL queries.
  std::ifstream file(SEALEDCOOKIE_SOURCE_DIR "/bench/data/phpmyadmin-after-3-queries.sess",
                     std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_GT(raw.size(), 4000u);
  const size_t budget = 4096 - kContext.cookie_name.size() - 1;
  SealError error;
  Seal(raw, false, &error, budget);
  EXPECT_EQ(error, SealError::kTooLarge);
  const std::string value = Seal(raw, true, &error, budget);
  ASSERT_EQ(error, SealError::kNone);
  std::string session;
  ASSERT_EQ(Open(value, &session), OpenStatus::kOk);
  EXPECT_EQ(session, raw);
}

}  // namespace
}  // namespace sealedcookie
