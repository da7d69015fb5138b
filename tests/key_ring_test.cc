// Keys and key parsing. Key bytes are compared with memcmp inside EXPECT_TRUE so
// that a failure never prints them.
#include "sealedcookie/key_ring.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sealedcookie {
namespace {

using KeyBytes = std::array<uint8_t, kKeySizeInBytes>;

// Bytes chosen so the standard and URL-safe base64 forms differ (0xfb 0xff 0xbf
// encodes to "+/+/" or "-_-_").
KeyBytes KeyA() {
  KeyBytes k;
  for (size_t i = 0; i < k.size(); ++i) {
    static constexpr uint8_t kPattern[3] = {0xfb, 0xff, 0xbf};
    k[i] = static_cast<uint8_t>(kPattern[i % 3] ^ (i / 3));
  }
  return k;
}
KeyBytes KeyB() {
  KeyBytes k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(0x20 + i);
  return k;
}
KeyBytes KeyC() {
  KeyBytes k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(0xc0 ^ (7 * i));
  return k;
}

std::string Base64(const uint8_t* bytes, size_t size, int variant) {
  std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
  out.resize(out.size() - 1);
  return out;
}
std::string Base64(const KeyBytes& k, int variant) { return Base64(k.data(), k.size(), variant); }
std::string StdPadded(const KeyBytes& k) { return Base64(k, sodium_base64_VARIANT_ORIGINAL); }
std::string StdUnpadded(const KeyBytes& k) {
  return Base64(k, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}
std::string UrlPadded(const KeyBytes& k) { return Base64(k, sodium_base64_VARIANT_URLSAFE); }
std::string UrlUnpadded(const KeyBytes& k) {
  return Base64(k, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::string Hex(const uint8_t* bytes, size_t size, bool upper = false) {
  std::string out(2 * size + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.resize(2 * size);
  if (upper) std::transform(out.begin(), out.end(), out.begin(), ::toupper);
  return out;
}
std::string Hex(const KeyBytes& k, bool upper = false) { return Hex(k.data(), k.size(), upper); }

// A parse error message for a failure report, withheld if it quotes `secret`
// (then ExpectNotQuoted has already failed the test).
std::string Shown(std::string_view message, const std::string& secret) {
  return message.find(secret) == std::string::npos ? std::string(message)
                                                   : "<withheld: quotes the entry>";
}

bool SameBytes(const Key& key, const KeyBytes& expected) {
  return std::memcmp(key.bytes(), expected.data(), kKeySizeInBytes) == 0;
}
bool AllZero(const uint8_t* bytes) {
  return std::all_of(bytes, bytes + kKeySizeInBytes, [](uint8_t b) { return b == 0; });
}

class KeyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

class KeyRingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  // Parses a list that must be good and returns the ring.
  KeyRing List(const std::string& text) {
    KeyRing ring;
    KeyParseError error;
    EXPECT_TRUE(KeyRing::ParseList(text, &ring, &error))
        << "position " << error.position << ": " << Shown(error.message.view(), text);
    return ring;
  }
  KeyRing File(const std::string& text) {
    KeyRing ring;
    KeyParseError error;
    EXPECT_TRUE(KeyRing::ParseFile(text, &ring, &error))
        << "position " << error.position << ": " << Shown(error.message.view(), text);
    return ring;
  }
  // Parses a list that must be bad; checks the ring is empty and the message
  // does not quote the entry. Returns the error.
  KeyParseError BadList(const std::string& text, const std::string& secret_part) {
    KeyRing ring;
    KeyParseError error;
    EXPECT_FALSE(KeyRing::ParseList(text, &ring, &error));
    EXPECT_TRUE(ring.empty());
    EXPECT_FALSE(error.message.empty());
    ExpectNotQuoted(error.message.view(), secret_part);
    return error;
  }
  KeyParseError BadFile(const std::string& text, const std::string& secret_part) {
    KeyRing ring;
    KeyParseError error;
    EXPECT_FALSE(KeyRing::ParseFile(text, &ring, &error));
    EXPECT_TRUE(ring.empty());
    EXPECT_FALSE(error.message.empty());
    ExpectNotQuoted(error.message.view(), secret_part);
    return error;
  }
  static void ExpectNotQuoted(std::string_view message, const std::string& secret_part) {
    // The secret itself is not printed on failure, only the fact.
    if (!secret_part.empty()) {
      EXPECT_EQ(message.find(secret_part), std::string::npos) << "the message quotes the entry";
    }
  }
};

TEST_F(KeyTest, IsMoveOnly) {
  static_assert(!std::is_copy_constructible_v<Key>);
  static_assert(!std::is_copy_assignable_v<Key>);
  static_assert(std::is_nothrow_move_constructible_v<Key>);
  static_assert(std::is_nothrow_move_assignable_v<Key>);
  static_assert(!std::is_copy_constructible_v<KeyRing>);
  static_assert(!std::is_copy_assignable_v<KeyRing>);
  SUCCEED();
}

TEST_F(KeyTest, CopiesTheBytesItIsGiven) {
  KeyBytes bytes = KeyA();
  Key key(bytes.data(), "x");
  bytes.fill(0);
  EXPECT_TRUE(SameBytes(key, KeyA()));
  EXPECT_EQ(key.label(), "x");
}

TEST_F(KeyTest, MovedFromKeyIsWiped) {
  const KeyBytes bytes = KeyA();
  Key from(bytes.data(), "label");
  const uint32_t id = from.id();
  Key to(std::move(from));
  EXPECT_TRUE(AllZero(from.bytes()));  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_TRUE(SameBytes(to, KeyA()));
  EXPECT_EQ(to.id(), id);
  EXPECT_EQ(to.label(), "label");
}

TEST_F(KeyTest, MoveAssignedFromKeyIsWiped) {
  const KeyBytes a = KeyA(), b = KeyB();
  Key from(a.data(), "a");
  Key to(b.data(), "b");
  const uint32_t id = from.id();
  to = std::move(from);
  EXPECT_TRUE(AllZero(from.bytes()));  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(SameBytes(to, KeyA()));
  EXPECT_EQ(to.id(), id);
  EXPECT_EQ(to.label(), "a");
}

TEST_F(KeyTest, SelfMoveAssignmentKeepsTheKey) {
  const KeyBytes a = KeyA();
  Key key(a.data(), "a");
  Key& alias = key;
  key = std::move(alias);
  EXPECT_TRUE(SameBytes(key, KeyA()));
}

TEST_F(KeyTest, IdDependsOnlyOnKeyBytes) {
  const KeyBytes a = KeyA(), b = KeyB();
  EXPECT_EQ(Key(a.data(), "").id(), Key(a.data(), "other-label").id());
  EXPECT_NE(Key(a.data(), "").id(), Key(b.data(), "").id());
}

TEST_F(KeyTest, IdIsNotTakenFromTheKeyBytes) {
  // The id is a hash, not a prefix of the key (that would leak key bits).
  const KeyBytes a = KeyA();
  const uint32_t id = Key(a.data(), "").id();
  for (size_t i = 0; i + 4 <= kKeySizeInBytes; ++i) {
    const uint32_t be =
        (uint32_t{a[i]} << 24) | (uint32_t{a[i + 1]} << 16) | (uint32_t{a[i + 2]} << 8) | a[i + 3];
    const uint32_t le =
        (uint32_t{a[i + 3]} << 24) | (uint32_t{a[i + 2]} << 16) | (uint32_t{a[i + 1]} << 8) | a[i];
    EXPECT_NE(id, be) << i;
    EXPECT_NE(id, le) << i;
  }
}

TEST_F(KeyTest, DistinctKeysGetDistinctIds) {
  // 2000 keys: a 32-bit id collides among them with probability ~5e-4, and the
  // keys are fixed, so this is deterministic. Real collisions are tested below.
  std::unordered_set<uint32_t> ids;
  KeyBytes bytes{};
  for (uint32_t i = 0; i < 2000; ++i) {
    std::memcpy(bytes.data(), &i, sizeof i);
    EXPECT_TRUE(ids.insert(Key(bytes.data(), "").id()).second) << i;
  }
}

TEST_F(KeyRingTest, ParsesStandardBase64WithPadding) {
  const std::string text = StdPadded(KeyA());
  ASSERT_EQ(text.size(), 44u);
  ASSERT_NE(text.find_first_of("+/"), std::string::npos);  // really the standard alphabet
  const KeyRing ring = List(text);
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
  EXPECT_EQ(ring.front().label(), "");
}

TEST_F(KeyRingTest, ParsesStandardBase64WithoutPadding) {
  const std::string text = StdUnpadded(KeyA());
  ASSERT_EQ(text.size(), 43u);
  const KeyRing ring = List(text);
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
}

TEST_F(KeyRingTest, ParsesBase64UrlWithPadding) {
  const std::string text = UrlPadded(KeyA());
  ASSERT_NE(text.find_first_of("-_"), std::string::npos);
  ASSERT_EQ(text.back(), '=');
  const KeyRing ring = List(text);
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
}

TEST_F(KeyRingTest, ParsesBase64UrlWithoutPadding) {
  const KeyRing ring = List(UrlUnpadded(KeyA()));
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
}

TEST_F(KeyRingTest, ParsesLowerAndUpperCaseHex) {
  const KeyRing lower = List(Hex(KeyA()));
  ASSERT_EQ(lower.size(), 1u);
  EXPECT_TRUE(SameBytes(lower.front(), KeyA()));
  const KeyRing upper = List(Hex(KeyA(), /*upper=*/true));
  ASSERT_EQ(upper.size(), 1u);
  EXPECT_TRUE(SameBytes(upper.front(), KeyA()));
}

TEST_F(KeyRingTest, HexThatIsAlsoBase64IsReadAsHex) {
  // 64 hex digits are also valid base64 (48 bytes); hex must win.
  const KeyRing ring = List(Hex(KeyB()));
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyB()));
}

TEST_F(KeyRingTest, ParsesLabelPrefix) {
  const KeyRing ring = List("2026-11:" + UrlUnpadded(KeyA()) + ",old_key-1:" + Hex(KeyB()));
  ASSERT_EQ(ring.size(), 2u);
  EXPECT_EQ(ring.front().label(), "2026-11");
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
  const Key* b = ring.FindById(Key(KeyB().data(), "").id());
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->label(), "old_key-1");
}

TEST_F(KeyRingTest, AcceptsLabelOf32Characters) {
  const std::string label(kMaxLabelSizeInBytes, 'L');
  const KeyRing ring = List(label + ":" + Hex(KeyA()));
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_EQ(ring.front().label(), label);
}

TEST_F(KeyRingTest, FirstKeyIsPrimaryAndAllAreFoundById) {
  const KeyRing ring = List(Hex(KeyB()) + "," + StdPadded(KeyA()) + "," + UrlUnpadded(KeyC()));
  ASSERT_EQ(ring.size(), 3u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyB()));
  for (const KeyBytes& k : {KeyA(), KeyB(), KeyC()}) {
    const Key* found = ring.FindById(Key(k.data(), "").id());
    ASSERT_NE(found, nullptr);
    EXPECT_TRUE(SameBytes(*found, k));
  }
}

