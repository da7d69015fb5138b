// libFuzzer target: Sealer::Open on arbitrary input must never crash, must
// leave exactly the session in its buffer, and what it accepts must re-seal
// and re-open to the same bytes.
//
// Input: the sealed value, opened under a fixed ring and context. An input that
// starts with 0x01 carries its own context instead:
//     0x01 | cookie name | 0x00 | session id | 0x00 | sealed value
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "../support.h"
#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"

namespace {

using sealedcookie::KeyParseError;
using sealedcookie::KeyRing;
using sealedcookie::Lifetimes;
using sealedcookie::ManualClock;
using sealedcookie::OpenResult;
using sealedcookie::OpenStatus;
using sealedcookie::SealContext;
using sealedcookie::SealedSize;
using sealedcookie::Sealer;
using sealedcookie::SealError;
using sealedcookie::test::StringSessionBuffer;

// Public test keys (never use them for anything real). The seed corpus in
// corpus/open/ was sealed under them at kNowSeconds with the default context.
constexpr char kFuzzKeys[] =
    "fuzz-primary:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f,"
    "fuzz-old:IiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiI";
constexpr int64_t kNowSeconds = 1'800'000'000;
constexpr char kCookieName[] = "sc";
constexpr char kSessionId[] = "fuzz-session-id";

const KeyRing& FuzzRing() {
  static const KeyRing* ring = [] {
    auto* r = new KeyRing;
    KeyParseError error;
    if (!KeyRing::ParseList(kFuzzKeys, r, &error)) std::abort();
    return r;
  }();
  return *ring;
}

// Splits "name\0id\0value"; false when the separators are missing.
bool SplitContext(std::string_view* input, SealContext* context) {
  const size_t name_end = input->find('\0');
  if (name_end == std::string_view::npos) return false;
  const size_t id_end = input->find('\0', name_end + 1);
  if (id_end == std::string_view::npos) return false;
  context->cookie_name = input->substr(0, name_end);
  context->session_id = input->substr(name_end + 1, id_end - name_end - 1);
  input->remove_prefix(id_end + 1);
  return true;
}

// Re-seals what was opened, with and without compression; both must re-open to
// the same bytes and times, the buffer holding exactly the session.
void CheckRoundTrip(const Sealer& sealer, const SealContext& context, const Lifetimes& lifetimes,
                    const OpenResult& opened, const std::string& session) {
  for (bool compress : {false, true}) {
    sealedcookie::SealOptions options;
    options.created_at_seconds = opened.created_at_seconds;
    options.compress = compress;
    std::string resealed(SealedSize(session.size()), '\0');
    const sealedcookie::SealResult sealed =
        sealer.Seal(context, session, options, resealed.data(), resealed.size());
    if (sealed.error != SealError::kNone || sealed.sealed_size > resealed.size() ||
        (!compress && sealed.sealed_size != resealed.size())) {
      std::abort();
    }
    resealed.resize(sealed.sealed_size);
    StringSessionBuffer again;
    const OpenResult reopened = sealer.Open(context, resealed, lifetimes, &again);
    if (reopened.status != OpenStatus::kOk || reopened.opened_with_secondary_key ||
        reopened.created_at_seconds != opened.created_at_seconds ||
        (!compress && reopened.compressed) || again.bytes != session) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  SealContext context{kCookieName, kSessionId};
  if (!input.empty() && input[0] == '\x01') {
    input.remove_prefix(1);
    if (!SplitContext(&input, &context)) return 0;
  }
  // An exact copy, so reads past the value's end are caught by ASan.
  const std::vector<char> value(input.begin(), input.end());
  const std::string_view sealed(value.data(), value.size());

  const ManualClock clock(kNowSeconds);
  const Sealer sealer(&FuzzRing(), &clock);
  const Lifetimes lifetimes{1440, 86400};
  StringSessionBuffer buffer;
  const OpenResult opened = sealer.Open(context, sealed, lifetimes, &buffer);
  const bool refresh = sealer.NeedsRefresh(opened, lifetimes);
  if (opened.status != OpenStatus::kOk) {
    if (refresh || opened.session_size != 0) std::abort();
    // The key id is the value's once its envelope was read: unknown to the ring
    // for kUnknownKey, a key of the ring for every failure after that.
    const bool key_found = FuzzRing().FindById(opened.key_id) != nullptr;
    switch (opened.status) {
      case OpenStatus::kUnknownKey:
        if (key_found) std::abort();
        break;
      case OpenStatus::kAuthenticationFailed:
      case OpenStatus::kMoved:
      case OpenStatus::kIdleExpired:
      case OpenStatus::kAbsoluteExpired:
      case OpenStatus::kRevoked:
      case OpenStatus::kFromTheFuture:
        if (!key_found) std::abort();
        break;
      default:
        break;
    }
    return 0;
  }
  if (buffer.bytes.size() != opened.session_size ||
      opened.session_size > sealedcookie::kDefaultMaxSessionSizeInBytes ||
      FuzzRing().FindById(opened.key_id) == nullptr) {
    std::abort();
  }
  CheckRoundTrip(sealer, context, lifetimes, opened, buffer.bytes);
  return 0;
}
