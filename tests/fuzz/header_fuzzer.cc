// libFuzzer target: the wire grammar (chunk names, the request's chunks joined
// back, Set-Cookie lines and the next Cookie header estimate) on arbitrary
// bytes must never crash nor read out of bounds, and must keep its promises.
//
// Input: the request's Cookie header value, then '\0', then the response's
// header lines separated by '\n'. Data cookie "sc" unless the first byte is
// 0x01: then the first line's cookie name is the base.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sealedcookie/chunks.h"
#include "sealedcookie/cookie_header.h"

namespace {

using sealedcookie::ChunkIndexOf;
using sealedcookie::IncomingChunks;
using sealedcookie::kNotAChunk;
using sealedcookie::kNotJoinable;
using sealedcookie::SetCookie;

// More lines add nothing but quadratic time (last-wins scans).
constexpr size_t kMaxLines = 64;

void Check(bool ok) {
  if (!ok) std::abort();
}

// True when `part` lies inside `whole`.
bool Within(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void CheckChunkIndex(std::string_view base, std::string_view cookie) {
  const size_t index = ChunkIndexOf(base, cookie);
  if (index == kNotAChunk) return;
  Check(index < sealedcookie::kMaxChunks);
  std::string name(base);
  if (index > 0) name += sealedcookie::ChunkSuffixOf(index).view();
  Check(name == cookie);
}

void CheckLine(std::string_view line, std::string_view base) {
  SetCookie cookie;
  const bool parsed = sealedcookie::ParseSetCookie(line, &cookie);
  Check(!parsed || sealedcookie::IsSetCookieHeader(line));
  Check(sealedcookie::SetsDataCookie(line, base) ==
        (parsed && ChunkIndexOf(base, cookie.name) != kNotAChunk));
  if (!parsed) return;
  Check(Within(cookie.pair, line) && cookie.name.size() < cookie.pair.size());
  Check(cookie.pair.substr(0, cookie.name.size()) == cookie.name);
  Check(cookie.pair[cookie.name.size()] == '=');
  CheckChunkIndex(base, cookie.name);
}

// The estimate's promises: the quick answer is > budget exactly when the full
// one is, never below it, and exact when over; non-Set-Cookie lines count for nothing.
void CheckEstimate(std::string_view request, const std::vector<std::string_view>& lines) {
  const size_t full =
      sealedcookie::EstimateNextCookieHeader(request, lines.data(), lines.size(), 0);
  Check(full >= sizeof("Cookie: ") - 1);
  for (size_t budget : {size_t{0}, full - 1, full, full + 1, full / 2, request.size(), SIZE_MAX}) {
    const size_t quick =
        sealedcookie::EstimateNextCookieHeader(request, lines.data(), lines.size(), budget);
    Check((quick > budget) == (full > budget) && quick >= full);
    Check(quick <= budget || quick == full);
  }
  std::vector<std::string_view> more = lines;
  more.push_back("X-Other: a=b");
  Check(sealedcookie::EstimateNextCookieHeader(request, more.data(), more.size(), 0) == full);
  Check(sealedcookie::CountCookies(request) <= request.size());
}

// The request's cookies as "name=value" pairs gathered for `base`; some marked
// non-strings (PHP array cookies) by the parity of their length.
void CheckJoin(std::string_view request, std::string_view base) {
  IncomingChunks chunks;
  std::string_view rest = request;
  while (!rest.empty()) {
    const size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos) {
      const std::string_view name = pair.substr(0, equals);
      CheckChunkIndex(base, name);
      (void)sealedcookie::CookieWireSize(request, name);
      (void)chunks.Add(base, name, pair.substr(equals + 1), pair.size() % 7 != 0);
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  Check((chunks.unusable & ~chunks.present) == 0);
  const size_t size = sealedcookie::JoinedSize(chunks);
  if (size == kNotJoinable) return;
  size_t count = 0;
  std::string_view part;
  Check(sealedcookie::ParseFirstChunk(chunks.values[0], &count, &part));
  std::string expected(part);
  for (size_t i = 1; i < count; ++i) expected += chunks.values[i];
  Check(expected.size() == size);
  // Exactly `size` bytes, so ASan catches a write past the end.
  std::vector<char> joined(size);
  sealedcookie::JoinInto(chunks, joined.data());
  Check(std::string_view(joined.data(), joined.size()) == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool own_base = !input.empty() && input[0] == '\x01';
  if (own_base) input.remove_prefix(1);
  const size_t split = input.find('\0');
  // An exact copy of each part, so reads past its end are caught by ASan.
  const std::string request_copy(input.substr(0, split));
  const std::vector<char> request_bytes(request_copy.begin(), request_copy.end());
  const std::string_view request(request_bytes.data(), request_bytes.size());
  std::vector<std::vector<char>> line_bytes;
  if (split != std::string_view::npos) {
    std::string_view rest = input.substr(split + 1);
    while (line_bytes.size() < kMaxLines) {
      const size_t end = rest.find('\n');
      const std::string_view line = rest.substr(0, end);
      line_bytes.emplace_back(line.begin(), line.end());
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  std::vector<std::string_view> lines;
  for (const std::vector<char>& line : line_bytes) lines.emplace_back(line.data(), line.size());

  std::string_view base = "sc";
  SetCookie first;
  if (own_base && !lines.empty() && sealedcookie::ParseSetCookie(lines[0], &first)) {
    base = first.name;
  }
  for (std::string_view line : lines) CheckLine(line, base);
  CheckEstimate(request, lines);
  CheckJoin(request, base);
  return 0;
}
