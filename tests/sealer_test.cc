// Sealing and opening: the AEAD known-answer vector, the envelope format, every
// OpenStatus, tampering, rotation, refresh and exact sizes.
#include "sealedcookie/sealer.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "sealedcookie/base64url.h"
#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "support.h"

namespace sealedcookie {
namespace {

constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  size_t len = 0;
  EXPECT_EQ(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr),
            0);
  out.resize(len);
  return out;
}

// --- The primitive: draft-irtf-cfrg-xchacha-03, appendix A.3.1 ---------------

class XChaCha20Poly1305Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  const std::string plaintext_ =
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
      "future, sunscreen would be it.";
  const std::vector<uint8_t> aad_ = FromHex("50515253c0c1c2c3c4c5c6c7");
  const std::vector<uint8_t> key_ =
      FromHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  const std::vector<uint8_t> nonce_ = FromHex("404142434445464748494a4b4c4d4e4f5051525354555657");
  const std::vector<uint8_t> ciphertext_ = FromHex(
      "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
      "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
      "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
      "21f9664c97637da9768812f615c68b13b52e");
  const std::vector<uint8_t> tag_ = FromHex("c0875924c1c7987947deafd8780acf49");
};

TEST_F(XChaCha20Poly1305Test, SizesMatchTheEnvelopeConstants) {
  EXPECT_EQ(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, kNonceSizeInBytes);
  EXPECT_EQ(crypto_aead_xchacha20poly1305_ietf_ABYTES, kTagSizeInBytes);
  EXPECT_EQ(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, kKeySizeInBytes);
}

TEST_F(XChaCha20Poly1305Test, EncryptMatchesIetfDraftVectorA31) {
  ASSERT_EQ(key_.size(), 32u);
  ASSERT_EQ(nonce_.size(), 24u);
  ASSERT_EQ(plaintext_.size(), 114u);
  std::vector<uint8_t> out(plaintext_.size() + kTagSizeInBytes);
  unsigned long long out_size = 0;
  ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_encrypt(
                out.data(), &out_size, reinterpret_cast<const uint8_t*>(plaintext_.data()),
                plaintext_.size(), aad_.data(), aad_.size(), nullptr, nonce_.data(), key_.data()),
            0);
  ASSERT_EQ(out_size, out.size());
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + 114), ciphertext_);
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 114, out.end()), tag_);
}

TEST_F(XChaCha20Poly1305Test, DecryptMatchesIetfDraftVectorA31) {
  std::vector<uint8_t> sealed = ciphertext_;
  sealed.insert(sealed.end(), tag_.begin(), tag_.end());
  std::vector<uint8_t> out(sealed.size());
  unsigned long long out_size = 0;
  ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &out_size, nullptr,
                                                       sealed.data(), sealed.size(), aad_.data(),
                                                       aad_.size(), nonce_.data(), key_.data()),
            0);
  EXPECT_EQ(std::string(out.begin(), out.begin() + static_cast<ptrdiff_t>(out_size)), plaintext_);
}

TEST_F(XChaCha20Poly1305Test, DecryptRejectsVectorWithAnyFlippedBit) {
  std::vector<uint8_t> sealed = ciphertext_;
  sealed.insert(sealed.end(), tag_.begin(), tag_.end());
  std::vector<uint8_t> out(sealed.size());
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::vector<uint8_t> bad = sealed;
    bad[i] ^= static_cast<uint8_t>(1u << (i % 8));
    EXPECT_NE(crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), nullptr, nullptr, bad.data(),
                                                         bad.size(), aad_.data(), aad_.size(),
                                                         nonce_.data(), key_.data()),
              0)
        << i;
  }
  std::vector<uint8_t> other_aad = aad_;
  other_aad.back() ^= 1;
  EXPECT_NE(crypto_aead_xchacha20poly1305_ietf_decrypt(
                out.data(), nullptr, nullptr, sealed.data(), sealed.size(), other_aad.data(),
                other_aad.size(), nonce_.data(), key_.data()),
            0);
}

// --- The sealer -----------------------------------------------------------------

using test::DocumentedAd;
using test::HexOf;
using test::KeyBytes;
using test::kNow;
using test::Opened;
using test::StringSessionBuffer;
using test::TestKey;

class SealerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  void SetUp() override {
    ParseInto("a:" + HexOf(TestKey(1)), &ring_a_);
    ParseInto("b:" + HexOf(TestKey(2)), &ring_b_);
    ParseInto("b:" + HexOf(TestKey(2)) + ",a:" + HexOf(TestKey(1)), &ring_b_a_);
  }

  static void ParseInto(const std::string& list, KeyRing* ring) {
    KeyParseError error;
    ASSERT_TRUE(KeyRing::ParseList(list, ring, &error)) << error.message.c_str();
  }

  // Seals or fails the test.
  std::string Seal(const KeyRing& ring, std::string_view session, int64_t created_at = 0,
                   const SealContext& context = {"sc", "session-id-1"}) {
    const Sealer sealer(&ring, &clock_);
    SealOptions options;
    options.created_at_seconds = created_at;
    SealError error = SealError::kNone;
    const std::string sealed = test::SealToString(sealer, context, session, options, &error);
    EXPECT_EQ(error, SealError::kNone);
    EXPECT_EQ(sealed.size(), SealedSize(session.size()));
    return sealed;
  }

  // Opens into a StringSessionBuffer, which must then hold exactly the session.
  Opened Open(const KeyRing& ring, std::string_view sealed, const Lifetimes& lifetimes = {},
              const SealContext& context = {"sc", "session-id-1"}) {
    const Sealer sealer(&ring, &clock_);
    StringSessionBuffer buffer;
    Opened opened;
    opened.result = sealer.Open(context, sealed, lifetimes, &buffer);
    if (opened.result.status == OpenStatus::kOk) {
      EXPECT_EQ(buffer.bytes.size(), opened.result.session_size);
      opened.session = buffer.bytes;
    }
    return opened;
  }

  // Seals with explicit options and output room; the result as Seal gives it.
  SealResult SealRaw(std::string_view session, const SealOptions& options, char* out,
                     size_t out_size, const KeyRing* ring = nullptr) {
    const Sealer sealer(ring != nullptr ? ring : &ring_a_, &clock_);
    return sealer.Seal({"sc", "id"}, session, options, out, out_size);
  }
  static SealOptions MaxSize(size_t max_sealed_size) {
    SealOptions options;
    options.max_sealed_size = max_sealed_size;
    return options;
  }

  OpenStatus StatusOf(const KeyRing& ring, std::string_view sealed, const Lifetimes& lifetimes = {},
                      const SealContext& context = {"sc", "session-id-1"}) {
    return Open(ring, sealed, lifetimes, context).result.status;
  }

  static std::vector<uint8_t> DecodeEnvelope(const std::string& sealed) {
    std::vector<uint8_t> envelope(Base64UrlDecodedMaxSize(sealed.size()));
    const ptrdiff_t n = Base64UrlDecode(sealed, envelope.data());
    EXPECT_GE(n, 0);
    envelope.resize(static_cast<size_t>(std::max<ptrdiff_t>(n, 0)));
    return envelope;
  }
  static std::string EncodeEnvelope(const std::vector<uint8_t>& envelope) {
    std::string out(Base64UrlEncodedSize(envelope.size()), '\0');
    Base64UrlEncode(envelope.data(), envelope.size(), out.data());
    return out;
  }

  // Appends to `envelope` (header written, nonce at offset 5) the encryption of
  // `plain` under `key`, with the documented associated data for cookie "sc"
  // and session "session-id-1".
  static void AppendSealedByHand(const KeyBytes& key, uint32_t key_id,
                                 const std::vector<uint8_t>& plain,
                                 std::vector<uint8_t>* envelope) {
    const std::vector<uint8_t> ad = DocumentedAd(kEnvelopeVersion, key_id, {"sc", "session-id-1"});
    std::vector<uint8_t> ciphertext(plain.size() + kTagSizeInBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext.data(), nullptr, plain.data(),
                                               plain.size(), ad.data(), ad.size(), nullptr,
                                               envelope->data() + 5, key.data());
    envelope->insert(envelope->end(), ciphertext.begin(), ciphertext.end());
  }

  ManualClock clock_{kNow};
  KeyRing ring_a_, ring_b_, ring_b_a_;
  const std::string session_ = "user_id|i:42;cart|a:1:{i:0;s:5:\"apple\";}";
};

