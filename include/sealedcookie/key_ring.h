// Keys and the key ring: parsing the `sealedcookie.keys` / `key_file` syntax,
// the primary key that seals, and lookup by key id for opening.
//
// Syntax of one entry: an optional label and a colon, then 32 bytes written as
// standard base64, base64url (padded or not) or 64 hex digits:
//     2026-11:q3v0...   or   3f1c...(64 hex)   or   k9ZQ...=
// A key list is comma-separated (`keys`); a key file holds one entry a line;
// `#` starts a comment to the end of its line and blank lines are ignored.
// The first key is the primary.
//
// Error messages name the entry's position and what is wrong, never its text.
#ifndef SEALEDCOOKIE_KEY_RING_H_
#define SEALEDCOOKIE_KEY_RING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sealedcookie {

constexpr size_t kKeySizeInBytes = 32;
constexpr size_t kKeyIdSizeInBytes = 4;
constexpr size_t kMaxLabelSizeInBytes = 32;

// One 32-byte key. Move-only; the bytes are wiped when it is destroyed or moved
// from. There is deliberately no way to print it.
class Key {
 public:
  // Takes a copy of `bytes` (kKeySizeInBytes of them); the caller wipes its own.
  Key(const uint8_t* bytes, std::string label);
  ~Key();
  Key(Key&& other) noexcept;
  Key& operator=(Key&& other) noexcept;
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;

  const uint8_t* bytes() const { return bytes_.data(); }
  // Public identifier derived from the key (BLAKE2b, domain separated), carried
  // in every sealed value so open can pick the key without trial decryption.
  uint32_t id() const { return id_; }
  // The label given in the configuration, or "" when there was none.
  const std::string& label() const { return label_; }

 private:
  std::array<uint8_t, kKeySizeInBytes> bytes_;
  uint32_t id_;
  std::string label_;
};

// Where parsing stopped: `position` is the 1-based entry (list) or line (file)
// number, or 0 when the list as a whole is wrong (no key at all); `message`
// says what is wrong without quoting the entry.
struct KeyParseError {
  size_t position = 0;
  std::string message;
};

class KeyRing {
 public:
  // Parses a comma-separated list. Returns false and fills `error` when the list
  // is empty or any entry is bad; `ring` is left empty then.
  static bool ParseList(std::string_view text, KeyRing* ring, KeyParseError* error);
  // Parses the contents of a key file (one entry a line, `#` comments).
  static bool ParseFile(std::string_view text, KeyRing* ring, KeyParseError* error);

  KeyRing() = default;
  KeyRing(KeyRing&&) noexcept = default;
  KeyRing& operator=(KeyRing&&) noexcept = default;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  bool empty() const { return keys_.empty(); }
  size_t size() const { return keys_.size(); }
  // The sealing key. Only valid when !empty().
  const Key& primary() const { return keys_.front(); }
  // The key with this id, or nullptr. Ids are unique within a ring.
  const Key* FindById(uint32_t id) const;
  // Wipes and drops every key.
  void Clear() { keys_.clear(); }
  // Appends a key (the first added is the primary). Parse* check uniqueness;
  // Add does not. False only when memory ran out.
  bool Add(Key key);

 private:
  static bool ParseListUnguarded(std::string_view text, KeyRing* ring, KeyParseError* error);
  static bool ParseFileUnguarded(std::string_view text, KeyRing* ring, KeyParseError* error);

  std::vector<Key> keys_;
};

// Writes a fresh random key in the accepted syntax (base64url, no padding),
// prefixed by `label:` when a label is given. Fails (returns false) only for a
// label outside [A-Za-z0-9_-]{1,32}.
bool GenerateKeyText(std::string_view label, std::string* out);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_KEY_RING_H_