TEST_F(KeyRingTest, FindByIdReturnsNullForUnknownId) {
  const KeyRing ring = List(Hex(KeyA()));
  const uint32_t id_b = Key(KeyB().data(), "").id();
  EXPECT_EQ(ring.FindById(id_b), nullptr);
  EXPECT_EQ(ring.FindById(ring.front().id() ^ 1u), nullptr);
}

TEST_F(KeyRingTest, TrimsWhitespaceAroundListEntries) {
  const KeyRing ring = List("  " + Hex(KeyA()) + " ,\t" + StdPadded(KeyB()) +
                            "\t, \n lbl:" + UrlUnpadded(KeyC()) + "  \n");
  ASSERT_EQ(ring.size(), 3u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
  const Key* c = ring.FindById(Key(KeyC().data(), "").id());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->label(), "lbl");
}

TEST_F(KeyRingTest, FileIgnoresCommentsAndBlankLines) {
  const KeyRing ring = File(
      "# sealedcookie keys, newest first\n"
      "\n"
      "new:" +
      UrlUnpadded(KeyA()) +
      "\n"
      "   \n"
      "  # retired next month\n"
      "old:" +
      Hex(KeyB()) + "\n\n");
  ASSERT_EQ(ring.size(), 2u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
  EXPECT_EQ(ring.front().label(), "new");
}

TEST_F(KeyRingTest, FileAcceptsCrlfLineEnds) {
  const KeyRing ring =
      File("# windows editor\r\n" + StdPadded(KeyA()) + "\r\n\r\n" + Hex(KeyB()) + "\r\n");
  ASSERT_EQ(ring.size(), 2u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyA()));
  EXPECT_NE(ring.FindById(Key(KeyB().data(), "").id()), nullptr);
}

