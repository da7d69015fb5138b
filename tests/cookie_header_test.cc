// Reading Set-Cookie lines and Cookie headers, and the next request's Cookie
// header estimate.
#include "sealedcookie/cookie_header.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sealedcookie {
namespace {

// The full estimate: a budget of 0 never takes the quick pass's shortcut.
size_t FullEstimate(std::string_view request, const std::vector<std::string_view>& lines) {
  return EstimateNextCookieHeader(request, lines.data(), lines.size(), 0);
}

TEST(CookieHeaderTest, RecognisesSetCookieHeadersInAnyCase) {
  for (const char* yes : {"Set-Cookie: a=b", "set-cookie:a=b", "SET-COOKIE: x", "Set-Cookie:"}) {
    EXPECT_TRUE(IsSetCookieHeader(yes)) << yes;
  }
  for (const char* no :
       {"", "Set-Cookie", "Set-Cookie2: a=b", "X-Set-Cookie: a=b", " Set-Cookie: a=b",
        "Set_Cookie: a=b", "Cookie: a=b", "Content-Type: text/html"}) {
    EXPECT_FALSE(IsSetCookieHeader(no)) << no;
  }
}

TEST(CookieHeaderTest, ParsesPairNameAndExpiry) {
  SetCookie cookie;
  ASSERT_TRUE(ParseSetCookie("Set-Cookie: sc=abc.def; path=/; HttpOnly", &cookie));
  EXPECT_EQ(cookie.pair, "sc=abc.def");
  EXPECT_EQ(cookie.name, "sc");
  EXPECT_FALSE(cookie.expires);
  ASSERT_TRUE(ParseSetCookie("set-cookie:\tk=v=w", &cookie));
  EXPECT_EQ(cookie.pair, "k=v=w");
  EXPECT_EQ(cookie.name, "k");
  ASSERT_TRUE(ParseSetCookie("Set-Cookie: empty=", &cookie));
  EXPECT_EQ(cookie.pair, "empty=");
  ASSERT_TRUE(ParseSetCookie("Set-Cookie: =nameless", &cookie));
  EXPECT_EQ(cookie.name, "");
}

TEST(CookieHeaderTest, RefusesOtherHeadersAndPairsWithoutEquals) {
  SetCookie cookie;
  EXPECT_FALSE(ParseSetCookie("Content-Type: a=b", &cookie));
  EXPECT_FALSE(ParseSetCookie("Set-Cookie: novalue", &cookie));
  EXPECT_FALSE(ParseSetCookie("Set-Cookie: novalue; path=/a=b", &cookie));
  EXPECT_FALSE(ParseSetCookie("Set-Cookie:", &cookie));
  EXPECT_FALSE(ParseSetCookie("", &cookie));
}

TEST(CookieHeaderTest, MaxAgeOfZeroOrLessExpires) {
  const struct {
    const char* line;
    bool expires;
  } cases[] = {
      // As PHP's setcookie() and this extension write a deletion.
      {"Set-Cookie: sc=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/", true},
      {"Set-Cookie: sc=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0", true},
      {"Set-Cookie: a=b; max-age=0", true},
      {"Set-Cookie: a=b; MAX-AGE=-1", true},
      {"Set-Cookie: a=b; Max-Age=-100; path=/", true},
      {"Set-Cookie: a=b; Max-Age=00", true},
      {"Set-Cookie: a=b;Max-Age=0", true},
      {"Set-Cookie: a=b; Max-Age = 0 ; path=/", true},
      {"Set-Cookie: a=b; Max-Age=3600", false},
      {"Set-Cookie: a=b; Max-Age=10", false},
      {"Set-Cookie: a=b; Max-Age=01", false},
      {"Set-Cookie: a=b; Max-Age=0x", false},  // not a number: ignored
      {"Set-Cookie: a=b; Max-Age=", false},
      {"Set-Cookie: a=b; Max-Age=-", false},
      {"Set-Cookie: a=b; Max-Age", false},
      {"Set-Cookie: a=b; Max-Agent=0", false},
      {"Set-Cookie: a=b; path=/Max-Age=0", false},
      {"Set-Cookie: a=b", false},
      {"Set-Cookie: a=b; Max-Age=0; Max-Age=60", false},  // the last one counts
      {"Set-Cookie: a=b; Max-Age=60; Max-Age=0", true},
      {"Set-Cookie: a=max-age=0", false},  // in the value, not an attribute
  };
  for (const auto& c : cases) {
    SetCookie cookie;
    ASSERT_TRUE(ParseSetCookie(c.line, &cookie)) << c.line;
    EXPECT_EQ(cookie.expires, c.expires) << c.line;
  }
}

TEST(CookieHeaderTest, SetsDataCookieForTheBaseAndItsChunksOnly) {
  EXPECT_TRUE(SetsDataCookie("Set-Cookie: sc=v; path=/", "sc"));
  EXPECT_TRUE(SetsDataCookie("Set-Cookie: sc_1=v", "sc"));
  EXPECT_TRUE(SetsDataCookie("set-cookie:sc_31=deleted; Max-Age=0", "sc"));
  EXPECT_FALSE(SetsDataCookie("Set-Cookie: sc_32=v", "sc"));
  EXPECT_FALSE(SetsDataCookie("Set-Cookie: sc_01=v", "sc"));
  EXPECT_FALSE(SetsDataCookie("Set-Cookie: scx=v", "sc"));
  EXPECT_FALSE(SetsDataCookie("Set-Cookie: s=v", "sc"));
  EXPECT_FALSE(SetsDataCookie("Set-Cookie: sc", "sc"));
  EXPECT_FALSE(SetsDataCookie("X-Sc: sc=v", "sc"));
  EXPECT_FALSE(SetsDataCookie("Set-Cookie: =v", ""));
}

TEST(CookieHeaderTest, CountsCookies) {
  EXPECT_EQ(CountCookies(""), 0u);
  EXPECT_EQ(CountCookies("   "), 0u);
  EXPECT_EQ(CountCookies("a=1"), 1u);
  EXPECT_EQ(CountCookies("a=1; b=2"), 2u);
  EXPECT_EQ(CountCookies("a=1;b=2;c=3"), 3u);
  EXPECT_EQ(CountCookies(" a=1 ;\tb=2; "), 2u);
  EXPECT_EQ(CountCookies(";;"), 0u);
}

TEST(CookieHeaderTest, WireSizeOfOneCookie) {
  const std::string_view header = "a=1; bb=22; abc=3;x=";
  EXPECT_EQ(CookieWireSize(header, "a"), 3u);
  EXPECT_EQ(CookieWireSize(header, "bb"), 5u);
  EXPECT_EQ(CookieWireSize(header, "abc"), 5u);
  EXPECT_EQ(CookieWireSize(header, "x"), 2u);
  EXPECT_EQ(CookieWireSize(header, "b"), 0u);
  EXPECT_EQ(CookieWireSize(header, "ab"), 0u);
  EXPECT_EQ(CookieWireSize(header, "c"), 0u);
  EXPECT_EQ(CookieWireSize("", "a"), 0u);
}

TEST(CookieHeaderTest, EstimateAddsNewCookies) {
  // No Cookie header yet: "Cookie: x=abc; y=1".
  EXPECT_EQ(FullEstimate("", {"Set-Cookie: x=abc; path=/", "Set-Cookie: y=1"}), 8u + 5u + 2u + 3u);
  // Nothing set: the request's header as it was.
  EXPECT_EQ(FullEstimate("a=1; b=2", {}), 8u + 8u);
}

TEST(CookieHeaderTest, EstimateReplacesAndRemovesCookies) {
  const std::string_view request = "a=1; PHPSESSID_SC=xyz";  // 21 bytes, 2 cookies
  const std::string value(100, 'v');
  const std::string set = "Set-Cookie: PHPSESSID_SC=" + value + "; path=/; HttpOnly";
  // a=1; PHPSESSID_SC=<100>
  EXPECT_EQ(FullEstimate(request, {set}), 8u + 3u + 2u + 13u + 100u);
  // The data cookie expired: a=1
  EXPECT_EQ(FullEstimate(request, {"Set-Cookie: PHPSESSID_SC=deleted; Max-Age=0"}), 8u + 3u);
  // Everything expired: "Cookie: " alone, as the budget check always counted it.
  EXPECT_EQ(FullEstimate(request, {"Set-Cookie: PHPSESSID_SC=deleted; Max-Age=0",
                                   "Set-Cookie: a=; Max-Age=-1"}),
            8u);
  // Expiring a cookie the request did not carry changes nothing.
  EXPECT_EQ(FullEstimate(request, {"Set-Cookie: other=deleted; Max-Age=0"}), 8u + 21u);
}

TEST(CookieHeaderTest, EstimateTakesTheLastLineForANameAndIgnoresOtherHeaders) {
  const std::string_view request = "a=1";
  EXPECT_EQ(
      FullEstimate(request, {"Set-Cookie: x=1", "Content-Type: text/html", "Set-Cookie: x=22222"}),
      8u + 3u + 2u + 7u);
  EXPECT_EQ(FullEstimate(request, {"Set-Cookie: a=1234", "Set-Cookie: a=deleted; Max-Age=0"}), 8u);
  EXPECT_EQ(FullEstimate(request, {"Set-Cookie: a=deleted; Max-Age=0", "Set-Cookie: a=12"}),
            8u + 4u);
  EXPECT_EQ(FullEstimate(request, {"X-Set-Cookie: b=1", "Set-Cookie: broken"}), 8u + 3u);
}

TEST(CookieHeaderTest, EstimatePassesTheBudgetExactlyWhenTheFullEstimateDoes) {
  const std::string request =
      "a=1; sc=" + std::string(3000, 'o') + "; sc_1=" + std::string(500, 'p') + "; theme=dark";
  const std::string big = "Set-Cookie: sc=2." + std::string(4000, 'n') + "; path=/";
  const std::string chunk = "Set-Cookie: sc_1=" + std::string(2000, 'm') + "; path=/";
  const std::vector<std::vector<std::string_view>> responses = {
      {},
      {big},
      {big, chunk},
      {"Set-Cookie: sc_1=deleted; Max-Age=0", big},
      {"Set-Cookie: sc=deleted; Max-Age=0", "Set-Cookie: sc_1=deleted; Max-Age=0"},
  };
  for (const auto& lines : responses) {
    const size_t full = FullEstimate(request, lines);
    for (size_t budget = 0; budget < 12000; budget += 97) {
      const size_t quick = EstimateNextCookieHeader(request, lines.data(), lines.size(), budget);
      ASSERT_EQ(quick > budget, full > budget) << budget;
      ASSERT_GE(quick, full) << budget;
      if (quick > budget) ASSERT_EQ(quick, full) << budget;
    }
    for (size_t budget : {full - 1, full, full + 1}) {
      EXPECT_EQ(EstimateNextCookieHeader(request, lines.data(), lines.size(), budget) > budget,
                full > budget);
    }
  }
}

TEST(CookieHeaderTest, AllowsOrdinaryAttributeValues) {
  for (const char* value : {"", "/", "/app/", "/a-b_c.d~e%20f", "example.test", ".example.test",
                            "Lax", "Strict", "None", "/\x01\x7f\xc3\xa9"}) {
    EXPECT_TRUE(IsAllowedAttributeValue(value)) << value;
  }
}

TEST(CookieHeaderTest, RefusesTheBytesSetcookieRefusesAndNulInAttributeValues) {
  // Each refused byte alone, first, in the middle and last.
  for (const char refused : std::string_view(",; \t\r\n\013\014\0", 9)) {
    const std::string byte(1, refused);
    for (const std::string& value : {byte, byte + "/a", "/a" + byte + "b", "/a" + byte}) {
      EXPECT_FALSE(IsAllowedAttributeValue(value)) << static_cast<int>(refused);
    }
  }
  EXPECT_FALSE(IsAllowedAttributeValue("/\r\nX-Injected: 1"));
  EXPECT_FALSE(IsAllowedAttributeValue("Lax; Domain=evil.test"));
  EXPECT_FALSE(IsAllowedAttributeValue(std::string_view("/a\0b", 4)));
}

TEST(CookieHeaderTest, RefusesHeaderLinesWithCrLfOrNul) {
  EXPECT_TRUE(IsAllowedHeaderLine("Set-Cookie: sc=v; path=/a b; SameSite=Lax\t"));
  EXPECT_TRUE(IsAllowedHeaderLine(""));
  for (const std::string_view line :
       {std::string_view("Set-Cookie: sc=v; path=/\r\nX-Injected: 1"),
        std::string_view("Set-Cookie: sc=v; path=/\nX-Injected: 1"),
        std::string_view("Set-Cookie: sc=v; path=/\r"), std::string_view("\nSet-Cookie: sc=v"),
        std::string_view("Set-Cookie: sc=v; path=/a\0b", 27)}) {
    EXPECT_FALSE(IsAllowedHeaderLine(line)) << line.size();
  }
}

}  // namespace
}  // namespace sealedcookie
