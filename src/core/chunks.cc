#include "sealedcookie/chunks.h"

#include <algorithm>

namespace sealedcookie {
namespace {

size_t Digits(size_t n) {
  size_t digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

// Writes n (below 100, as every chunk count and index is) in decimal.
size_t WriteDigits(size_t n, char* out) {
  if (n < 10) {
    out[0] = static_cast<char>('0' + n);
    return 1;
  }
  out[0] = static_cast<char>('0' + n / 10 % 10);
  out[1] = static_cast<char>('0' + n % 10);
  return 2;
}

size_t NameSize(size_t name_size, size_t index) {
  return index == 0 ? name_size : name_size + 1 + Digits(index);
}

size_t PrefixSize(size_t count) { return count == 1 ? 0 : Digits(count) + 1; }

// Characters of the sealed value chunk `index` can hold.
size_t Capacity(size_t name_size, size_t count, size_t index) {
  const size_t fixed = NameSize(name_size, index) + 1 + (index == 0 ? PrefixSize(count) : 0);
  return fixed >= kMaxCookieWireSizeInBytes ? 0 : kMaxCookieWireSizeInBytes - fixed;
}

// What `count` cookies hold together: their capacity for the sealed value and
// the wire bytes of their names and '=' signs.
void Totals(size_t name_size, size_t count, size_t* capacity, size_t* names) {
  *capacity = 0;
  *names = 0;
  for (size_t i = 0; i < count; ++i) {
    *capacity += Capacity(name_size, count, i);
    *names += NameSize(name_size, i) + 1;
  }
}

// Chunk `index` of a planned value: its share of the sealed value as
// [*offset, *offset + *length), and in *prefix_size the length of the
// "<count>." prefix its cookie value starts with (chunk 0 of a split value).
void ChunkSpan(const ChunkLayout& layout, size_t name_size, size_t sealed_size, size_t index,
               size_t* offset, size_t* length, size_t* prefix_size) {
  size_t start = 0;
  for (size_t i = 0; i < index && start < sealed_size; ++i) {
    start += Capacity(name_size, layout.count, i);
  }
  if (start > sealed_size) start = sealed_size;
  const size_t capacity = Capacity(name_size, layout.count, index);
  *offset = start;
  *length = sealed_size - start < capacity ? sealed_size - start : capacity;
  *prefix_size = index == 0 ? PrefixSize(layout.count) : 0;
}

// "<count>." for a split value's first cookie (out: at least 3 bytes).
size_t WriteChunkPrefix(size_t count, char* out) {
  const size_t digits = WriteDigits(count, out);
  out[digits] = '.';
  return digits + 1;
}

// "_<index>" for chunk `index` >= 1 (out: at least 3 bytes).
size_t WriteChunkSuffix(size_t index, char* out) {
  out[0] = '_';
  return 1 + WriteDigits(index, out + 1);
}

}  // namespace

ChunkLayout PlanChunks(size_t name_size, size_t sealed_size, size_t max_wire_size) {
  for (size_t count = 1; count <= kMaxChunks; ++count) {
    size_t capacity = 0;
    size_t names = 0;
    Totals(name_size, count, &capacity, &names);
    if (capacity < sealed_size) continue;
    // The fewest cookies that hold it; more would only cost more names.
    const size_t wire_size = names + PrefixSize(count) + sealed_size;
    if (wire_size > max_wire_size) return {};
    return {count, wire_size};
  }
  return {};
}

size_t MaxSealedSizeForWire(size_t name_size, size_t max_wire_size) {
  // PlanChunks uses `count` cookies for sealed sizes in (capacity(count - 1),
  // capacity(count)], and the wire size grows with the count, so walk the
  // counts until the budget runs out: no search over sizes.
  size_t best = 0;
  size_t previous_capacity = 0;
  for (size_t count = 1; count <= kMaxChunks; ++count) {
    size_t capacity = 0;
    size_t names = 0;
    Totals(name_size, count, &capacity, &names);
    const size_t overhead = names + PrefixSize(count);
    if (overhead > max_wire_size) break;
    const size_t most = capacity < max_wire_size - overhead ? capacity : max_wire_size - overhead;
    if (count > 1 && most <= previous_capacity) break;
    best = most;
    previous_capacity = capacity;
  }
  return best;
}

bool ParseFirstChunk(std::string_view value, size_t* count, std::string_view* part) {
  const size_t dot = value.find('.');
  if (dot == std::string_view::npos) {
    *count = 1;
    *part = value;
    return true;
  }
  if (dot == 0 || dot > 2 || value[0] == '0') return false;
  size_t n = 0;
  for (size_t i = 0; i < dot; ++i) {
    if (value[i] < '0' || value[i] > '9') return false;
    n = n * 10 + static_cast<size_t>(value[i] - '0');
  }
  if (n < 2 || n > kMaxChunks) return false;
  *count = n;
  *part = value.substr(dot + 1);
  return true;
}

size_t ChunkIndexOf(std::string_view base, std::string_view cookie) {
  if (base.empty() || cookie.size() < base.size() || cookie.compare(0, base.size(), base) != 0) {
    return kNotAChunk;
  }
  const std::string_view suffix = cookie.substr(base.size());
  if (suffix.empty()) return 0;
  // "_<i>": one or two digits, the first not '0'.
  if (suffix.size() < 2 || suffix.size() > 3 || suffix[0] != '_' || suffix[1] == '0') {
    return kNotAChunk;
  }
  size_t index = 0;
  for (const char c : suffix.substr(1)) {
    if (c < '0' || c > '9') return kNotAChunk;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index < kMaxChunks ? index : kNotAChunk;
}

ChunkSuffix ChunkSuffixOf(size_t index) {
  ChunkSuffix suffix;
  suffix.size = WriteChunkSuffix(index, suffix.storage);
  return suffix;
}

ChunkValue ChunkValueAt(const ChunkLayout& layout, size_t name_size, std::string_view sealed,
                        size_t index) {
  ChunkValue value;
  size_t offset = 0;
  size_t length = 0;
  size_t prefix_size = 0;
  ChunkSpan(layout, name_size, sealed.size(), index, &offset, &length, &prefix_size);
  if (prefix_size > 0) value.prefix_size = WriteChunkPrefix(layout.count, value.prefix_storage);
  value.part = sealed.substr(offset, length);
  return value;
}

size_t IncomingChunks::Add(std::string_view base, std::string_view cookie, std::string_view value,
                           bool is_string) {
  const size_t index = ChunkIndexOf(base, cookie);
  if (index == kNotAChunk) return kNotAChunk;
  const uint32_t bit = uint32_t{1} << index;
  present |= bit;
  if (is_string) {
    unusable &= ~bit;
    values[index] = value;
  } else {
    unusable |= bit;
    values[index] = {};
  }
  return index;
}

size_t JoinedSize(const IncomingChunks& chunks) {
  if ((chunks.present & 1u) == 0 || (chunks.unusable & 1u) != 0) return kNotJoinable;
  size_t count = 0;
  std::string_view part;
  if (!ParseFirstChunk(chunks.values[0], &count, &part)) return kNotJoinable;
  // Exactly chunks 0 .. count-1, every one a string.
  const uint32_t expected = count >= 32 ? UINT32_MAX : (uint32_t{1} << count) - 1;
  if (chunks.present != expected || chunks.unusable != 0) return kNotJoinable;
  size_t size = part.size();
  for (size_t i = 1; i < count; ++i) size += chunks.values[i].size();
  return size;
}

void JoinInto(const IncomingChunks& chunks, char* out) {
  size_t count = 0;
  std::string_view part;
  if (!ParseFirstChunk(chunks.values[0], &count, &part)) return;
  out = std::copy(part.begin(), part.end(), out);
  for (size_t i = 1; i < count; ++i) {
    out = std::copy(chunks.values[i].begin(), chunks.values[i].end(), out);
  }
}

size_t NextCookieHeaderSize(size_t current_size, size_t current_count, size_t removed_wire_size,
                            size_t removed_count, size_t added_wire_size, size_t added_count) {
  if (removed_count > current_count) removed_count = current_count;
  const size_t separators = current_count > 0 ? 2 * (current_count - 1) : 0;
  const size_t current_wire = current_size > separators ? current_size - separators : 0;
  const size_t kept_wire = current_wire > removed_wire_size ? current_wire - removed_wire_size : 0;
  const size_t count = current_count - removed_count + added_count;
  if (count == 0) return 0;
  return kept_wire + added_wire_size + 2 * (count - 1);
}

}  // namespace sealedcookie