std::string AllByteValues() {
  std::string s;
  for (int round = 0; round < 3; ++round) {
    for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c));
    s.append(5, '\0');
  }
  return s;
}

TEST_F(SealerTest, RoundTripPreservesSessionBytes) {
  const Opened opened = Open(ring_a_, Seal(ring_a_, session_));
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.session, session_);
  EXPECT_FALSE(opened.result.opened_with_secondary_key);
}

TEST_F(SealerTest, RoundTripPreservesEmptySession) {
  const std::string sealed = Seal(ring_a_, "");
  EXPECT_EQ(sealed.size(), SealedSize(0));
  const Opened opened = Open(ring_a_, sealed);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.result.session_size, 0u);
}

TEST_F(SealerTest, RoundTripPreservesBinaryBytesWithNuls) {
  const std::string binary = AllByteValues();
  const Opened opened = Open(ring_a_, Seal(ring_a_, binary));
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.session, binary);
}

TEST_F(SealerTest, RoundTripPreservesLargeSessions) {
  // Around and beyond any fixed-size working buffer.
  for (size_t size : {8100u, 8130u, 8131u, 8192u, 9000u, 65536u, 300000u}) {
    std::string big(size, '\0');
    for (size_t i = 0; i < size; ++i) big[i] = static_cast<char>((i * 131) >> 3);
    const std::string sealed = Seal(ring_a_, big);
    ASSERT_EQ(sealed.size(), SealedSize(size));
    const Opened opened = Open(ring_a_, sealed);
    ASSERT_EQ(opened.result.status, OpenStatus::kOk) << size;
    EXPECT_TRUE(opened.session == big) << size;
  }
}

TEST_F(SealerTest, NewSessionIsCreatedAndWrittenNow) {
  const Opened opened = Open(ring_a_, Seal(ring_a_, session_, /*created_at=*/0));
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.result.created_at_seconds, kNow);
  EXPECT_EQ(opened.result.last_write_at_seconds, kNow);
}

TEST_F(SealerTest, CreatedAtIsCarriedOverAndLastWriteIsNow) {
  const Opened opened = Open(ring_a_, Seal(ring_a_, session_, kNow - 12345));
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.result.created_at_seconds, kNow - 12345);
  EXPECT_EQ(opened.result.last_write_at_seconds, kNow);
}

TEST_F(SealerTest, TwoSealsOfTheSameInputDiffer) {
  std::set<std::string> seen;
  std::set<std::string> nonces;
  for (int i = 0; i < 50; ++i) {
    const std::string sealed = Seal(ring_a_, session_);
    EXPECT_TRUE(seen.insert(sealed).second);
    const std::vector<uint8_t> envelope = DecodeEnvelope(sealed);
    nonces.insert(std::string(envelope.begin() + 5, envelope.begin() + 5 + kNonceSizeInBytes));
  }
  EXPECT_EQ(nonces.size(), 50u);
}

TEST_F(SealerTest, SealedValueUsesOnlyBase64UrlCharacters) {
  const std::string sealed = Seal(ring_a_, AllByteValues());
  EXPECT_EQ(sealed.find_first_not_of(kBase64UrlAlphabet), std::string::npos);
}

TEST_F(SealerTest, SealedValueFollowsTheDocumentedEnvelope) {
  // Decrypt with libsodium directly, following only the header's description.
  const SealContext context{"my_cookie", "abc123", "pool:shop user:shop"};
  const std::string sealed = Seal(ring_a_, session_, kNow - 7, context);
  const std::vector<uint8_t> envelope = DecodeEnvelope(sealed);
  ASSERT_EQ(envelope.size(), session_.size() + kEnvelopeOverheadInBytes);
  EXPECT_EQ(envelope[0], kEnvelopeVersion);
  const uint32_t key_id = (uint32_t{envelope[1]} << 24) | (uint32_t{envelope[2]} << 16) |
                          (uint32_t{envelope[3]} << 8) | envelope[4];
  EXPECT_EQ(key_id, ring_a_.front().id());
  const std::vector<uint8_t> ad = DocumentedAd(kEnvelopeVersion, key_id, context);
  std::vector<uint8_t> plain(envelope.size());
  unsigned long long plain_size = 0;
  const KeyBytes key = TestKey(1);
  ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(
                plain.data(), &plain_size, nullptr, envelope.data() + kHeaderSizeInBytes,
                envelope.size() - kHeaderSizeInBytes, ad.data(), ad.size(), envelope.data() + 5,
                key.data()),
            0);
  ASSERT_EQ(plain_size, kPlaintextHeaderSizeInBytes + session_.size());
  EXPECT_EQ(plain[0], 0) << "flags";
  int64_t created = 0, written = 0;
  for (int i = 0; i < 8; ++i) created = created * 256 + plain[1 + i];
  for (int i = 0; i < 8; ++i) written = written * 256 + plain[9 + i];
  EXPECT_EQ(created, kNow - 7);
  EXPECT_EQ(written, kNow);
  EXPECT_EQ(std::string(plain.begin() + 17, plain.begin() + static_cast<ptrdiff_t>(plain_size)),
            session_);
}

