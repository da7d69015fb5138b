#include "sealedcookie/clock.h"

#include <gtest/gtest.h>

#include <ctime>

namespace sealedcookie {
namespace {

TEST(ClockTest, ManualClockSaysWhatWasSet) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.NowSeconds(), 1000);
  clock.Set(-5);
  EXPECT_EQ(clock.NowSeconds(), -5);
  clock.Advance(10);
  EXPECT_EQ(clock.NowSeconds(), 5);
  const Clock& as_interface = clock;
  EXPECT_EQ(as_interface.NowSeconds(), 5);
}

TEST(ClockTest, SystemClockIsTheWallClock) {
  const int64_t before = static_cast<int64_t>(std::time(nullptr));
  const int64_t now = SystemClock::Instance().NowSeconds();
  const int64_t after = static_cast<int64_t>(std::time(nullptr));
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  EXPECT_GT(now, 1'700'000'000);  // after 2023: not a zero or monotonic clock
}

TEST(ClockTest, SystemClockInstanceIsShared) {
  EXPECT_EQ(&SystemClock::Instance(), &SystemClock::Instance());
}

}  // namespace
}  // namespace sealedcookie