TEST_F(KeyRingTest, FileWithoutFinalNewlineIsRead) {
  const KeyRing ring = File(Hex(KeyA()) + "\n" + Hex(KeyB()));
  EXPECT_EQ(ring.size(), 2u);
}

TEST_F(KeyRingTest, SuccessfulParseReplacesRingContents) {
  KeyRing ring = List(Hex(KeyA()) + "," + Hex(KeyB()));
  KeyParseError error;
  ASSERT_TRUE(KeyRing::ParseList(Hex(KeyC()), &ring, &error));
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_TRUE(SameBytes(ring.front(), KeyC()));
}

TEST_F(KeyRingTest, FailedParseLeavesRingEmpty) {
  KeyRing ring = List(Hex(KeyA()));
  KeyParseError error;
  EXPECT_FALSE(KeyRing::ParseList(Hex(KeyB()) + ",bogus", &ring, &error));
  EXPECT_TRUE(ring.empty());
  KeyRing ring2 = List(Hex(KeyA()));
  EXPECT_FALSE(KeyRing::ParseFile("bogus\n", &ring2, &error));
  EXPECT_TRUE(ring2.empty());
}

TEST_F(KeyRingTest, ClearEmptiesTheRing) {
  KeyRing ring = List(Hex(KeyA()) + "," + Hex(KeyB()));
  ring.Clear();
  EXPECT_TRUE(ring.empty());
  EXPECT_EQ(ring.size(), 0u);
}