TEST_F(SealerTest, OpensAnEnvelopeBuiltFromTheDocumentedFormat) {
  const KeyBytes key = TestKey(1);
  const uint32_t key_id = ring_a_.front().id();
  std::vector<uint8_t> envelope = {kEnvelopeVersion, static_cast<uint8_t>(key_id >> 24),
                                   static_cast<uint8_t>(key_id >> 16),
                                   static_cast<uint8_t>(key_id >> 8), static_cast<uint8_t>(key_id)};
  for (size_t i = 0; i < kNonceSizeInBytes; ++i) envelope.push_back(static_cast<uint8_t>(i * 3));
  std::vector<uint8_t> plain = {0};
  const int64_t created = kNow - 100, written = kNow - 10;
  for (int shift = 56; shift >= 0; shift -= 8)
    plain.push_back(static_cast<uint8_t>(created >> shift));
  for (int shift = 56; shift >= 0; shift -= 8)
    plain.push_back(static_cast<uint8_t>(written >> shift));
  plain.insert(plain.end(), session_.begin(), session_.end());
  AppendSealedByHand(key, key_id, plain, &envelope);

  const Opened opened = Open(ring_a_, EncodeEnvelope(envelope));
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.session, session_);
  EXPECT_EQ(opened.result.created_at_seconds, created);
  EXPECT_EQ(opened.result.last_write_at_seconds, written);
}

TEST_F(SealerTest, OpenRejectsUnknownFlags) {
  // A correctly sealed value with a flag this version does not define (0x80).
  const KeyBytes key = TestKey(1);
  const uint32_t key_id = ring_a_.front().id();
  std::vector<uint8_t> envelope = {kEnvelopeVersion, static_cast<uint8_t>(key_id >> 24),
                                   static_cast<uint8_t>(key_id >> 16),
                                   static_cast<uint8_t>(key_id >> 8), static_cast<uint8_t>(key_id)};
  envelope.resize(kHeaderSizeInBytes, 0x11);
  std::vector<uint8_t> plain(kPlaintextHeaderSizeInBytes + 4, 0);
  plain[0] = 0x80;
  plain[8] = 1;  // created_at = 1
  plain[16] = 1;
  AppendSealedByHand(key, key_id, plain, &envelope);
  const OpenStatus status = StatusOf(ring_a_, EncodeEnvelope(envelope));
  EXPECT_NE(status, OpenStatus::kOk);
  EXPECT_EQ(status, OpenStatus::kUnsupportedVersion);
}

TEST_F(SealerTest, OpenReportsMalformedForEmptyValue) {
  EXPECT_EQ(StatusOf(ring_a_, ""), OpenStatus::kMalformed);
}

TEST_F(SealerTest, OpenReportsMalformedForBadCharacters) {
  const std::string sealed = Seal(ring_a_, session_);
  for (char bad : {'.', '=', '+', '/', ' ', '\0', '%', '\xff', '\n'}) {
    for (size_t at : {size_t{0}, size_t{10}, sealed.size() / 2, sealed.size() - 1}) {
      std::string value = sealed;
      value[at] = bad;
      EXPECT_EQ(StatusOf(ring_a_, value), OpenStatus::kMalformed)
          << "char " << int(bad) << " at " << at;
    }
  }
  EXPECT_EQ(StatusOf(ring_a_, sealed + "=="), OpenStatus::kMalformed);
  EXPECT_EQ(StatusOf(ring_a_, " " + sealed), OpenStatus::kMalformed);
}

TEST_F(SealerTest, OpenReportsMalformedForTooShortValue) {
  const std::string sealed = Seal(ring_a_, "");
  ASSERT_EQ(sealed.size(), SealedSize(0));
  EXPECT_EQ(StatusOf(ring_a_, sealed.substr(0, SealedSize(0) - 1)), OpenStatus::kMalformed);
  EXPECT_EQ(StatusOf(ring_a_, sealed.substr(0, 40)), OpenStatus::kMalformed);
  EXPECT_EQ(StatusOf(ring_a_, "AQ"), OpenStatus::kMalformed);
  // Valid base64url of a short envelope with a good version and key id.
  std::vector<uint8_t> envelope = DecodeEnvelope(sealed);
  envelope.resize(kEnvelopeOverheadInBytes - 1);
  EXPECT_EQ(StatusOf(ring_a_, EncodeEnvelope(envelope)), OpenStatus::kMalformed);
}

TEST_F(SealerTest, OpenReportsUnsupportedVersion) {
  const std::vector<uint8_t> envelope = DecodeEnvelope(Seal(ring_a_, session_));
  // 1: the envelope before the application was bound; no longer opened.
  for (uint8_t version : {0, 1, 3, 0x80, 0xff}) {
    std::vector<uint8_t> other = envelope;
    other[0] = version;
    EXPECT_EQ(StatusOf(ring_a_, EncodeEnvelope(other)), OpenStatus::kUnsupportedVersion)
        << int(version);
  }
}

TEST_F(SealerTest, OpenReportsUnknownKey) {
  EXPECT_EQ(StatusOf(ring_b_, Seal(ring_a_, session_)), OpenStatus::kUnknownKey);
  std::vector<uint8_t> envelope = DecodeEnvelope(Seal(ring_a_, session_));
  envelope[4] ^= 0x40;  // an id no key in the ring has
  ASSERT_EQ(ring_a_.FindById(ring_a_.front().id() ^ 0x40), nullptr);
  EXPECT_EQ(StatusOf(ring_a_, EncodeEnvelope(envelope)), OpenStatus::kUnknownKey);
}

