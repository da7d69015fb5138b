// Operating without a store: why a value did not open (moved or tampered,
// unknown key id), revocation by creation time, and keys with activation times.
#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "sealedcookie/base64url.h"
#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"
#include "support.h"

namespace sealedcookie {
namespace {

using test::HexOf;
using test::kNow;
using test::OpenToString;
using test::SealToString;
using test::TestKey;

constexpr SealContext kHere{"sc", "session-id-1", "pool:shop"};

KeyRing Parse(const std::string& text, bool in_file = true) {
  KeyRing ring;
  KeyParseError error;
  const bool ok =
      in_file ? KeyRing::ParseFile(text, &ring, &error) : KeyRing::ParseList(text, &ring, &error);
  EXPECT_TRUE(ok) << error.message.c_str();
  return ring;
}

std::vector<uint8_t> Decode(const std::string& value) {
  std::vector<uint8_t> bytes(Base64UrlDecodedMaxSize(value.size()));
  const ptrdiff_t n = Base64UrlDecode(value, bytes.data());
  bytes.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return bytes;
}

std::string Encode(const std::vector<uint8_t>& bytes) {
  std::string out(Base64UrlEncodedSize(bytes.size()), '\0');
  out.resize(Base64UrlEncode(bytes.data(), bytes.size(), out.data()));
  return out;
}

class OperationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  std::string Seal(const KeyRing& ring, const SealOptions& options = {},
                   const SealContext& context = kHere) {
    const Sealer sealer(&ring, &clock_);
    return SealToString(sealer, context, "user|s:5:\"alice\";", options);
  }
  OpenResult Open(const KeyRing& ring, const std::string& value, const Lifetimes& lifetimes = {},
                  const SealContext& context = kHere) {
    const Sealer sealer(&ring, &clock_);
    return OpenToString(sealer, context, value, lifetimes).result;
  }

