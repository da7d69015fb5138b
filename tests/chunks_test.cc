// Splitting sealed values over numbered cookies, and the Cookie header size.
#include "sealedcookie/chunks.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"

namespace sealedcookie {
namespace {

const std::string kName = "PHPSESSID_SC";  // 12 bytes

struct Cookie {
  std::string name;
  std::string value;
};

// Splits `sealed` the way the glue does: names, prefix and spans from the core.
std::vector<Cookie> Split(const std::string& name, const std::string& sealed, size_t max_wire) {
  const ChunkLayout layout = PlanChunks(name.size(), sealed.size(), max_wire);
  std::vector<Cookie> cookies;
  for (size_t i = 0; i < layout.count; ++i) {
    size_t offset, length, prefix_size;
    ChunkSpan(layout, name.size(), sealed.size(), i, &offset, &length, &prefix_size);
    char buffer[4];
    Cookie cookie{name, ""};
    if (i > 0) cookie.name.append(buffer, WriteChunkSuffix(i, buffer));
    if (prefix_size > 0) cookie.value.append(buffer, WriteChunkPrefix(layout.count, buffer));
    EXPECT_EQ(cookie.value.size(), prefix_size);
    cookie.value += sealed.substr(offset, length);
    cookies.push_back(cookie);
  }
  return cookies;
}

size_t WireSize(const std::vector<Cookie>& cookies) {
  size_t total = 0;
  for (const Cookie& c : cookies) total += c.name.size() + 1 + c.value.size();
  return total;
}

// Joins cookies the way the glue reads them; "" when the first is malformed.
std::string Join(const std::vector<Cookie>& cookies) {
  size_t count;
  std::string_view part;
  if (cookies.empty() || !ParseFirstChunk(cookies[0].value, &count, &part)) return "";
  std::string joined(part);
  for (size_t i = 1; i < cookies.size(); ++i) joined += cookies[i].value;
  return joined;
}

TEST(ChunksTest, ValueThatFitsOneCookieHasNoPrefix) {
  const size_t sealed = kMaxCookieWireSizeInBytes - kName.size() - 1;
  const ChunkLayout layout = PlanChunks(kName.size(), sealed, 4096);
  EXPECT_EQ(layout.count, 1u);
  EXPECT_EQ(layout.wire_size, 4096u);
  const std::vector<Cookie> cookies = Split(kName, std::string(sealed, 'v'), 4096);
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_EQ(cookies[0].name, kName);
  EXPECT_EQ(cookies[0].value, std::string(sealed, 'v'));
}

TEST(ChunksTest, OneByteOverOneCookieNeedsTwoAndALargerBudget) {
  const size_t sealed = kMaxCookieWireSizeInBytes - kName.size();  // one over
  EXPECT_EQ(PlanChunks(kName.size(), sealed, 4096).count, 0u);
  const ChunkLayout layout = PlanChunks(kName.size(), sealed, 8192);
  ASSERT_EQ(layout.count, 2u);
  // NAME=2.<part0> and NAME_1=<part1>
  EXPECT_EQ(layout.wire_size, (kName.size() + 1) + (kName.size() + 2 + 1) + 2 + sealed);
  const std::vector<Cookie> cookies = Split(kName, std::string(sealed, 'v'), 8192);
  ASSERT_EQ(cookies.size(), 2u);
  EXPECT_EQ(cookies[1].name, kName + "_1");
  EXPECT_EQ(cookies[0].value.substr(0, 2), "2.");
  EXPECT_EQ(WireSize(cookies), layout.wire_size);
}

TEST(ChunksTest, BudgetIsExactAtLimitMinusOneLimitAndPlusOne) {
  for (size_t budget : {4096u, 8192u, 12000u, 16384u, 40000u}) {
    const size_t max_sealed = MaxSealedSizeForWire(kName.size(), budget);
    ASSERT_GT(max_sealed, 0u) << budget;
    const ChunkLayout at = PlanChunks(kName.size(), max_sealed, budget);
    EXPECT_NE(at.count, 0u) << budget;
    EXPECT_LE(at.wire_size, budget);
    EXPECT_NE(PlanChunks(kName.size(), max_sealed - 1, budget).count, 0u) << budget;
    EXPECT_EQ(PlanChunks(kName.size(), max_sealed + 1, budget).count, 0u) << budget;
  }
}

// The largest sealed size PlanChunks accepts, found the slow way.
size_t MaxSealedSizeBySearch(size_t name_size, size_t max_wire_size) {
  size_t best = 0;
  for (size_t size = 0; size <= max_wire_size; ++size) {
    if (PlanChunks(name_size, size, max_wire_size).count != 0) best = size;
  }
  return best;
}

TEST(ChunksTest, MaxSealedSizeForWireAgreesWithPlanChunksEverywhere) {
  for (size_t name_size : {1u, 9u, 40u, 255u}) {
    for (size_t budget : {0u, 1u, 2u, 9u, 10u, 11u, 300u, 4095u, 4096u, 4097u, 8100u, 8192u,
                          8193u, 12288u, 20000u}) {
      EXPECT_EQ(MaxSealedSizeForWire(name_size, budget), MaxSealedSizeBySearch(name_size, budget))
          << "name " << name_size << ", budget " << budget;
    }
  }
  // Around each step from n to n + 1 cookies.
  for (size_t budget = 4096 - 20; budget < 4096 * 3 + 40; budget += 7) {
    ASSERT_EQ(MaxSealedSizeForWire(9, budget), MaxSealedSizeBySearch(9, budget)) << budget;
  }
}

TEST(ChunksTest, SpansCoverTheValueOnceAndEachCookieFitsTheBrowserLimit) {
  std::string sealed;
  for (size_t i = 0; i < 30000; ++i) sealed.push_back("abcdefghijklmnopqrstuvwxyz-_0123"[i % 32]);
  for (size_t size : {1u, 100u, 4083u, 4084u, 8150u, 8200u, 12000u, 29999u}) {
    const std::string value = sealed.substr(0, size);
    const std::vector<Cookie> cookies = Split(kName, value, 64 * 1024);
    ASSERT_FALSE(cookies.empty()) << size;
    for (const Cookie& c : cookies) {
      EXPECT_LE(c.name.size() + 1 + c.value.size(), kMaxCookieWireSizeInBytes) << size;
      EXPECT_EQ(c.name.find_first_of(". "), std::string::npos);
    }
    EXPECT_EQ(WireSize(cookies), PlanChunks(kName.size(), size, 64 * 1024).wire_size);
    EXPECT_EQ(Join(cookies), value) << size;
  }
}

TEST(ChunksTest, NoMoreThanMaxChunks) {
  const size_t huge = kMaxChunks * kMaxCookieWireSizeInBytes;
  EXPECT_EQ(PlanChunks(kName.size(), huge, SIZE_MAX).count, 0u);
  EXPECT_EQ(PlanChunks(kName.size(), huge / 2, SIZE_MAX).count, kMaxChunks / 2 + 1);
}

TEST(ChunksTest, ParseFirstChunkAcceptsPlainAndCountedValues) {
  size_t count = 0;
  std::string_view part;
  ASSERT_TRUE(ParseFirstChunk("AbC-_x", &count, &part));
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(part, "AbC-_x");
  ASSERT_TRUE(ParseFirstChunk("2.AbC", &count, &part));
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(part, "AbC");
  ASSERT_TRUE(ParseFirstChunk("32.x", &count, &part));
  EXPECT_EQ(count, 32u);
}

TEST(ChunksTest, ParseFirstChunkRejectsBadCounts) {
  size_t count;
  std::string_view part;
  for (const char* bad :
       {".x", "0.x", "1.x", "02.x", "33.x", "99.x", "123.x", "a.x", "2a.x", "-2.x"}) {
    EXPECT_FALSE(ParseFirstChunk(bad, &count, &part)) << bad;
  }
}

TEST(ChunksTest, NextCookieHeaderSizeCountsSeparators) {
  // "a=1; PHPSESSID_SC=xyz" (21 bytes, 2 cookies) -> drop the 16-byte data
  // cookie, add two cookies of 100 bytes in all: "a=1; " + 2 cookies + "; ".
  EXPECT_EQ(NextCookieHeaderSize(21, 2, 16, 1, 100, 2), 3u + 100u + 2u * 2u);
  EXPECT_EQ(NextCookieHeaderSize(0, 0, 0, 0, 50, 1), 50u);
  EXPECT_EQ(NextCookieHeaderSize(16, 1, 16, 1, 0, 0), 0u);
  EXPECT_EQ(NextCookieHeaderSize(3, 1, 0, 0, 20, 1), 3u + 2u + 20u);
}

class ChunkedSealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    uint8_t key[kKeySizeInBytes];
    randombytes_buf(key, sizeof key);
    ring_.Add(Key(key, ""));
    sodium_memzero(key, sizeof key);
  }
  std::string Seal(const std::string& session, const std::string& id) {
    std::string out(SealedSize(session.size()), '\0');
    size_t written = 0;
    EXPECT_EQ(sealer_.Seal({kName, id}, session, 0, SIZE_MAX, out.data(), out.size(), &written),
              SealError::kNone);
    out.resize(written);
    return out;
  }
  OpenStatus Open(const std::string& joined, const std::string& id) {
    std::vector<uint8_t> buffer(Sealer::OpenBufferSize(joined.size()) + 1);
    return sealer_.Open({kName, id}, joined, {}, buffer.data(), buffer.size()).status;
  }
  KeyRing ring_;
  ManualClock clock_{1'800'000'000};
  Sealer sealer_{&ring_, &clock_};
};

TEST_F(ChunkedSealTest, ThreeChunksRoundTrip) {
  std::string session(7000, '\0');
  randombytes_buf(session.data(), session.size());
  const std::vector<Cookie> cookies = Split(kName, Seal(session, "id1"), 16384);
  ASSERT_EQ(cookies.size(), 3u);
  EXPECT_EQ(Open(Join(cookies), "id1"), OpenStatus::kOk);
}

TEST_F(ChunkedSealTest, MissingSwappedExtraOrForeignChunkFailsToOpen) {
  const std::string session(7000, 'p');
  std::vector<Cookie> cookies = Split(kName, Seal(session, "id1"), 16384);
  ASSERT_EQ(cookies.size(), 3u);
  std::vector<Cookie> missing = {cookies[0], cookies[1]};
  EXPECT_NE(Open(Join(missing), "id1"), OpenStatus::kOk);
  std::vector<Cookie> swapped = {cookies[0], cookies[2], cookies[1]};
  EXPECT_NE(Open(Join(swapped), "id1"), OpenStatus::kOk);
  std::vector<Cookie> extra = cookies;
  extra.push_back(cookies[2]);
  EXPECT_NE(Open(Join(extra), "id1"), OpenStatus::kOk);
  std::vector<Cookie> other = Split(kName, Seal(session, "id1"), 16384);
  std::vector<Cookie> mixed = {cookies[0], other[1], cookies[2]};
  EXPECT_NE(Open(Join(mixed), "id1"), OpenStatus::kOk);
}

}  // namespace
}  // namespace sealedcookie