TEST_F(SealerTest, OpenFailsWhenKeyIdIsSwappedForAnotherKnownKey) {
  std::vector<uint8_t> envelope = DecodeEnvelope(Seal(ring_b_a_, session_));
  const uint32_t id_a = ring_a_.front().id();
  for (int i = 0; i < 4; ++i) envelope[1 + i] = static_cast<uint8_t>(id_a >> (24 - 8 * i));
  // The binding hint was made for the other key id: read as moved, not tampered.
  EXPECT_EQ(StatusOf(ring_b_a_, EncodeEnvelope(envelope)), OpenStatus::kMoved);
}

TEST_F(SealerTest, OpenFailsForWrongCookieName) {
  const std::string sealed = Seal(ring_a_, session_, 0, {"sc", "sid"});
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"sc", "sid"}), OpenStatus::kOk);
  for (std::string_view name : {"sd", "sc2", "", "SC", "PHPSESSID"}) {
    EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {name, "sid"}), OpenStatus::kMoved) << name;
  }
}

TEST_F(SealerTest, OpenFailsForAnotherApplicationSharingTheKey) {
  // Another pool with the same keys, the same cookie name and the victim's
  // session id (all three chosen by its code) still cannot mint a value here.
  const std::string sealed = Seal(ring_a_, session_, 0, {"sc", "sid", "pool:blog user:blog"});
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"sc", "sid", "pool:blog user:blog"}), OpenStatus::kOk);
  for (std::string_view application : {"pool:shop user:shop", "pool:blog user:blo",
                                       "pool:blog user:blog ", "", "Pool:blog user:blog"}) {
    EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"sc", "sid", application}), OpenStatus::kMoved)
        << application;
  }
}

TEST_F(SealerTest, OpenFailsWhenTheBoundaryBetweenApplicationAndNameMoves) {
  const std::string sealed = Seal(ring_a_, session_, 0, {"bc", "sid", "a"});
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"c", "sid", "ab"}), OpenStatus::kMoved);
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"abc", "sid", ""}), OpenStatus::kMoved);
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"bc", "sid", "a"}), OpenStatus::kOk);
}

TEST_F(SealerTest, OpenFailsForWrongSessionIdSoValuesCannotBeMoved) {
  const std::string sealed = Seal(ring_a_, session_, 0, {"sc", "victim-session"});
  // Same length as the bound id too, so only its bytes tell them apart.
  for (std::string_view id : {"victim-sessioN", "Victim-session", "attacker-sess1",
                              "attacker-session", "victim-sessio", "victim-session ", ""}) {
    EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"sc", id}), OpenStatus::kMoved) << id;
  }
}

TEST_F(SealerTest, OpenFailsWhenTheBoundaryBetweenNameAndIdMoves) {
  // "ab"+"c" and "a"+"bc" concatenate alike; the length prefixes tell them apart.
  const std::string sealed = Seal(ring_a_, session_, 0, {"ab", "c"});
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"a", "bc"}), OpenStatus::kMoved);
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"abc", ""}), OpenStatus::kMoved);
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"ab", "c"}), OpenStatus::kOk);
}

TEST_F(SealerTest, OpenFailsForAnotherKeyWithTheSameId) {
  // Not reachable through ParseList (ids are unique there), but Add allows it.
  // The AEAD, not the id, decides.
  const KeyBytes other = TestKey(9);
  KeyRing forged;
  KeyParseError error;
  ASSERT_TRUE(KeyRing::ParseList(HexOf(TestKey(1)), &forged, &error));
  const std::string sealed = Seal(forged, session_);
  std::vector<uint8_t> envelope = DecodeEnvelope(sealed);
  const uint32_t id_other = Key(other.data(), "").id();
  for (int i = 0; i < 4; ++i) envelope[1 + i] = static_cast<uint8_t>(id_other >> (24 - 8 * i));
  KeyRing ring_other;
  ASSERT_TRUE(ring_other.Add(Key(other.data(), "")));
  EXPECT_EQ(StatusOf(ring_other, EncodeEnvelope(envelope)), OpenStatus::kMoved);
}

TEST_F(SealerTest, OpenReportsIdleExpiredJustPastTheTimeout) {
  const std::string sealed = Seal(ring_a_, session_);
  const Lifetimes lifetimes{/*idle=*/1440, /*absolute=*/0};
  clock_.Set(kNow + 1440);  // exactly the timeout: still inside
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kOk);
  clock_.Set(kNow + 1441);
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kIdleExpired);
  clock_.Set(kNow + 1'000'000);
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kIdleExpired);
}

TEST_F(SealerTest, IdleTimeoutCountsFromTheLastWrite) {
  const Lifetimes lifetimes{100, 0};
  std::string sealed = Seal(ring_a_, session_);
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(90);
    const Opened opened = Open(ring_a_, sealed, lifetimes);
    ASSERT_EQ(opened.result.status, OpenStatus::kOk) << i;
    sealed = Seal(ring_a_, opened.session, opened.result.created_at_seconds);
  }
  clock_.Advance(101);
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kIdleExpired);
}

TEST_F(SealerTest, OpenReportsAbsoluteExpiredJustPastTheLifetime) {
  const Lifetimes lifetimes{/*idle=*/600, /*absolute=*/3600};
  // Created an hour ago, rewritten just now: idle is fine, absolute decides.
  const std::string sealed = Seal(ring_a_, session_, kNow - 3590);
  clock_.Set(kNow + 10);  // exactly the lifetime: still inside
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kOk);
  clock_.Set(kNow + 11);
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kAbsoluteExpired);
}

TEST_F(SealerTest, NoIdleTimeoutAndZeroAbsoluteLifetimeMeanNoLimit) {
  const std::string sealed = Seal(ring_a_, session_, 1);
  clock_.Set(kNow + 20LL * 365 * 86400);
  EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{kNoIdleTimeout, 0}), OpenStatus::kOk);
  EXPECT_EQ(StatusOf(ring_a_, sealed), OpenStatus::kOk);  // the defaults
}

TEST_F(SealerTest, ZeroIdleTimeoutExpiresOnceTheSecondOfTheWriteHasPassed) {
  // As the files handler's gc deletes a file older than 0 seconds: never "no timeout".
  const std::string sealed = Seal(ring_a_, session_);
  EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{0, 0}), OpenStatus::kOk);
  clock_.Set(kNow + 1);
  EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{0, 0}), OpenStatus::kIdleExpired);
  clock_.Set(kNow + 20LL * 365 * 86400);
  EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{0, 0}), OpenStatus::kIdleExpired);
}

