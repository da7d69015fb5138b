// DecideCookie as a table: each row is one situation ext/session can put the
// save handler in, and the action the response must take.
#include "sealedcookie/decision.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

namespace sealedcookie {

// Readable failures: "kSet" rather than a number.
void PrintTo(CookieAction action, std::ostream* out) {
  static constexpr const char* kNames[] = {
      "kLeave",           "kSendNothing",     "kSet", "kDelete", "kWarnLateChange",
      "kWarnLateDestroy", "kRefuseAttributes"};
  *out << kNames[static_cast<int>(action)];
}

namespace {

// Facts from letters, so a row reads as one line:
//   H headers sent      P cookie present    V it opened       E it equals the value
//   R refresh due       W written before    Q equal to that   S that commit succeeded
//   N a value pending   0 the value is empty  A an attribute cannot be written
CookieFacts Facts(CookieEvent event, std::string_view letters) {
  CookieFacts facts;
  facts.event = event;
  for (char letter : letters) {
    switch (letter) {
      case 'H':
        facts.headers_sent = true;
        break;
      case 'P':
        facts.incoming_present = true;
        break;
      case 'V':
        facts.incoming_valid = true;
        break;
      case 'E':
        facts.incoming_equal = true;
        break;
      case 'R':
        facts.refresh_due = true;
        break;
      case 'W':
        facts.written_before = true;
        break;
      case 'Q':
        facts.written_equal = true;
        break;
      case 'S':
        facts.written_sent = true;
        break;
      case 'N':
        facts.pending_set = true;
        break;
      case '0':
        facts.empty = true;
        break;
      case 'A':
        facts.attributes_refused = true;
        break;
      default:
        ADD_FAILURE() << "unknown fact letter " << letter;
    }
  }
  return facts;
}

struct Row {
  const char* what;
  CookieEvent event;
  const char* letters;
  CookieAction expected;
};

constexpr CookieEvent kWrite = CookieEvent::kWrite;
constexpr CookieEvent kDestroy = CookieEvent::kDestroy;

constexpr Row kRows[] = {
    // Before the headers: the response can still carry anything.
    {"new session with data", kWrite, "", CookieAction::kSet},
    {"new empty session needs no cookie", kWrite, "0", CookieAction::kSendNothing},
    {"unchanged session, nothing to send", kWrite, "PVE", CookieAction::kSendNothing},
    {"unchanged but refresh due (old key, idle quarter)", kWrite, "PVER", CookieAction::kSet},
    {"changed session", kWrite, "PV", CookieAction::kSet},
    {"emptied session keeps a cookie (it may carry times)", kWrite, "PV0", CookieAction::kSet},
    {"bad cookie and empty session: expire it", kWrite, "P0", CookieAction::kDelete},
    {"bad cookie, new data: replace it", kWrite, "P", CookieAction::kSet},
    {"same value as the last commit: keep that decision", kWrite, "PVWQS", CookieAction::kLeave},
    {"same value as a failed commit: keep that outcome", kWrite, "WQ", CookieAction::kLeave},
    {"changed back to the client's value after a set", kWrite, "PVEWSN",
     CookieAction::kSendNothing},
    {"changed again after a set", kWrite, "PVWSN", CookieAction::kSet},
    // After the headers: nothing reaches the client; warn when that loses data.
    {"late write equal to the client's cookie", kWrite, "HPVE", CookieAction::kLeave},
    {"late write differing from the client's cookie", kWrite, "HPV", CookieAction::kWarnLateChange},
    {"late write after a sent commit of another value", kWrite, "HPVEWS",
     CookieAction::kWarnLateChange},
    {"late write of the value already sent", kWrite, "HPVWQS", CookieAction::kLeave},
    {"late write after a failed commit, equal to the client's", kWrite, "HPVEW",
     CookieAction::kLeave},
    {"late empty write, no usable cookie", kWrite, "HP0", CookieAction::kLeave},
    {"late write of data, no usable cookie", kWrite, "HP", CookieAction::kWarnLateChange},
    {"late refresh due is not a loss", kWrite, "HPVER", CookieAction::kLeave},
    // destroy(): expire what the client has or is about to get.
    {"destroy with a cookie in the request", kDestroy, "PV", CookieAction::kDelete},
    {"destroy with a bad cookie in the request", kDestroy, "P", CookieAction::kDelete},
    {"destroy of a session set by this response", kDestroy, "WSN", CookieAction::kDelete},
    {"destroy when nothing was sent or carried", kDestroy, "", CookieAction::kSendNothing},
    {"destroy after a failed commit", kDestroy, "WN", CookieAction::kSendNothing},
    {"late destroy, client holds a cookie", kDestroy, "HPV", CookieAction::kWarnLateDestroy},
    {"late destroy of a cookie this response set", kDestroy, "HWSN",
     CookieAction::kWarnLateDestroy},
    {"late destroy, client holds nothing", kDestroy, "H", CookieAction::kLeave},
    // An attribute that cannot go into a Set-Cookie line (header injection).
    {"new session, attribute refused", kWrite, "A", CookieAction::kRefuseAttributes},
    {"bad cookie to expire, attribute refused", kWrite, "P0A", CookieAction::kRefuseAttributes},
    {"destroy, attribute refused", kDestroy, "PVA", CookieAction::kRefuseAttributes},
    {"unchanged session, attribute refused: nothing to send", kWrite, "PVEA",
     CookieAction::kSendNothing},
    {"late change, attribute refused: still a late change", kWrite, "HPVA",
     CookieAction::kWarnLateChange},
};

TEST(DecideCookieTest, Table) {
  for (const Row& row : kRows) {
    EXPECT_EQ(DecideCookie(Facts(row.event, row.letters)), row.expected)
        << row.what << " [" << row.letters << "]";
  }
}

// Every fact combination gets an answer, and a few rules hold across all of them.
TEST(DecideCookieTest, InvariantsOverEveryCombination) {
  constexpr std::string_view kLetters = "HPVERWQSN0A";
  for (CookieEvent event : {kWrite, kDestroy}) {
    for (unsigned bits = 0; bits < (1u << kLetters.size()); ++bits) {
      std::string letters;
      for (size_t i = 0; i < kLetters.size(); ++i) {
        if (bits & (1u << i)) letters += kLetters[i];
      }
      const CookieFacts facts = Facts(event, letters);
      const CookieAction action = DecideCookie(facts);
      if (facts.headers_sent) {
        // Nothing can be added once the headers are gone.
        EXPECT_TRUE(action == CookieAction::kLeave || action == CookieAction::kWarnLateChange ||
                    action == CookieAction::kWarnLateDestroy)
            << letters;
      } else {
        EXPECT_NE(action, CookieAction::kWarnLateChange) << letters;
        EXPECT_NE(action, CookieAction::kWarnLateDestroy) << letters;
      }
      if (event == kDestroy) {
        EXPECT_NE(action, CookieAction::kSet) << letters;  // destroy never seals
      } else {
        EXPECT_NE(action, CookieAction::kWarnLateDestroy) << letters;
      }
      if (facts.attributes_refused) {
        // No Set-Cookie line with a refused attribute.
        EXPECT_NE(action, CookieAction::kSet) << letters;
        EXPECT_NE(action, CookieAction::kDelete) << letters;
      } else {
        EXPECT_NE(action, CookieAction::kRefuseAttributes) << letters;
      }
      if (event == kWrite && facts.written_before && facts.written_equal) {
        EXPECT_EQ(action, CookieAction::kLeave) << letters;  // a repeat changes nothing
      }
    }
  }
}

}  // namespace
}  // namespace sealedcookie