  ManualClock clock_{kNow};
  KeyRing ring_ = Parse("a:" + HexOf(TestKey(1)));
};

// --- Why a value did not open ------------------------------------------------

TEST_F(OperationsTest, AlteredCiphertextIsTamperedAndAnotherBindingIsMoved) {
  const std::string value = Seal(ring_);
  std::vector<uint8_t> bytes = Decode(value);
  bytes[kHeaderSizeInBytes + 3] ^= 0x01;  // inside the ciphertext
  EXPECT_EQ(Open(ring_, Encode(bytes)).status, OpenStatus::kAuthenticationFailed);
  bytes = Decode(value);
  bytes.back() ^= 0x80;  // the tag
  EXPECT_EQ(Open(ring_, Encode(bytes)).status, OpenStatus::kAuthenticationFailed);
  // The same value presented for another session, cookie or application.
  EXPECT_EQ(Open(ring_, value, {}, {"sc", "session-id-2", "pool:shop"}).status, OpenStatus::kMoved);
  EXPECT_EQ(Open(ring_, value, {}, {"other", "session-id-1", "pool:shop"}).status,
            OpenStatus::kMoved);
  EXPECT_EQ(Open(ring_, value, {}, {"sc", "session-id-1", "pool:blog"}).status, OpenStatus::kMoved);
  EXPECT_EQ(Open(ring_, value).status, OpenStatus::kOk);
}

TEST_F(OperationsTest, TheBindingHintIsTheNoncesLastBytesAndSaysNothingWhenAuthentic) {
  // Two seals differ in the nonce's random part and share the hint.
  const std::vector<uint8_t> one = Decode(Seal(ring_));
  const std::vector<uint8_t> two = Decode(Seal(ring_));
  const size_t hint = 1 + kKeyIdSizeInBytes + kNonceSizeInBytes - kBindingHintSizeInBytes;
  EXPECT_NE(std::vector<uint8_t>(one.begin() + 5, one.begin() + hint),
            std::vector<uint8_t>(two.begin() + 5, two.begin() + hint));
  EXPECT_EQ(std::vector<uint8_t>(one.begin() + hint, one.begin() + hint + 4),
            std::vector<uint8_t>(two.begin() + hint, two.begin() + hint + 4));
  // Another session's value has another hint.
  const std::vector<uint8_t> other = Decode(Seal(ring_, {}, {"sc", "session-id-2", "pool:shop"}));
  EXPECT_NE(std::vector<uint8_t>(one.begin() + hint, one.begin() + hint + 4),
            std::vector<uint8_t>(other.begin() + hint, other.begin() + hint + 4));
  // A changed hint on an otherwise intact value reads as moved, never as valid.
  std::vector<uint8_t> changed = one;
  changed[hint] ^= 0x01;
  EXPECT_EQ(Open(ring_, Encode(changed)).status, OpenStatus::kMoved);
}

TEST_F(OperationsTest, UnknownKeyReportsTheIdTheValueNames) {
  const KeyRing other = Parse("b:" + HexOf(TestKey(2)));
  const OpenResult opened = Open(ring_, Seal(other));
  EXPECT_EQ(opened.status, OpenStatus::kUnknownKey);
  EXPECT_EQ(opened.key_id, other.front().id());
  EXPECT_NE(opened.key_id, ring_.front().id());
}

// --- Revocation --------------------------------------------------------------

TEST_F(OperationsTest, ValuesCreatedBeforeTheRevocationTimeAreRevoked) {
  const std::string before = Seal(ring_);  // created at kNow
  clock_.Advance(60);
  const std::string after = Seal(ring_);  // created at kNow + 60
  Lifetimes lifetimes;
  lifetimes.revoked_before_seconds = kNow + 30;
  const OpenResult revoked = Open(ring_, before, lifetimes);
  EXPECT_EQ(revoked.status, OpenStatus::kRevoked);
  EXPECT_EQ(revoked.created_at_seconds, kNow);  // authentic, so reported
  EXPECT_EQ(Open(ring_, after, lifetimes).status, OpenStatus::kOk);
  // Created exactly at the revocation time: not before it.
  lifetimes.revoked_before_seconds = kNow + 60;
  EXPECT_EQ(Open(ring_, after, lifetimes).status, OpenStatus::kOk);
  lifetimes.revoked_before_seconds = kNow + 61;
  EXPECT_EQ(Open(ring_, after, lifetimes).status, OpenStatus::kRevoked);
  // A rewritten session keeps its creation time, so rewriting does not save it.
  SealOptions carried;
  carried.created_at_seconds = kNow;
  EXPECT_EQ(Open(ring_, Seal(ring_, carried), lifetimes).status, OpenStatus::kRevoked);
  // A forged value stays forged: authentication comes first.
  EXPECT_EQ(Open(ring_, before, lifetimes, {"sc", "x", "pool:shop"}).status, OpenStatus::kMoved);
}

TEST_F(OperationsTest, ASlowClockDatesNewSessionsAtTheRevocationTime) {
  Lifetimes lifetimes;
  lifetimes.revoked_before_seconds = kNow + 120;  // this server's clock is 120 s behind
  SealOptions options;
  options.revoked_before_seconds = lifetimes.revoked_before_seconds;
  const std::string value = Seal(ring_, options);
  const OpenResult opened = Open(ring_, value, lifetimes);
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_EQ(opened.created_at_seconds, kNow + 120);
  EXPECT_EQ(opened.last_write_at_seconds, kNow);
  // Further ahead than a clock may be wrong: no dating forward (it would be
  // refused as from the future); such a revocation logs out everyone until then.
  options.revoked_before_seconds = kNow + kMaxClockSkewSeconds + 1;
  lifetimes.revoked_before_seconds = options.revoked_before_seconds;
  const OpenResult far = Open(ring_, Seal(ring_, options), lifetimes);
  EXPECT_EQ(far.status, OpenStatus::kRevoked);
  EXPECT_EQ(far.created_at_seconds, kNow);
  // A rewrite keeps its own creation time.
  options.revoked_before_seconds = kNow + 120;
  options.created_at_seconds = kNow - 500;
  lifetimes.revoked_before_seconds = 0;
  EXPECT_EQ(Open(ring_, Seal(ring_, options), lifetimes).created_at_seconds, kNow - 500);
}

// --- Keys with activation times ----------------------------------------------

TEST(ActivationTimeTest, ParsesUnixSecondsAndUtcTimes) {
  int64_t t = -1;
  ASSERT_TRUE(ParseActivationTime("1800000000", &t));
  EXPECT_EQ(t, 1800000000);
  ASSERT_TRUE(ParseActivationTime("1970-01-01T00:00:00Z", &t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(ParseActivationTime("2027-01-15T08:00:00Z", &t));
  EXPECT_EQ(t, 1800000000);
  ASSERT_TRUE(ParseActivationTime("2024-02-29T23:59:59Z", &t));
  EXPECT_EQ(t, 1709251199);
  for (const char* bad :
       {"", "-5", "12a", "2027-01-15 08:00:00Z", "2027-01-15T08:00:00", "2027-01-15T08:00:00+01:00",
        "2027-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2027-01-15T24:00:00Z",
        "2027-01-15T08:60:00Z", "1969-12-31T23:59:59Z", "1234567890123"}) {
    EXPECT_FALSE(ParseActivationTime(bad, &t)) << bad;
  }
}

TEST(ActivationTimeTest, KeyFileEntriesCarryActivationTimes) {
  const std::string file = "# rotation\nnew:" + HexOf(TestKey(2)) +
                           " activate=2027-01-15T08:00:00Z\nold:" + HexOf(TestKey(1)) + "\n";
  const KeyRing ring = Parse(file);
  ASSERT_EQ(ring.size(), 2u);
  EXPECT_EQ(ring.front().activate_at_seconds(), 1800000000);
  EXPECT_EQ(ring.begin()[1].activate_at_seconds(), 0);
  // Also in a key list, and without a label (the time's colons are not one).
  const KeyRing list =
      Parse(HexOf(TestKey(2)) + " activate=1800000000," + HexOf(TestKey(1)), false);
  EXPECT_EQ(list.front().activate_at_seconds(), 1800000000);
  EXPECT_EQ(list.front().label(), "");
  // Anything else after the key is refused, naming the line, never the key.
  for (const std::string& tail :
       {std::string(" activate=tomorrow"), std::string(" expire=1"), std::string(" x")}) {
    KeyRing bad;
    KeyParseError error;
    EXPECT_FALSE(KeyRing::ParseFile("k:" + HexOf(TestKey(3)) + tail + "\n", &bad, &error)) << tail;
    EXPECT_EQ(error.position, 1u);
    EXPECT_EQ(error.message.view().find(HexOf(TestKey(3))), std::string_view::npos);
  }
}

TEST_F(OperationsTest, TheFirstActiveKeySealsAndOnlyOlderKeysAreResealed) {
  const KeyRing old_only = Parse("old:" + HexOf(TestKey(1)));
  const KeyRing pushed =
      Parse("new:" + HexOf(TestKey(2)) + " activate=" + std::to_string(kNow + 100) +
            "\nold:" + HexOf(TestKey(1)));
  const uint32_t new_id = pushed.front().id();
  const uint32_t old_id = old_only.front().id();
  // Before the activation time the old key seals, and the old key's values
  // are not re-sealed.
  EXPECT_EQ(pushed.SealingIndex(kNow), 1u);
  OpenResult opened = Open(pushed, Seal(pushed));
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_EQ(opened.key_id, old_id);
  EXPECT_FALSE(opened.opened_with_secondary_key);
  // A server whose clock is already past it seals with the new key; this one
  // opens that value and does not re-seal it back to the old key.
  ManualClock fast(kNow + 200);
  const Sealer fast_sealer(&pushed, &fast);
  const std::string from_fast = SealToString(fast_sealer, kHere, "x|i:1;");
  opened = Open(pushed, from_fast);
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_EQ(opened.key_id, new_id);
  EXPECT_FALSE(opened.opened_with_secondary_key);
  // From the activation time the new key seals and old values are re-sealed.
  const std::string from_old = Seal(old_only);
  clock_.Set(kNow + 100);
  EXPECT_EQ(pushed.SealingIndex(kNow + 100), 0u);
  opened = Open(pushed, Seal(pushed));
  EXPECT_EQ(opened.key_id, new_id);
  EXPECT_FALSE(opened.opened_with_secondary_key);
  opened = Open(pushed, from_old);
  ASSERT_EQ(opened.status, OpenStatus::kOk);
  EXPECT_TRUE(opened.opened_with_secondary_key);
}

TEST_F(OperationsTest, WithNoKeyActiveYetTheFirstKeySeals) {
  const KeyRing ring = Parse("a:" + HexOf(TestKey(1)) + " activate=" + std::to_string(kNow + 10) +
                             "\nb:" + HexOf(TestKey(2)) + " activate=" + std::to_string(kNow + 20));
  EXPECT_EQ(ring.SealingIndex(kNow), 0u);
  EXPECT_EQ(Open(ring, Seal(ring)).key_id, ring.front().id());
}

}  // namespace
}  // namespace sealedcookie
