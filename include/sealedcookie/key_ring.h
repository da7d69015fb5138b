// Keys and the key ring: parsing the `sealedcookie.keys` / `key_file` syntax,
// the key that seals (activation times), and lookup by key id for opening.
//
// Syntax of one entry: an optional label and a colon, then 32 bytes written as
// standard base64, base64url (padded or not) or 64 hex digits:
//     2026-11:q3v0...   or   3f1c...(64 hex)   or   k9ZQ...=
// An entry may go on with an activation time, after a space:
//     2026-12:q3v0... activate=2026-12-06T04:00:00Z   (or activate=<Unix seconds>)
// A key list is comma-separated (`keys`); a key file holds one entry a line;
// `#` starts a comment to the end of its line and blank lines are ignored.
//
// Every key opens. The key that seals is the first, in the order given, whose
// activation time has come (a key without one is always active): a key listed
// before it is not active yet here, and one listed after it is older. So one
// file with a new key first, activating a few minutes ahead, rotates a pool
// whose servers load it in any order (README, "Rotating keys").
//
// Error messages name the entry's position and what is wrong, never its text.
//
// Nothing here allocates through the C++ library: labels and messages are kept
// inline and the ring's array is malloc'd, so running out of memory is an
// ordinary result, with no exception to catch (the core builds without them).
#ifndef SEALEDCOOKIE_KEY_RING_H_
#define SEALEDCOOKIE_KEY_RING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sealedcookie {

constexpr size_t kKeySizeInBytes = 32;
constexpr size_t kKeyIdSizeInBytes = 4;
constexpr size_t kMaxLabelSizeInBytes = 32;
// Longest error message a parse gives.
constexpr size_t kMaxKeyParseMessageSizeInBytes = 160;
// Longest text GenerateKeyText writes: "label:" and 43 base64url characters.
constexpr size_t kMaxKeyTextSizeInBytes = kMaxLabelSizeInBytes + 1 + 43;

// Short text kept inline, NUL-terminated: no allocation, so nothing can fail.
// Appending past the capacity truncates.
template <size_t kCapacity>
class InlineText {
 public:
  InlineText() = default;
  explicit InlineText(std::string_view text) { Append(text); }

  void Clear() {
    size_ = 0;
    data_[0] = '\0';
  }
  void Append(std::string_view text) {
    const size_t n = text.size() < kCapacity - size_ ? text.size() : kCapacity - size_;
    for (size_t i = 0; i < n; ++i) data_[size_ + i] = text[i];
    size_ += n;
    data_[size_] = '\0';
  }
  void AppendNumber(size_t n) {
    char digits[20];
    size_t count = 0;
    do {
      digits[count++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n > 0);
    while (count > 0) Append(std::string_view(&digits[--count], 1));
  }

  const char* c_str() const { return data_; }
  std::string_view view() const { return {data_, size_}; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool operator==(std::string_view other) const { return view() == other; }
  bool operator!=(std::string_view other) const { return view() != other; }

 private:
  char data_[kCapacity + 1] = {};
  size_t size_ = 0;
};

using KeyLabel = InlineText<kMaxLabelSizeInBytes>;

// One 32-byte key. Move-only; the bytes are wiped when it is destroyed or moved
// from. There is deliberately no way to print it.
class Key {
 public:
  // Takes a copy of `bytes` (kKeySizeInBytes of them); the caller wipes its
  // own. A label longer than kMaxLabelSizeInBytes is cut there.
  Key(const uint8_t* bytes, std::string_view label);
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
  const KeyLabel& label() const { return label_; }
  // A second key derived from this one (BLAKE2b, domain separated), for the
  // binding hint a sealed value carries (sealer.h); never the AEAD key itself.
  const uint8_t* hint_key() const { return hint_key_.data(); }
  // Unix seconds from which the key seals; 0 when it always may.
  int64_t activate_at_seconds() const { return activate_at_seconds_; }
  void set_activate_at_seconds(int64_t seconds) { activate_at_seconds_ = seconds; }

 private:
  std::array<uint8_t, kKeySizeInBytes> bytes_;
  std::array<uint8_t, kKeySizeInBytes> hint_key_;
  uint32_t id_;
  int64_t activate_at_seconds_ = 0;
  KeyLabel label_;
};

// Parses an activation time: Unix seconds, or a UTC time written
// YYYY-MM-DDTHH:MM:SSZ. False for anything else.
[[nodiscard]] bool ParseActivationTime(std::string_view text, int64_t* seconds);

// Where parsing stopped: `position` is the 1-based entry (list) or line (file)
// number, or 0 when the list as a whole is wrong (no key at all); `message`
// says what is wrong without quoting the entry.
struct KeyParseError {
  size_t position = 0;
  InlineText<kMaxKeyParseMessageSizeInBytes> message;
};

class KeyRing {
 public:
  // Parses a comma-separated list. Returns false and fills `error` when the list
  // is empty or any entry is bad; `ring` is left empty then.
  [[nodiscard]] static bool ParseList(std::string_view text, KeyRing* ring, KeyParseError* error);
  // Parses the contents of a key file (one entry a line, `#` comments).
  [[nodiscard]] static bool ParseFile(std::string_view text, KeyRing* ring, KeyParseError* error);

  KeyRing() = default;
  ~KeyRing();
  KeyRing(KeyRing&& other) noexcept;
  KeyRing& operator=(KeyRing&& other) noexcept;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // The position of the key that seals at `now_seconds`: the first whose
  // activation time has come, or, when none has, the first (a configuration
  // with no key active yet still seals; ScKeysLoad warns). Only when !empty().
  size_t SealingIndex(int64_t now_seconds) const;
  const Key& SealingKey(int64_t now_seconds) const { return keys_[SealingIndex(now_seconds)]; }
  // The first key given. Only when !empty().
  const Key& front() const { return keys_[0]; }
  // The keys, in the order given.
  const Key* begin() const { return keys_; }
  const Key* end() const { return keys_ + size_; }
  // The key with this id, or nullptr. Ids are unique within a ring.
  [[nodiscard]] const Key* FindById(uint32_t id) const;
  // Wipes and drops every key.
  void Clear();
  // Appends a key (after the ones already there). Parse* check uniqueness;
  // Add does not. False only when memory ran out.
  [[nodiscard]] bool Add(Key key);

 private:
  Key* keys_ = nullptr;  // malloc'd room for capacity_ keys, the first size_ alive
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Writes a fresh random key in the accepted syntax (base64url, no padding),
// prefixed by `label:` when a label is given, into out (NUL-terminated) and
// its length into *length. Fails (returns false) for a label outside
// [A-Za-z0-9_-]{1,32}, or when out_size <= the text's length
// (kMaxKeyTextSizeInBytes + 1 is always enough).
[[nodiscard]] bool GenerateKeyText(std::string_view label, char* out, size_t out_size,
                                   size_t* length);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_KEY_RING_H_