TEST_F(KeyRingTest, RejectsEmptyList) {
  for (const std::string text : {"", "   ", "\t\n"}) {
    const KeyParseError error = BadList(text, "");
    EXPECT_EQ(error.position, 0u) << "no entry to point at";
  }
}

TEST_F(KeyRingTest, RejectsFileWithoutKeys) {
  for (const std::string text : {"", "\n\n", "# only a comment\n", "  # a\r\n\r\n#b"}) {
    BadFile(text, "");
  }
}

TEST_F(KeyRingTest, RejectsEmptyEntryAtItsPosition) {
  EXPECT_EQ(BadList(Hex(KeyA()) + ",," + Hex(KeyB()), "").position, 2u);
  EXPECT_EQ(BadList(Hex(KeyA()) + ",", "").position, 2u);
  EXPECT_EQ(BadList("," + Hex(KeyA()), "").position, 1u);
  EXPECT_EQ(BadList(Hex(KeyA()) + ", \t ," + Hex(KeyB()), "").position, 2u);
}

TEST_F(KeyRingTest, RejectsWrongKeyLengths) {
  uint8_t bytes[40];
  for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<uint8_t>(0x51 * i + 3);
  for (size_t size : {31u, 33u, 16u, 1u, 40u}) {
    for (const std::string& text :
         {Base64(bytes, size, sodium_base64_VARIANT_ORIGINAL),
          Base64(bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), Hex(bytes, size)}) {
      SCOPED_TRACE(size);
      const KeyParseError error = BadList(Hex(KeyA()) + "," + text, text);
      EXPECT_EQ(error.position, 2u);
    }
  }
}