TEST_F(SealerTest, NegativeIdleTimeoutExpiresAtOnce) {
  const std::string sealed = Seal(ring_a_, session_);
  for (int64_t idle : {int64_t{-1}, int64_t{-86400}, INT64_MIN}) {
    EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{idle, 0}), OpenStatus::kIdleExpired) << idle;
  }
}

TEST_F(SealerTest, CreatedTooFarAheadIsFromTheFuture) {
  // Another server's clock may run a little fast; beyond the allowed skew a
  // value would outlive every lifetime.
  const Lifetimes lifetimes{1440, 3600};
  EXPECT_EQ(StatusOf(ring_a_, Seal(ring_a_, session_, kNow + kMaxClockSkewSeconds), lifetimes),
            OpenStatus::kOk);
  EXPECT_EQ(StatusOf(ring_a_, Seal(ring_a_, session_, kNow + kMaxClockSkewSeconds + 1), lifetimes),
            OpenStatus::kFromTheFuture);
  EXPECT_EQ(StatusOf(ring_a_, Seal(ring_a_, session_, kNow + 365LL * 86400), Lifetimes{}),
            OpenStatus::kFromTheFuture);
}

TEST_F(SealerTest, LastWriteTooFarAheadIsFromTheFuture) {
  // Created long ago, last written "now" by a server whose clock ran ahead.
  const std::string sealed = Seal(ring_a_, session_, kNow - 1000);
  const Lifetimes lifetimes{1440, 3600};
  clock_.Set(kNow - kMaxClockSkewSeconds);
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kOk);
  clock_.Set(kNow - kMaxClockSkewSeconds - 1);
  EXPECT_EQ(StatusOf(ring_a_, sealed, lifetimes), OpenStatus::kFromTheFuture);
  clock_.Set(kNow - 365LL * 86400);
  EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{}), OpenStatus::kFromTheFuture);
}

TEST_F(SealerTest, FromTheFutureLeavesNoPlaintextInTheBuffer) {
  const std::string secret = "secret-marker-0123456789-secret-marker";
  const std::string sealed = Seal(ring_a_, secret);
  const Sealer sealer(&ring_a_, &clock_);
  clock_.Set(kNow - 3600);
  StringSessionBuffer buffer;
  const OpenResult opened = sealer.Open({"sc", "session-id-1"}, sealed, {}, &buffer);
  EXPECT_EQ(opened.status, OpenStatus::kFromTheFuture);
  EXPECT_EQ(opened.session_size, 0u);
  EXPECT_EQ(buffer.bytes.find(secret), std::string::npos);
}

TEST_F(SealerTest, AuthenticationIsCheckedBeforeExpiry) {
  const std::string sealed = Seal(ring_a_, session_);
  clock_.Set(kNow + 100000);
  EXPECT_EQ(StatusOf(ring_a_, sealed, Lifetimes{10, 10}, {"sc", "other"}), OpenStatus::kMoved);
}

TEST_F(SealerTest, OpenLeavesExactlyTheSessionInTheBuffer) {
  // Whatever the buffer held before, and whatever its size.
  const Sealer sealer(&ring_a_, &clock_);
  for (const std::string& before : {std::string(), std::string(5000, '#')}) {
    StringSessionBuffer buffer;
    buffer.bytes = before;
    const OpenResult opened =
        sealer.Open({"sc", "session-id-1"}, Seal(ring_a_, session_), {}, &buffer);
    ASSERT_EQ(opened.status, OpenStatus::kOk);
    EXPECT_EQ(buffer.bytes, session_);
    EXPECT_FALSE(opened.compressed);
    EXPECT_EQ(opened.key_id, ring_a_.front().id());
  }
}

TEST_F(SealerTest, FailedOpenLeavesNoPlaintextInTheBuffer) {
  const std::string secret = "secret-marker-0123456789-secret-marker";
  const std::string sealed = Seal(ring_a_, secret);
  const Sealer sealer(&ring_a_, &clock_);
  auto holds_secret = [&](const StringSessionBuffer& buffer) {
    return buffer.bytes.find(secret) != std::string::npos;
  };
  StringSessionBuffer buffer;
  ASSERT_EQ(sealer.Open({"sc", "session-id-1"}, sealed, {}, &buffer).status, OpenStatus::kOk);
  ASSERT_TRUE(holds_secret(buffer));  // the check below can see plaintext

  clock_.Advance(1000);
  EXPECT_EQ(sealer.Open({"sc", "session-id-1"}, sealed, {10, 0}, &buffer).status,
            OpenStatus::kIdleExpired);
  EXPECT_FALSE(holds_secret(buffer)) << "idle-expired";
  EXPECT_EQ(sealer.Open({"sc", "session-id-1"}, sealed, {kNoIdleTimeout, 10}, &buffer).status,
            OpenStatus::kAbsoluteExpired);
  EXPECT_FALSE(holds_secret(buffer)) << "absolute-expired";
  EXPECT_EQ(sealer.Open({"sc", "moved"}, sealed, {}, &buffer).status, OpenStatus::kMoved);
  EXPECT_FALSE(holds_secret(buffer)) << "moved";
}

// A buffer whose Resize fails from the `fail_at`th call on (1-based).
class FailingSessionBuffer final : public SessionBuffer {
 public:
  explicit FailingSessionBuffer(int fail_at) : fail_at_(fail_at) {}
  uint8_t* Resize(size_t size) override {
    if (++calls_ >= fail_at_) return nullptr;
    bytes.resize(size);
    return reinterpret_cast<uint8_t*>(bytes.data());
  }
  std::string bytes;

 private:
  int fail_at_;
  int calls_ = 0;
};

TEST_F(SealerTest, OpenReportsOutOfMemoryAndLeavesNoPlaintext) {
  const std::string secret = "secret-marker-0123456789-secret-marker";
  const Sealer sealer(&ring_a_, &clock_);
  // The first Resize makes room for the envelope; the second shrinks to the session.
  for (int fail_at : {1, 2}) {
    FailingSessionBuffer buffer(fail_at);
    EXPECT_EQ(sealer.Open({"sc", "session-id-1"}, Seal(ring_a_, secret), {}, &buffer).status,
              OpenStatus::kOutOfMemory)
        << fail_at;
    EXPECT_EQ(buffer.bytes.find(secret), std::string::npos) << fail_at;
  }
  FailingSessionBuffer enough(3);
  EXPECT_EQ(sealer.Open({"sc", "session-id-1"}, Seal(ring_a_, secret), {}, &enough).status,
            OpenStatus::kOk);
  EXPECT_EQ(enough.bytes, secret);
}

