#include "sealedcookie/chunks.h"

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

size_t WriteChunkPrefix(size_t count, char* out) {
  const size_t digits = WriteDigits(count, out);
  out[digits] = '.';
  return digits + 1;
}

size_t WriteChunkSuffix(size_t index, char* out) {
  out[0] = '_';
  return 1 + WriteDigits(index, out + 1);
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