TEST_F(KeyRingTest, RejectsBadEncoding) {
  std::string hex_with_g = Hex(KeyA());
  hex_with_g[10] = 'g';
  std::string b64_with_dot = UrlUnpadded(KeyA());
  b64_with_dot[5] = '.';
  std::string mixed_alphabets = StdUnpadded(KeyA());
  const size_t plus = mixed_alphabets.find_first_of("+/");
  ASSERT_NE(plus, std::string::npos);
  const std::string url = UrlUnpadded(KeyA());
  const size_t dash = url.find_first_of("-_", plus + 1);
  ASSERT_NE(dash, std::string::npos);
  mixed_alphabets[dash] = url[dash];  // both '+' or '/' and '-' or '_' in one key
  std::string inner_space = UrlUnpadded(KeyA());
  inner_space.insert(20, " ");
  for (const std::string& text :
       {hex_with_g, b64_with_dot, mixed_alphabets, inner_space, std::string("not a key at all"),
        UrlUnpadded(KeyA()) + "===", std::string("=") + UrlUnpadded(KeyA())}) {
    const KeyParseError error = BadList(text, text);
    EXPECT_EQ(error.position, 1u);
  }
}

TEST_F(KeyRingTest, RejectsNonAsciiByteInKeyText) {
  // libsodium 1.0.18's base64 decoder reads a byte >= 0x80 as a negative char
  // and decodes it like the 64th alphabet character ('/' or '_'), so a key with
  // a stray UTF-8 byte in that place would be accepted as a different text.
  for (std::string text : {StdUnpadded(KeyA()), StdPadded(KeyA()), UrlUnpadded(KeyA())}) {
    const size_t at = text.find_first_of("/_");
    ASSERT_NE(at, std::string::npos);
    text[at] = '\xff';
    const KeyParseError error = BadList(Hex(KeyB()) + "," + text, text);
    EXPECT_EQ(error.position, 2u);
  }
}

TEST_F(KeyRingTest, RejectsBadLabels) {
  const std::string key = UrlUnpadded(KeyA());
  for (const std::string& label :
       std::vector<std::string>{"", "has space", "dot.ted", "slash/", "ümlaut",
                                std::string(kMaxLabelSizeInBytes + 1, 'x')}) {
    SCOPED_TRACE(label);
    const KeyParseError error = BadList(Hex(KeyB()) + "," + label + ":" + key, key);
    EXPECT_EQ(error.position, 2u);
  }
}

TEST_F(KeyRingTest, RejectsSameKeyWrittenDifferently) {
  for (const std::string& second : {Hex(KeyA()), Hex(KeyA(), true), StdPadded(KeyA()),
                                    UrlUnpadded(KeyA()), "other-label:" + UrlPadded(KeyA())}) {
    const KeyParseError error =
        BadList(StdUnpadded(KeyA()) + "," + Hex(KeyB()) + "," + second, second);
    EXPECT_EQ(error.position, 3u);
    // Said as a duplicate, not as an id collision ("generate another key"
    // would send the operator the wrong way).
    EXPECT_EQ(error.message.view().find("collid"), std::string::npos)
        << Shown(error.message.view(), second);
  }
}

TEST_F(KeyRingTest, RejectsDuplicateLabel) {
  const KeyParseError error = BadList("same:" + Hex(KeyA()) + ",same:" + Hex(KeyB()), Hex(KeyB()));
  EXPECT_EQ(error.position, 2u);
}

