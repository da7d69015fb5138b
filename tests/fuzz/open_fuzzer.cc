// libFuzzer target: Sealer::Open on arbitrary input must never crash, and what
// it accepts must re-seal and re-open to the same bytes.
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

// The session bytes of an opened value: copied out, or inflated. False when an
// authentic compressed payload does not inflate (only a buggy sealer makes one).
bool SessionOf(const OpenResult& opened, const std::vector<uint8_t>& buffer, std::string* session) {
  if (opened.session_offset > buffer.size()) std::abort();
  const size_t stored = opened.compressed ? opened.compressed_size : opened.session_size;
  if (stored > buffer.size() - opened.session_offset) std::abort();
  if (!opened.compressed) {
    session->assign(reinterpret_cast<const char*>(buffer.data()) + opened.session_offset, stored);
    return true;
  }
  if (opened.session_size > sealedcookie::kDefaultMaxInflatedSizeInBytes) std::abort();
  std::vector<uint8_t> inflated(opened.session_size + 1);
  if (!Sealer::Inflate(opened, buffer.data(), inflated.data(), opened.session_size)) return false;
  session->assign(reinterpret_cast<const char*>(inflated.data()), opened.session_size);
  return true;
}

// Re-seals what was opened, with and without compression; both must re-open to
// the same bytes and times.
void CheckRoundTrip(const Sealer& sealer, const SealContext& context, const Lifetimes& lifetimes,
                    const OpenResult& opened, const std::string& session) {
  for (bool compress : {false, true}) {
    sealedcookie::SealOptions options;
    options.created_at_seconds = opened.created_at_seconds;
    options.compress = compress;
    std::string resealed(SealedSize(session.size()), '\0');
    size_t written = 0;
    if (sealer.Seal(context, session, options, resealed.data(), resealed.size(), &written) !=
            SealError::kNone ||
        written > resealed.size() || (!compress && written != resealed.size())) {
      std::abort();
    }
    resealed.resize(written);
    std::vector<uint8_t> again(Sealer::OpenBufferSize(resealed.size()));
    const OpenResult reopened =
        sealer.Open(context, resealed, lifetimes, again.data(), again.size());
    std::string session_again;
    if (reopened.status != OpenStatus::kOk || reopened.opened_with_secondary_key ||
        reopened.created_at_seconds != opened.created_at_seconds ||
        (!compress && reopened.compressed) || !SessionOf(reopened, again, &session_again) ||
        session_again != session) {
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
  std::vector<uint8_t> buffer(Sealer::OpenBufferSize(sealed.size()));
  const OpenResult opened = sealer.Open(context, sealed, lifetimes, buffer.data(), buffer.size());
  if (sealedcookie::OpenStatusName(opened.status) == nullptr) std::abort();
  const bool refresh = sealer.NeedsRefresh(opened, lifetimes);
  if (opened.status != OpenStatus::kOk) {
    if (refresh) std::abort();
    return 0;
  }
  std::string session;
  if (!SessionOf(opened, buffer, &session)) return 0;
  CheckRoundTrip(sealer, context, lifetimes, opened, session);
  return 0;
}