TEST_F(SealerTest, EverySingleCharacterChangeIsRejected) {
  const std::string sealed = Seal(ring_a_, "k|s:1:\"v\";");
  int checked = 0;
  for (size_t at = 0; at < sealed.size(); ++at) {
    for (const char* c = kBase64UrlAlphabet; *c != '\0'; ++c) {
      if (*c == sealed[at]) continue;
      std::string value = sealed;
      value[at] = *c;
      const OpenStatus status = StatusOf(ring_a_, value);
      ASSERT_NE(status, OpenStatus::kOk) << "position " << at << " char " << *c;
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(sealed.size() * 63));
}

TEST_F(SealerTest, EveryTruncationIsRejected) {
  const std::string sealed = Seal(ring_a_, session_);
  for (size_t size = 0; size < sealed.size(); ++size) {
    ASSERT_NE(StatusOf(ring_a_, sealed.substr(0, size)), OpenStatus::kOk) << "prefix " << size;
    ASSERT_NE(StatusOf(ring_a_, sealed.substr(sealed.size() - size)), OpenStatus::kOk)
        << "suffix " << size;
  }
}

TEST_F(SealerTest, EveryAppendedCharacterIsRejected) {
  const std::string sealed = Seal(ring_a_, session_);
  for (const char* c = kBase64UrlAlphabet; *c != '\0'; ++c) {
    EXPECT_NE(StatusOf(ring_a_, sealed + *c), OpenStatus::kOk) << *c;
    EXPECT_NE(StatusOf(ring_a_, sealed + *c + *c), OpenStatus::kOk) << *c;
    EXPECT_NE(StatusOf(ring_a_, sealed + "AAAA"), OpenStatus::kOk);
  }
}

TEST_F(SealerTest, RotationOpensOldValuesWithTheSecondaryKey) {
  const std::string sealed = Seal(ring_a_, session_);
  const Opened opened = Open(ring_b_a_, sealed);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_TRUE(opened.result.opened_with_secondary_key);
  EXPECT_EQ(opened.session, session_);
}

TEST_F(SealerTest, RotationSealsWithTheNewPrimary) {
  const std::string sealed = Seal(ring_b_a_, session_);
  const Opened with_b = Open(ring_b_, sealed);
  ASSERT_EQ(with_b.result.status, OpenStatus::kOk);
  EXPECT_FALSE(with_b.result.opened_with_secondary_key);
  EXPECT_EQ(StatusOf(ring_a_, sealed), OpenStatus::kUnknownKey);
  const Opened with_both = Open(ring_b_a_, sealed);
  ASSERT_EQ(with_both.result.status, OpenStatus::kOk);
  EXPECT_FALSE(with_both.result.opened_with_secondary_key);
}

TEST_F(SealerTest, NeedsRefreshForSecondaryKey) {
  const Sealer sealer(&ring_b_a_, &clock_);
  const Lifetimes lifetimes{1440, 0};
  const Opened opened = Open(ring_b_a_, Seal(ring_a_, session_), lifetimes);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_TRUE(sealer.NeedsRefresh(opened.result, lifetimes));
  EXPECT_TRUE(sealer.NeedsRefresh(opened.result, Lifetimes{}));
}

TEST_F(SealerTest, NeedsRefreshAfterAQuarterOfTheIdleTimeout) {
  const Sealer sealer(&ring_a_, &clock_);
  const Lifetimes lifetimes{400, 0};
  const std::string sealed = Seal(ring_a_, session_);
  clock_.Set(kNow + 99);
  const Opened early = Open(ring_a_, sealed, lifetimes);
  ASSERT_EQ(early.result.status, OpenStatus::kOk);
  EXPECT_FALSE(sealer.NeedsRefresh(early.result, lifetimes));
  clock_.Set(kNow + 100);
  const Opened quarter = Open(ring_a_, sealed, lifetimes);
  ASSERT_EQ(quarter.result.status, OpenStatus::kOk);
  EXPECT_TRUE(sealer.NeedsRefresh(quarter.result, lifetimes));
  clock_.Set(kNow + 399);
  const Opened late = Open(ring_a_, sealed, lifetimes);
  ASSERT_EQ(late.result.status, OpenStatus::kOk);
  EXPECT_TRUE(sealer.NeedsRefresh(late.result, lifetimes));
}

TEST_F(SealerTest, NoRefreshWhenFresh) {
  const Sealer sealer(&ring_a_, &clock_);
  const Lifetimes lifetimes{1440, 86400};
  const Opened opened = Open(ring_a_, Seal(ring_a_, session_), lifetimes);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_FALSE(sealer.NeedsRefresh(opened.result, lifetimes));
}

TEST_F(SealerTest, NoRefreshWithoutIdleTimeout) {
  const Sealer sealer(&ring_a_, &clock_);
  const Opened opened = Open(ring_a_, Seal(ring_a_, session_));
  clock_.Advance(10'000'000);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_FALSE(sealer.NeedsRefresh(opened.result, Lifetimes{kNoIdleTimeout, 0}));
  EXPECT_FALSE(sealer.NeedsRefresh(opened.result, Lifetimes{}));
}

TEST_F(SealerTest, NoRefreshForFailedOpen) {
  const Sealer sealer(&ring_a_, &clock_);
  const Opened failed = Open(ring_a_, "garbage");
  ASSERT_NE(failed.result.status, OpenStatus::kOk);
  clock_.Advance(10'000);
  EXPECT_FALSE(sealer.NeedsRefresh(failed.result, Lifetimes{100, 0}));
}

TEST_F(SealerTest, SealedSizeEqualsOutputLength) {
  const Sealer sealer(&ring_a_, &clock_);
  std::vector<char> out(SealedSize(5000) + 16);
  const std::string big(5000, 'x');
  for (size_t n = 0; n <= 5000; n += (n < 64 ? 1 : 37)) {
    const SealResult sealed =
        sealer.Seal({"sc", "id"}, std::string_view(big).substr(0, n), {}, out.data(), out.size());
    ASSERT_EQ(sealed.error, SealError::kNone) << n;
    EXPECT_EQ(sealed.sealed_size, SealedSize(n)) << n;
    EXPECT_EQ(SealedSize(n), Base64UrlEncodedSize(n + kEnvelopeOverheadInBytes));
  }
}

TEST_F(SealerTest, SealDoesNotWriteBeyondSealedSize) {
  const Sealer sealer(&ring_a_, &clock_);
  for (size_t n : {0u, 1u, 2u, 3u, 100u, 1000u}) {
    std::vector<char> out(SealedSize(n) + 32, '#');
    ASSERT_EQ(sealer.Seal({"sc", "id"}, std::string(n, 'q'), {}, out.data(), out.size()).error,
              SealError::kNone);
    EXPECT_TRUE(std::all_of(out.begin() + static_cast<ptrdiff_t>(SealedSize(n)), out.end(),
                            [](char c) { return c == '#'; }))
        << n;
  }
}

TEST_F(SealerTest, SizeLimitIsExact) {
  std::vector<char> out(SealedSize(5000) + 8);
  const std::string big(5000, 's');
  for (size_t n = 0; n <= 5000; n += 97) {
    const std::string_view session = std::string_view(big).substr(0, n);
    const size_t exact = SealedSize(n);
    const SealResult under = SealRaw(session, MaxSize(exact - 1), out.data(), out.size());
    EXPECT_EQ(under.error, SealError::kTooLarge) << n;
    EXPECT_EQ(under.sealed_size, exact) << n;
    const SealResult at = SealRaw(session, MaxSize(exact), out.data(), out.size());
    EXPECT_EQ(at.error, SealError::kNone) << n;
    EXPECT_EQ(at.sealed_size, exact);
    EXPECT_EQ(SealRaw(session, MaxSize(exact + 1), out.data(), out.size()).error, SealError::kNone)
        << n;
  }
}

TEST_F(SealerTest, TooLargeWritesNothing) {
  std::vector<char> out(SealedSize(100), '#');
  const SealResult sealed =
      SealRaw(std::string(100, 'a'), MaxSize(SealedSize(100) - 1), out.data(), out.size());
  EXPECT_EQ(sealed.error, SealError::kTooLarge);
  // Nothing is written to `out`; sealed_size says how long the value would have been.
  EXPECT_EQ(sealed.sealed_size, SealedSize(100));
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](char c) { return c == '#'; }));
}