TEST_F(KeyRingTest, FileErrorPositionIsTheLineNumber) {
  const std::string file = "# keys\n" + Hex(KeyA()) + "\r\n\n  # old ones\n" + Hex(KeyB()) + "\n" +
                           UrlPadded(KeyC()) + "\n" + "bad:" + Hex(KeyA()) + "\n";
  // Line 7 repeats the key of line 2.
  EXPECT_EQ(BadFile(file, Hex(KeyA())).position, 7u);
  EXPECT_EQ(BadFile("\n\n\nshort\n", "short").position, 4u);
  EXPECT_EQ(BadFile(Hex(KeyA()) + "\r\n\r\n" + "x y:" + Hex(KeyB()) + "\r\n", Hex(KeyB())).position,
            3u);
}

TEST_F(KeyRingTest, ErrorMessagesNameThePositionButNeverTheEntry) {
  const std::string key_b = UrlUnpadded(KeyB());
  struct Case {
    std::string list;
    std::string secret;
  };
  const std::vector<Case> cases = {
      {Hex(KeyA()) + "," + key_b.substr(0, 42), key_b.substr(0, 42)},
      {Hex(KeyA()) + "," + key_b + "AAAA", key_b},
      {Hex(KeyA()) + "," + Hex(KeyA()), Hex(KeyA())},
      {Hex(KeyA()) + ",bad label:" + key_b, key_b},
      {Hex(KeyA()) + "," + key_b + "!", key_b},
  };
  for (const Case& c : cases) {
    const KeyParseError error = BadList(c.list, c.secret);
    EXPECT_EQ(error.position, 2u);
    EXPECT_NE(error.message.view().find('2'), std::string::npos)
        << Shown(error.message.view(), c.secret);
  }
}

TEST_F(KeyRingTest, RejectsCollidingKeyIds) {
  // A 32-bit id collides by the birthday bound after ~2^16 keys: search a fixed
  // sequence of keys until two share an id (deterministic, ~80k hashes).
  std::unordered_map<uint32_t, uint32_t> seen;
  seen.reserve(1 << 20);
  KeyBytes bytes{};
  bytes.fill(0x5c);
  uint32_t first = 0, second = 0;
  bool found = false;
  for (uint32_t i = 0; i < (1u << 20) && !found; ++i) {
    std::memcpy(bytes.data(), &i, sizeof i);
    const auto [it, inserted] = seen.emplace(Key(bytes.data(), "").id(), i);
    if (!inserted) {
      first = it->second;
      second = i;
      found = true;
    }
  }
  ASSERT_TRUE(found);
  KeyBytes a{}, b{};
  a.fill(0x5c);
  b.fill(0x5c);
  std::memcpy(a.data(), &first, sizeof first);
  std::memcpy(b.data(), &second, sizeof second);
  ASSERT_FALSE(SameBytes(Key(a.data(), ""), b));
  ASSERT_EQ(Key(a.data(), "").id(), Key(b.data(), "").id());

  const KeyParseError error = BadList(Hex(KeyC()) + "," + Hex(a) + "," + Hex(b), Hex(b));
  EXPECT_EQ(error.position, 3u);
  EXPECT_NE(error.message.view().find("id"), std::string::npos)
      << Shown(error.message.view(), Hex(b));
  EXPECT_NE(error.message.view().find("collid"), std::string::npos)
      << Shown(error.message.view(), Hex(b));

  // Each key alone is fine.
  EXPECT_EQ(List(Hex(a)).size(), 1u);
  EXPECT_EQ(List(Hex(b)).size(), 1u);
}

// GenerateKeyText into a std::string; false as GenerateKeyText says.
bool Generate(std::string_view label, std::string* text, size_t room = kMaxKeyTextSizeInBytes + 1) {
  std::string out(room, '#');
  size_t length = 0;
  if (!GenerateKeyText(label, out.data(), out.size(), &length)) return false;
  EXPECT_LT(length, room);
  EXPECT_EQ(out[length], '\0');
  text->assign(out, 0, length);
  return true;
}

