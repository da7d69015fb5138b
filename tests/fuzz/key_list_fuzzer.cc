// libFuzzer target: KeyRing::ParseList and ParseFile on arbitrary text must
// never crash, and must either fill a consistent ring or report an error with
// an empty ring.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sealedcookie/key_ring.h"

namespace {

using sealedcookie::Key;
using sealedcookie::KeyParseError;
using sealedcookie::KeyRing;

void Check(bool parsed, const KeyRing& ring, const KeyParseError& error, size_t max_keys) {
  if (!parsed) {
    if (!ring.empty() || error.message.empty()) std::abort();
    return;
  }
  if (ring.empty() || ring.size() > max_keys) std::abort();
  const Key& primary = ring.front();
  if (ring.FindById(primary.id()) != &primary) std::abort();
  if (primary.label().size() > sealedcookie::kMaxLabelSizeInBytes) std::abort();
}

size_t Count(std::string_view text, char c) {
  size_t n = 0;
  for (char x : text) n += x == c;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    KeyRing ring;
    KeyParseError error;
    const bool parsed = KeyRing::ParseList(text, &ring, &error);
    Check(parsed, ring, error, Count(text, ',') + 1);
  }
  {
    KeyRing ring;
    KeyParseError error;
    const bool parsed = KeyRing::ParseFile(text, &ring, &error);
    Check(parsed, ring, error, Count(text, '\n') + 1);
  }
  return 0;
}