TEST_F(SealerTest, BufferTooSmallIsReportedWithoutWriting) {
  for (size_t n : {0u, 10u, 4000u}) {
    std::vector<char> out(SealedSize(n) + 8, '#');
    const SealResult sealed = SealRaw(std::string(n, 'a'), {}, out.data(), SealedSize(n) - 1);
    EXPECT_EQ(sealed.error, SealError::kBufferTooSmall) << n;
    EXPECT_EQ(sealed.sealed_size, 0u);
    EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](char c) { return c == '#'; }));
    EXPECT_EQ(SealRaw(std::string(n, 'a'), {}, nullptr, 0).error, SealError::kBufferTooSmall);
  }
}

TEST_F(SealerTest, MaxSessionSizeForIsConsistentWithSealedSize) {
  for (size_t limit = 0; limit <= 6000; ++limit) {
    const size_t max = MaxSessionSizeFor(limit);
    if (limit < SealedSize(0)) {
      EXPECT_EQ(max, 0u) << limit;
      continue;
    }
    EXPECT_LE(SealedSize(max), limit) << limit;
    EXPECT_GT(SealedSize(max + 1), limit) << limit;
  }
  EXPECT_EQ(MaxSessionSizeFor(SealedSize(3000)), 3000u);
  EXPECT_EQ(MaxSessionSizeFor(4096), 3010u);  // 4096 chars hold 3072 bytes, 62 of them overhead
}

TEST_F(SealerTest, SealFailsWithoutKey) {
  KeyRing empty;
  const Sealer sealer(&empty, &clock_);
  std::vector<char> out(SealedSize(10));
  EXPECT_EQ(sealer.Seal({"sc", "id"}, "0123456789", {}, out.data(), out.size()).error,
            SealError::kNoKey);
  StringSessionBuffer buffer;
  EXPECT_EQ(sealer.Open({"sc", "id"}, Seal(ring_a_, "x"), {}, &buffer).status,
            OpenStatus::kUnknownKey);
}

TEST_F(SealerTest, ContextLengthLimits) {
  const Sealer sealer(&ring_a_, &clock_);
  std::vector<char> out(SealedSize(10));
  const std::string name_max(kMaxCookieNameSizeInBytes, 'n');
  const std::string id_max(kMaxSessionIdSizeInBytes, 'i');
  EXPECT_EQ(sealer.Seal({name_max + "n", "id"}, "0123456789", {}, out.data(), out.size()).error,
            SealError::kBadContext);
  EXPECT_EQ(sealer.Seal({"sc", id_max + "i"}, "0123456789", {}, out.data(), out.size()).error,
            SealError::kBadContext);
  const std::string app_max(kMaxApplicationSizeInBytes, 'a');
  EXPECT_EQ(
      sealer.Seal({"sc", "id", app_max + "a"}, "0123456789", {}, out.data(), out.size()).error,
      SealError::kBadContext);
  // The longest context still works, and is fully bound.
  const std::string sealed = Seal(ring_a_, "0123456789", 0, {name_max, id_max, app_max});
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {name_max, id_max, app_max}), OpenStatus::kOk);
  std::string id_other = id_max;
  id_other.back() = 'j';
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {name_max, id_other, app_max}), OpenStatus::kMoved);
  std::string app_other = app_max;
  app_other.back() = 'b';
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {name_max, id_max, app_other}), OpenStatus::kMoved);
  EXPECT_NE(StatusOf(ring_a_, sealed, {}, {name_max + "n", id_max, app_max}), OpenStatus::kOk);
}

TEST_F(SealerTest, EmptyCookieNameAndSessionIdRoundTrip) {
  const std::string sealed = Seal(ring_a_, session_, 0, {"", ""});
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"", ""}), OpenStatus::kOk);
  EXPECT_EQ(StatusOf(ring_a_, sealed, {}, {"", "x"}), OpenStatus::kMoved);
}

