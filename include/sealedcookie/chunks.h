// Splitting a sealed value over several cookies, and the size arithmetic of
// the Cookie request header.
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
#include <string_view>

namespace sealedcookie {

// Name, '=' and value of one cookie, the most every browser keeps.
constexpr size_t kMaxCookieWireSizeInBytes = 4096;
// Most chunks a value may use, and so most a reader ever looks for.
constexpr size_t kMaxChunks = 32;

struct ChunkLayout {
  size_t count = 0;      // 0 when the value does not fit
  size_t wire_size = 0;  // every cookie's name + '=' + value, summed
};

// Plans the cookies for a sealed value of `sealed_size` characters under a base
// name of `name_size` bytes, so that each cookie stays within
// kMaxCookieWireSizeInBytes and all of them together within `max_wire_size`.
ChunkLayout PlanChunks(size_t name_size, size_t sealed_size, size_t max_wire_size);

// The largest sealed value PlanChunks accepts for this name and budget.
size_t MaxSealedSizeForWire(size_t name_size, size_t max_wire_size);

// Chunk `index` of a planned value: its share of the sealed value as
// [*offset, *offset + *length), and in *prefix_size the length of the
// "<count>." prefix its cookie value starts with (only chunk 0 of a split value).
void ChunkSpan(const ChunkLayout& layout, size_t name_size, size_t sealed_size, size_t index,
               size_t* offset, size_t* length, size_t* prefix_size);

// Writes "<count>." for a split value's first cookie into out (at least 3
// bytes, not NUL-terminated); returns its length.
size_t WriteChunkPrefix(size_t count, char* out);

// Writes the name suffix of chunk `index` (>= 1), "_<index>", into out (at
// least 3 bytes, not NUL-terminated); returns its length.
size_t WriteChunkSuffix(size_t index, char* out);

// Reads the first cookie's value: a plain sealed value (count 1) or
// "<count>.<part>" with 2 <= count <= kMaxChunks and no leading zero.
// Returns false for anything else.
bool ParseFirstChunk(std::string_view value, size_t* count, std::string_view* part);

// Size of the next request's Cookie header value after this response: the
// current header (`current_size` bytes, 0 when none) without `removed_count`
// cookies of `removed_wire_size` bytes, plus `added_count` cookies of
// `added_wire_size` bytes, with "; " between cookies.
size_t NextCookieHeaderSize(size_t current_size, size_t current_count, size_t removed_wire_size,
                            size_t removed_count, size_t added_wire_size, size_t added_count);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_CHUNKS_H_
