#include "sealedcookie/clock.h"

#include <ctime>

namespace sealedcookie {

int64_t SystemClock::NowSeconds() const { return static_cast<int64_t>(std::time(nullptr)); }

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace sealedcookie