TEST_F(KeyRingTest, GeneratedKeyTextParses) {
  std::string text;
  ASSERT_TRUE(Generate("", &text));
  EXPECT_EQ(text.size(), 43u);
  EXPECT_EQ(
      text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  const KeyRing ring = List(text);
  ASSERT_EQ(ring.size(), 1u);
  EXPECT_EQ(ring.front().label(), "");

  std::string labelled;
  ASSERT_TRUE(Generate("2026-11_a", &labelled));
  ASSERT_EQ(labelled.rfind("2026-11_a:", 0), 0u);
  const KeyRing ring2 = List(labelled);
  ASSERT_EQ(ring2.size(), 1u);
  EXPECT_EQ(ring2.front().label(), "2026-11_a");
}

TEST_F(KeyRingTest, GeneratedKeysDiffer) {
  std::string a, b;
  ASSERT_TRUE(Generate("", &a));
  ASSERT_TRUE(Generate("", &b));
  EXPECT_TRUE(a != b);  // not EXPECT_NE: a failure would print both keys
  EXPECT_EQ(List(a + "," + b).size(), 2u);
}

TEST_F(KeyRingTest, GenerateKeyTextRejectsBadLabel) {
  std::string text = "unchanged";
  EXPECT_FALSE(Generate("bad label", &text));
  EXPECT_FALSE(Generate(std::string(33, 'a'), &text));
  EXPECT_FALSE(Generate("a:b", &text));
  EXPECT_EQ(text, "unchanged");
  EXPECT_TRUE(Generate(std::string(32, 'a'), &text));
  EXPECT_EQ(text.size(), kMaxKeyTextSizeInBytes);
}

TEST_F(KeyRingTest, GenerateKeyTextNeedsRoomForTheTextAndItsNul) {
  std::string text;
  EXPECT_FALSE(Generate("abc", &text, 3 + 1 + 43));
  EXPECT_TRUE(Generate("abc", &text, 3 + 1 + 43 + 1));
  EXPECT_FALSE(Generate("", &text, 0));
}

TEST_F(KeyRingTest, ManyKeysAndMovesKeepEveryKey) {
  // The ring grows by moving its keys to a new array.
  std::string list;
  for (int i = 0; i < 40; ++i) {
    std::string text;
    ASSERT_TRUE(Generate("k" + std::to_string(i), &text));
    list += (i > 0 ? "," : "") + text;
  }
  KeyRing ring = List(list);
  ASSERT_EQ(ring.size(), 40u);
  KeyRing moved = std::move(ring);
  EXPECT_TRUE(ring.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  ASSERT_EQ(moved.size(), 40u);
  size_t i = 0;
  for (const Key& key : moved) {
    EXPECT_EQ(key.label(), "k" + std::to_string(i++));
    EXPECT_EQ(moved.FindById(key.id()), &key);
  }
  EXPECT_EQ(moved.front().label(), "k0");
}

TEST_F(KeyRingTest, MessagesNameEarlierEntriesByPosition) {
  KeyRing ring;
  KeyParseError error;
  const std::string file = "# keys\n\n" + Hex(KeyA()) + "\n  # old\nx:" + Hex(KeyA()) + "\n";
  ASSERT_FALSE(KeyRing::ParseFile(file, &ring, &error));
  EXPECT_EQ(error.position, 5u);
  EXPECT_EQ(error.message.view(), "line 5: the same key as line 3");
  ASSERT_FALSE(KeyRing::ParseList("a:" + Hex(KeyA()) + ", a:" + Hex(KeyB()), &ring, &error));
  EXPECT_EQ(error.message.view(), "entry 2: the same label as entry 1");
}

}  // namespace
}  // namespace sealedcookie
