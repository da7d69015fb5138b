// Splitting a sealed value over several cookies, joining the request's chunks
// back, the grammar of chunk names, and the size arithmetic of the Cookie
// request header.
//
// Browsers keep at most 4096 bytes of name, '=' and value per cookie, so a
// longer sealed value is spread over numbered cookies:
//   NAME=<count>.<part 0>   NAME_1=<part 1>   ...   NAME_<count-1>=<part count-1>
// A value that fits one cookie is sent as NAME=<sealed value>, with no prefix.
// Names use '_' and digits only ('.' and ' ' are mangled by PHP in $_COOKIE).
// The parts are not authenticated one by one: the AEAD over the joined value
// fails when a chunk is missing, swapped, reordered or from another session.
#ifndef SEALEDCOOKIE_CHUNKS_H_
#define SEALEDCOOKIE_CHUNKS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sealedcookie {

// Name, '=' and value of one cookie, the most every browser keeps.
constexpr size_t kMaxCookieWireSizeInBytes = 4096;
// Most chunks a value may use, and so most a reader ever looks for.
constexpr size_t kMaxChunks = 32;
static_assert(kMaxChunks <= 32, "a uint32_t holds one bit per chunk (IncomingChunks)");

struct ChunkLayout {
  size_t count = 0;      // 0 when the value does not fit
  size_t wire_size = 0;  // every cookie's name + '=' + value, summed
};

// Plans the cookies for a sealed value of `sealed_size` characters under a base
// name of `name_size` bytes, so that each cookie stays within
// kMaxCookieWireSizeInBytes and all of them together within `max_wire_size`.
[[nodiscard]] ChunkLayout PlanChunks(size_t name_size, size_t sealed_size, size_t max_wire_size);

// The largest sealed value PlanChunks accepts for this name and budget.
[[nodiscard]] size_t MaxSealedSizeForWire(size_t name_size, size_t max_wire_size);

// Reads the first cookie's value: a plain sealed value (count 1) or
// "<count>.<part>" with 2 <= count <= kMaxChunks and no leading zero.
// Returns false for anything else.
[[nodiscard]] bool ParseFirstChunk(std::string_view value, size_t* count, std::string_view* part);

// --- Names -------------------------------------------------------------------

constexpr size_t kNotAChunk = SIZE_MAX;

// Index of cookie `cookie` among the cookies of data cookie `base`: 0 for
// `base` itself, i for "<base>_<i>" (1 <= i < kMaxChunks, decimal, no leading
// zero); kNotAChunk for anything else, and for every cookie when `base` is
// empty (no data cookie has an empty name). The one parser of chunk names.
[[nodiscard]] size_t ChunkIndexOf(std::string_view base, std::string_view cookie);

// The cookie name suffix of chunk `index` >= 1 ("_<index>"), as a value.
struct ChunkSuffix {
  char storage[4];
  size_t size = 0;
  std::string_view view() const { return {storage, size}; }
};
[[nodiscard]] ChunkSuffix ChunkSuffixOf(size_t index);

// --- Writing: one sealed value into cookie values ----------------------------

// The value of chunk `index` of a sealed value split by `layout` (from
// PlanChunks for this `name_size` and `sealed.size()`): its "<count>." prefix
// (chunk 0 of a split value only; empty otherwise) and its part of `sealed`.
// The cookie's value is prefix() followed by part.
struct ChunkValue {
  char prefix_storage[4];
  size_t prefix_size = 0;
  std::string_view part;
  std::string_view prefix() const { return {prefix_storage, prefix_size}; }
};
[[nodiscard]] ChunkValue ChunkValueAt(const ChunkLayout& layout, size_t name_size,
                                      std::string_view sealed, size_t index);

// --- Reading: the request's cookies back into one sealed value ---------------

// What a request carried of one data cookie, gathered in one pass over its
// cookies. The views point into the caller's cookie values.
struct IncomingChunks {
  std::string_view values[kMaxChunks];  // values[i]: cookie <base>_<i> (values[0]: <base>)
  uint32_t present = 0;                 // bit i: cookie i came in (string or not)
  uint32_t unusable = 0;                // bit i: it came in but is not a string (PHP array cookie)

  // Records cookie `cookie` = `value` if it belongs to `base`; returns its
  // index, or kNotAChunk (and records nothing) when it does not.
  size_t Add(std::string_view base, std::string_view cookie, std::string_view value,
             bool is_string = true);
};

constexpr size_t kNotJoinable = SIZE_MAX;

// Length of the sealed value the chunks join into, or kNotJoinable when the
// set is malformed: no cookie 0, cookie 0 unusable, a bad "<count>." prefix
// (ParseFirstChunk), a chunk below the count missing or unusable, or any chunk
// at or above the count present (a stale chunk the browser kept is refused
// rather than guessed about; the AEAD would catch a wrong join anyway).
[[nodiscard]] size_t JoinedSize(const IncomingChunks& chunks);

// Writes the joined value (JoinedSize(chunks) bytes, not NUL-terminated) into
// `out`. Only after JoinedSize succeeded.
void JoinInto(const IncomingChunks& chunks, char* out);

// --- The next request's Cookie header ----------------------------------------

// Size of the next request's Cookie header value after this response: the
// current header (`current_size` bytes, 0 when none) without `removed_count`
// cookies of `removed_wire_size` bytes, plus `added_count` cookies of
// `added_wire_size` bytes, with "; " between cookies.
[[nodiscard]] size_t NextCookieHeaderSize(size_t current_size, size_t current_count,
                                          size_t removed_wire_size, size_t removed_count,
                                          size_t added_wire_size, size_t added_count);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_CHUNKS_H_