TEST_F(SealerTest, ExtremeCreatedAtDoesNotOverflowExpiry) {
  // created_at comes from the caller. "now - created_at" must not overflow
  // (undefined behaviour; the UBSan build stops here) nor wrap to "not expired".
  for (int64_t created : {INT64_MIN, INT64_MIN + 1, int64_t{-1}}) {
    const Opened opened = Open(ring_a_, Seal(ring_a_, session_, created), Lifetimes{1440, 3600});
    EXPECT_EQ(opened.result.status, OpenStatus::kAbsoluteExpired) << created;
  }
  // From the far future: refused, no overflow.
  const Opened future = Open(ring_a_, Seal(ring_a_, session_, INT64_MAX), Lifetimes{1440, 3600});
  EXPECT_EQ(future.result.status, OpenStatus::kFromTheFuture);
  clock_.Set(INT64_MIN);
  EXPECT_EQ(StatusOf(ring_a_, Seal(ring_a_, session_, INT64_MAX), Lifetimes{1440, 3600}),
            OpenStatus::kFromTheFuture);
  clock_.Set(INT64_MAX);
  EXPECT_EQ(StatusOf(ring_a_, Seal(ring_a_, session_, INT64_MIN), Lifetimes{1440, 0}),
            OpenStatus::kOk);
}

// --- One bound on the session's size, at seal and at open ----------------------

TEST_F(SealerTest, SealRefusesASessionOverTheBoundBeforeAnyWork) {
  Sealer sealer(&ring_a_, &clock_);
  sealer.set_max_session_size(1000);
  EXPECT_EQ(sealer.max_session_size(), 1000u);
  StringSessionBuffer scratch;
  for (bool compress : {false, true}) {
    std::vector<char> out(SealedSize(1001), '#');
    SealOptions options;
    options.compress = compress;
    const SealResult refused = sealer.Seal({"sc", "id"}, std::string(1001, 'a'), options,
                                           out.data(), out.size(), &scratch);
    EXPECT_EQ(refused.error, SealError::kSessionTooLarge) << compress;
    EXPECT_EQ(refused.sealed_size, 0u);
    EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](char c) { return c == '#'; }));
    EXPECT_EQ(scratch.largest_size, 0u) << "neither copied nor compressed";
    EXPECT_EQ(
        sealer.Seal({"sc", "id"}, std::string(1000, 'a'), options, out.data(), out.size()).error,
        SealError::kNone)
        << compress;
  }
}

TEST_F(SealerTest, OpenRefusesAValueHoldingASessionOverTheBound) {
  // Sealed where the bound was larger: refused before the buffer is allocated.
  const std::string sealed = Seal(ring_a_, std::string(1001, 'a'));
  Sealer sealer(&ring_a_, &clock_);
  sealer.set_max_session_size(1000);
  StringSessionBuffer buffer;
  EXPECT_EQ(sealer.Open({"sc", "session-id-1"}, sealed, {}, &buffer).status,
            OpenStatus::kMalformed);
  EXPECT_EQ(buffer.largest_size, 0u);
  const std::string fits = Seal(ring_a_, std::string(1000, 'a'));
  EXPECT_EQ(sealer.Open({"sc", "session-id-1"}, fits, {}, &buffer).status, OpenStatus::kOk);
}

TEST_F(SealerTest, TheDefaultBoundHoldsAtSealAndOpen) {
  const Sealer sealer(&ring_a_, &clock_);
  EXPECT_EQ(sealer.max_session_size(), kDefaultMaxSessionSizeInBytes);
  SealError error = SealError::kNone;
  test::SealToString(sealer, {"sc", "id"}, std::string(kDefaultMaxSessionSizeInBytes + 1, 'a'), {},
                     &error);
  EXPECT_EQ(error, SealError::kSessionTooLarge);
  const std::string at_bound(kDefaultMaxSessionSizeInBytes, 'b');
  const std::string sealed = test::SealToString(sealer, {"sc", "id"}, at_bound, {}, &error);
  ASSERT_EQ(error, SealError::kNone);
  const Opened opened = test::OpenToString(sealer, {"sc", "id"}, sealed);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_TRUE(opened.session == at_bound);
}

TEST_F(SealerTest, OutputNeedsNoMoreThanTheLimit) {
  // A session far over the limit costs its caller no buffer of its size.
  EXPECT_EQ(SealBufferSize(1 << 20, 4000), 4000u);
  EXPECT_EQ(SealBufferSize(100, 4000), SealedSize(100));
  EXPECT_EQ(SealBufferSize(100, SIZE_MAX), SealedSize(100));
  const std::string big(1 << 20, 'c');
  std::vector<char> out(4000);
  SealOptions options = MaxSize(4000);
  options.compress = true;
  const SealResult sealed = SealRaw(big, options, out.data(), out.size());
  ASSERT_EQ(sealed.error, SealError::kNone);
  const Opened opened =
      Open(ring_a_, std::string(out.data(), sealed.sealed_size), {}, {"sc", "id"});
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_TRUE(opened.session == big);
  options.compress = false;
  EXPECT_EQ(SealRaw(big, options, out.data(), out.size()).error, SealError::kTooLarge);
}

TEST_F(SealerTest, LargeEnvelopeIsBuiltInTheCallersScratch) {
  const Sealer sealer(&ring_a_, &clock_);
  const std::string big(20000, 'd');
  std::vector<char> out(SealedSize(big.size()));
  StringSessionBuffer scratch;
  const SealResult sealed = sealer.Seal({"sc", "id"}, big, {}, out.data(), out.size(), &scratch);
  ASSERT_EQ(sealed.error, SealError::kNone);
  EXPECT_EQ(scratch.largest_size, big.size() + kEnvelopeOverheadInBytes);
  EXPECT_EQ(scratch.bytes.find(big.substr(0, 64)), std::string::npos) << "plaintext left behind";
  const Opened opened =
      Open(ring_a_, std::string(out.data(), sealed.sealed_size), {}, {"sc", "id"});
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.session, big);
  // Small envelopes stay on Seal's stack.
  StringSessionBuffer unused;
  ASSERT_EQ(sealer.Seal({"sc", "id"}, session_, {}, out.data(), out.size(), &unused).error,
            SealError::kNone);
  EXPECT_EQ(unused.largest_size, 0u);
}

}  // namespace
}  // namespace sealedcookie
