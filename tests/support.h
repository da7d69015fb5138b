// Helpers shared by the core's tests (and usable by the fuzzers and the
// benchmark: no GoogleTest in here). Keys are fixed test bytes, never secrets.
#ifndef SEALEDCOOKIE_TESTS_SUPPORT_H_
#define SEALEDCOOKIE_TESTS_SUPPORT_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"

namespace sealedcookie {
namespace test {

// The tests' "now" (2027-01-15), for a ManualClock.
constexpr int64_t kNow = 1'800'000'000;

using KeyBytes = std::array<uint8_t, kKeySizeInBytes>;

// Distinct, fixed key bytes for each seed.
inline KeyBytes TestKey(uint8_t seed) {
  KeyBytes k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed * 31 + i * 7 + 1);
  return k;
}

inline std::string HexOf(const KeyBytes& k) {
  char out[2 * kKeySizeInBytes + 1];
  sodium_bin2hex(out, sizeof out, k.data(), k.size());
  return out;
}

// A ring holding TestKey(seed) for each seed, the first the primary.
inline KeyRing RingOf(std::initializer_list<uint8_t> seeds) {
  KeyRing ring;
  for (uint8_t seed : seeds) {
    const KeyBytes bytes = TestKey(seed);
    if (!ring.Add(Key(bytes.data(), ""))) ring.Clear();
  }
  return ring;
}

// The associated data exactly as sealer.h documents it, built independently of
// the sealer, for tests that seal or open by hand with libsodium.
inline std::vector<uint8_t> DocumentedAd(uint8_t version, uint32_t key_id,
                                         const SealContext& context) {
  std::vector<uint8_t> ad = {'s', 'e', 'a', 'l', 'e', 'd', 'c', 'o', 'o', 'k', 'i', 'e'};
  ad.push_back(version);
  for (int shift = 24; shift >= 0; shift -= 8) ad.push_back(static_cast<uint8_t>(key_id >> shift));
  ad.push_back(static_cast<uint8_t>(context.application.size()));
  ad.insert(ad.end(), context.application.begin(), context.application.end());
  ad.push_back(static_cast<uint8_t>(context.cookie_name.size()));
  ad.insert(ad.end(), context.cookie_name.begin(), context.cookie_name.end());
  ad.push_back(static_cast<uint8_t>(context.session_id.size() >> 8));
  ad.push_back(static_cast<uint8_t>(context.session_id.size()));
  ad.insert(ad.end(), context.session_id.begin(), context.session_id.end());
  return ad;
}

// A SessionBuffer over a std::string, as the glue's is over a zend_string.
class StringSessionBuffer final : public SessionBuffer {
 public:
  uint8_t* Resize(size_t size) override {
    bytes.resize(size);
    largest_size = size > largest_size ? size : largest_size;
    return reinterpret_cast<uint8_t*>(bytes.data());
  }
  std::string bytes;
  size_t largest_size = 0;  // the most it was ever asked to hold
};

// Seals `session`; the value, or "" when sealing failed (*error says why).
inline std::string SealToString(const Sealer& sealer, const SealContext& context,
                                std::string_view session, const SealOptions& options = {},
                                SealError* error = nullptr) {
  std::string out(SealedSize(session.size()), '\0');
  const SealResult sealed = sealer.Seal(context, session, options, out.data(), out.size());
  if (error != nullptr) *error = sealed.error;
  out.resize(sealed.error == SealError::kNone ? sealed.sealed_size : 0);
  return out;
}

struct Opened {
  OpenResult result;
  std::string session;  // on kOk
};

// Opens `sealed` into a StringSessionBuffer.
inline Opened OpenToString(const Sealer& sealer, const SealContext& context,
                           std::string_view sealed, const Lifetimes& lifetimes = {}) {
  StringSessionBuffer buffer;
  Opened opened;
  opened.result = sealer.Open(context, sealed, lifetimes, &buffer);
  if (opened.result.status == OpenStatus::kOk) {
    opened.session = buffer.bytes.substr(0, opened.result.session_size);
  }
  return opened;
}

}  // namespace test
}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_TESTS_SUPPORT_H_
