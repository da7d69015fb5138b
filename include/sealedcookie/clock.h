// Wall-clock seconds, behind an interface so tests can set the time.
#ifndef SEALEDCOOKIE_CLOCK_H_
#define SEALEDCOOKIE_CLOCK_H_

#include <cstdint>

namespace sealedcookie {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual int64_t NowSeconds() const = 0;
};

// The real time (time(2)).
class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override;
  // A process-wide instance; it holds no state.
  static const SystemClock& Instance();
};

// A clock that says what the test last set.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_seconds) : now_seconds_(now_seconds) {}
  int64_t NowSeconds() const override { return now_seconds_; }
  void Set(int64_t now_seconds) { now_seconds_ = now_seconds; }
  void Advance(int64_t seconds) { now_seconds_ += seconds; }

 private:
  int64_t now_seconds_;
};

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_CLOCK_H_
