// Splitting sealed values over numbered cookies, joining them back, chunk
// names, and the Cookie header size.
#include "sealedcookie/chunks.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <optional>
#include <string>
#include <vector>

#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"
#include "support.h"

namespace sealedcookie {
namespace {

const std::string kName = "PHPSESSID_SC";  // 12 bytes

struct Cookie {
  std::string name;
  std::string value;
};

// Splits `sealed` as the glue writes it, through ChunkValueAt and ChunkSuffixOf.
std::vector<Cookie> Split(const std::string& name, const std::string& sealed, size_t max_wire) {
  const ChunkLayout layout = PlanChunks(name.size(), sealed.size(), max_wire);
  std::vector<Cookie> cookies;
  for (size_t i = 0; i < layout.count; ++i) {
    const ChunkValue value = ChunkValueAt(layout, name.size(), sealed, i);
    Cookie cookie{name, std::string(value.prefix())};
    if (i > 0) cookie.name += ChunkSuffixOf(i).view();
    cookie.value += value.part;
    cookies.push_back(cookie);
  }
  return cookies;
}

size_t WireSize(const std::vector<Cookie>& cookies) {
  size_t total = 0;
  for (const Cookie& c : cookies) total += c.name.size() + 1 + c.value.size();
  return total;
}

IncomingChunks Gather(const std::string& base, const std::vector<Cookie>& cookies) {
  IncomingChunks chunks;
  for (const Cookie& c : cookies) (void)chunks.Add(base, c.name, c.value);
  return chunks;
}

// Joins the request's cookies as the glue reads them; nullopt when malformed.
std::optional<std::string> Join(const IncomingChunks& chunks) {
  const size_t size = JoinedSize(chunks);
  if (size == kNotJoinable) return std::nullopt;
  std::string joined(size + 8, '#');
  JoinInto(chunks, joined.data());
  // Exactly JoinedSize bytes are written.
  EXPECT_EQ(joined.substr(size), std::string(8, '#'));
  joined.resize(size);
  return joined;
}

std::optional<std::string> Join(const std::vector<Cookie>& cookies) {
  return Join(Gather(kName, cookies));
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
    for (size_t budget : {0u, 1u, 2u, 9u, 10u, 11u, 300u, 4095u, 4096u, 4097u, 8100u, 8192u, 8193u,
                          12288u, 20000u}) {
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

TEST(ChunkIndexOfTest, ParsesTheChunkNameGrammar) {
  const struct {
    const char* base;
    const char* cookie;
    size_t index;
  } cases[] = {
      {"N", "N", 0},
      {"N", "N_1", 1},
      {"N", "N_9", 9},
      {"N", "N_10", 10},
      {"N", "N_31", 31},
      {"N", "N_32", kNotAChunk},  // kMaxChunks chunks: 0 .. 31
      {"N", "N_99", kNotAChunk},
      {"N", "N_100", kNotAChunk},
      {"N", "N_01", kNotAChunk},  // no leading zero
      {"N", "N_0", kNotAChunk},   // chunk 0 is N itself
      {"N", "N_00", kNotAChunk},
      {"N", "N_", kNotAChunk},
      {"N", "N_1x", kNotAChunk},
      {"N", "N_x", kNotAChunk},
      {"N", "N_-1", kNotAChunk},
      {"N", "N_+1", kNotAChunk},
      {"N", "N_ 1", kNotAChunk},
      {"N", "N1", kNotAChunk},
      {"N", "N__1", kNotAChunk},
      {"N", "N.1", kNotAChunk},
      {"N", "M_1", kNotAChunk},
      {"N", "n", kNotAChunk},  // names are case-sensitive
      {"N", "NN", kNotAChunk},
      {"N", "", kNotAChunk},
      {"N", "_1", kNotAChunk},
      {"N_1", "N_1", 0},  // a base that looks like a chunk is still a base
      {"N_1", "N_1_2", 2},
      {"N_1", "N", kNotAChunk},
      {"", "", kNotAChunk},  // no data cookie has an empty name
      {"", "_1", kNotAChunk},
      {"PHPSESSID_SC", "PHPSESSID_SC_12", 12},
      {"PHPSESSID_SC", "PHPSESSID", kNotAChunk},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ChunkIndexOf(c.base, c.cookie), c.index) << c.base << " / " << c.cookie;
  }
}

TEST(ChunkIndexOfTest, AgreesWithChunkSuffixOf) {
  for (size_t i = 1; i < kMaxChunks; ++i) {
    const std::string name = kName + std::string(ChunkSuffixOf(i).view());
    EXPECT_EQ(ChunkIndexOf(kName, name), i) << name;
  }
  EXPECT_EQ(ChunkSuffixOf(1).view(), "_1");
  EXPECT_EQ(ChunkSuffixOf(31).view(), "_31");
}

TEST(ChunkValueTest, PrefixOnlyOnTheFirstChunkOfASplitValue) {
  const std::string sealed(9000, 'v');
  const ChunkLayout layout = PlanChunks(kName.size(), sealed.size(), SIZE_MAX);
  ASSERT_EQ(layout.count, 3u);
  EXPECT_EQ(ChunkValueAt(layout, kName.size(), sealed, 0).prefix(), "3.");
  EXPECT_EQ(ChunkValueAt(layout, kName.size(), sealed, 1).prefix(), "");
  EXPECT_EQ(ChunkValueAt(layout, kName.size(), sealed, 2).prefix(), "");
  const ChunkLayout one = PlanChunks(kName.size(), 10, SIZE_MAX);
  const ChunkValue only =
      ChunkValueAt(one, kName.size(), std::string_view(sealed).substr(0, 10), 0);
  EXPECT_EQ(only.prefix(), "");
  EXPECT_EQ(only.part, std::string(10, 'v'));
}

TEST(IncomingChunksTest, AddRecordsOnlyTheBasesCookies) {
  IncomingChunks chunks;
  EXPECT_EQ(chunks.Add(kName, kName, "2.ab"), 0u);
  EXPECT_EQ(chunks.Add(kName, kName + "_1", "cd"), 1u);
  EXPECT_EQ(chunks.Add(kName, "PHPSESSID", "id"), kNotAChunk);
  EXPECT_EQ(chunks.Add(kName, kName + "_01", "zz"), kNotAChunk);
  EXPECT_EQ(chunks.present, 0b11u);
  EXPECT_EQ(chunks.unusable, 0u);
  EXPECT_EQ(Join(chunks), "abcd");
}

TEST(IncomingChunksTest, PlainValueJoinsToItself) {
  IncomingChunks chunks;
  (void)chunks.Add(kName, kName, "AbC-_x");
  EXPECT_EQ(JoinedSize(chunks), 6u);
  EXPECT_EQ(Join(chunks), "AbC-_x");
  IncomingChunks empty_value;
  (void)empty_value.Add(kName, kName, "");
  EXPECT_EQ(Join(empty_value), "");  // joins; Open then calls it malformed
}

TEST(IncomingChunksTest, MalformedSetsDoNotJoin) {
  const auto join = [](std::initializer_list<std::pair<std::string, std::string>> cookies,
                       const std::string& array_cookie = "") {
    IncomingChunks chunks;
    for (const auto& [suffix, value] : cookies) (void)chunks.Add(kName, kName + suffix, value);
    if (!array_cookie.empty()) (void)chunks.Add(kName, kName + array_cookie, "", false);
    return JoinedSize(chunks);
  };
  EXPECT_EQ(join({}), kNotJoinable);                                       // nothing came
  EXPECT_EQ(join({{"_1", "x"}}), kNotJoinable);                            // no cookie 0
  EXPECT_EQ(join({{"", "2.a"}}), kNotJoinable);                            // chunk 1 missing
  EXPECT_EQ(join({{"", "3.a"}, {"_2", "c"}}), kNotJoinable);               // a gap
  EXPECT_EQ(join({{"", "2.a"}, {"_1", "b"}, {"_2", "c"}}), kNotJoinable);  // extra: index count
  EXPECT_EQ(join({{"", "2.a"}, {"_1", "b"}, {"_5", "c"}}), kNotJoinable);  // any above the count
  EXPECT_EQ(join({{"", "plain"}, {"_1", "b"}}), kNotJoinable);             // count 1 has no chunk 1
  EXPECT_EQ(join({{"", "plain"}, {"_31", "b"}}), kNotJoinable);
  EXPECT_EQ(join({{"", "1.a"}}), kNotJoinable);  // bad counts
  EXPECT_EQ(join({{"", "0.a"}}), kNotJoinable);
  EXPECT_EQ(join({{"", "02.a"}, {"_1", "b"}}), kNotJoinable);
  EXPECT_EQ(join({{"", "33.a"}}), kNotJoinable);
  EXPECT_EQ(join({{"", "x.a"}}), kNotJoinable);
  EXPECT_EQ(join({{"", "2.a"}}, "_1"), kNotJoinable);    // chunk 1 an array
  EXPECT_EQ(join({{"", "plain"}}, "_1"), kNotJoinable);  // an array above the count
  {
    IncomingChunks chunks;  // cookie 0 an array
    (void)chunks.Add(kName, kName, "", false);
    EXPECT_EQ(chunks.present, 1u);
    EXPECT_EQ(chunks.unusable, 1u);
    EXPECT_EQ(JoinedSize(chunks), kNotJoinable);
  }
  EXPECT_EQ(join({{"", "2.a"}, {"_1", "b"}}), 2u);
  EXPECT_EQ(join({{"", "2."}, {"_1", ""}}), 0u);  // empty parts join (and fail to open)
}

TEST(IncomingChunksTest, ThirtyTwoChunksJoin) {
  IncomingChunks chunks;  // holds views: the values must outlive it
  std::vector<std::string> values(kMaxChunks);
  std::string expected = "p";
  (void)chunks.Add(kName, kName, "32.p");
  for (size_t i = 1; i < kMaxChunks; ++i) {
    values[i] = std::string(1, static_cast<char>('A' + i % 26));
    (void)chunks.Add(kName, kName + std::string(ChunkSuffixOf(i).view()), values[i]);
    expected += values[i];
  }
  EXPECT_EQ(chunks.present, UINT32_MAX);
  EXPECT_EQ(Join(chunks), expected);
}

class ChunkedSealTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  std::string Seal(const std::string& session, const std::string& id) {
    SealError error = SealError::kNone;
    const std::string sealed = test::SealToString(sealer_, {kName, id}, session, {}, &error);
    EXPECT_EQ(error, SealError::kNone);
    return sealed;
  }
  // The joined cookies opened for session `id`; kMalformed when they do not join.
  OpenStatus Open(const std::vector<Cookie>& cookies, const std::string& id) {
    const std::optional<std::string> joined = Join(cookies);
    if (!joined) return OpenStatus::kMalformed;
    return test::OpenToString(sealer_, {kName, id}, *joined).result.status;
  }
  KeyRing ring_ = test::RingOf({1});
  ManualClock clock_{test::kNow};
  Sealer sealer_{&ring_, &clock_};
};

TEST_F(ChunkedSealTest, ThreeChunksRoundTrip) {
  std::string session(7000, '\0');
  randombytes_buf(session.data(), session.size());
  const std::string sealed = Seal(session, "id1");
  const std::vector<Cookie> cookies = Split(kName, sealed, 16384);
  ASSERT_EQ(cookies.size(), 3u);
  EXPECT_EQ(Join(cookies), sealed);
  const std::optional<std::string> joined = Join(cookies);
  ASSERT_TRUE(joined);
  const test::Opened opened = test::OpenToString(sealer_, {kName, "id1"}, *joined);
  ASSERT_EQ(opened.result.status, OpenStatus::kOk);
  EXPECT_EQ(opened.session, session);
}

TEST_F(ChunkedSealTest, OneCookieValueRoundTrips) {
  const std::string sealed = Seal("a|i:1;", "id1");
  const std::vector<Cookie> cookies = Split(kName, sealed, 4096);
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_EQ(Open(cookies, "id1"), OpenStatus::kOk);
}

TEST_F(ChunkedSealTest, ChunksArriveInAnyOrder) {
  const std::vector<Cookie> cookies = Split(kName, Seal(std::string(7000, 'p'), "id1"), 16384);
  ASSERT_EQ(cookies.size(), 3u);
  EXPECT_EQ(Open({cookies[2], cookies[0], cookies[1]}, "id1"), OpenStatus::kOk);
}

TEST_F(ChunkedSealTest, MissingSwappedExtraOrForeignChunkFailsToOpen) {
  const std::string session(7000, 'p');
  const std::vector<Cookie> cookies = Split(kName, Seal(session, "id1"), 16384);
  ASSERT_EQ(cookies.size(), 3u);
  // Missing: refused before any crypto.
  EXPECT_FALSE(Join({cookies[0], cookies[1]}));
  EXPECT_FALSE(Join({cookies[1], cookies[2]}));
  EXPECT_NE(Open({cookies[0], cookies[1]}, "id1"), OpenStatus::kOk);
  // Swapped values under the right names: joins, and the AEAD refuses it.
  std::vector<Cookie> swapped = cookies;
  std::swap(swapped[1].value, swapped[2].value);
  EXPECT_TRUE(Join(swapped));
  EXPECT_EQ(Open(swapped, "id1"), OpenStatus::kAuthenticationFailed);
  // Extra: chunk 3 of a 3-chunk value.
  std::vector<Cookie> extra = cookies;
  extra.push_back({kName + "_3", cookies[2].value});
  EXPECT_FALSE(Join(extra));
  EXPECT_NE(Open(extra, "id1"), OpenStatus::kOk);
  // Foreign: chunk 1 of another value of the same session.
  const std::vector<Cookie> other = Split(kName, Seal(session, "id1"), 16384);
  EXPECT_EQ(Open({cookies[0], other[1], cookies[2]}, "id1"), OpenStatus::kAuthenticationFailed);
  // Another session's value: bound to its id.
  EXPECT_EQ(Open(cookies, "id2"), OpenStatus::kMoved);
}

}  // namespace
}  // namespace sealedcookie
