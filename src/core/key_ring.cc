#include "sealedcookie/key_ring.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace sealedcookie {
namespace {

constexpr char kKeyIdContext[] = "sealedcookie key id v1";
constexpr char kHintKeyContext[] = "sealedcookie binding hint key v2";
// Generous room so an over-long key decodes far enough to report its length.
constexpr size_t kDecodeRoomInBytes = 96;

bool EnsureSodium() { return sodium_init() >= 0; }

uint32_t DeriveKeyId(const uint8_t* key) {
  // A keyed BLAKE2b of a constant: public, stable, and says nothing of the key.
  uint8_t digest[crypto_generichash_BYTES_MIN];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const uint8_t*>(kKeyIdContext),
                     sizeof kKeyIdContext - 1, key, kKeySizeInBytes);
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8) |
         digest[3];
}

void DeriveHintKey(const uint8_t* key, uint8_t* out) {
  crypto_generichash(out, kKeySizeInBytes, reinterpret_cast<const uint8_t*>(kHintKeyContext),
                     sizeof kHintKeyContext - 1, key, kKeySizeInBytes);
}

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r\n\v\f";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

bool IsValidLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelSizeInBytes) return false;
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!ok) return false;
  }
  return true;
}

// Decodes the key text into out (kDecodeRoomInBytes). Returns the decoded
// length, or 0 when the text is not hex, base64 or base64url.
size_t DecodeKeyText(std::string_view text, uint8_t* out) {
  // libsodium 1.0.18 decodes a byte >= 0x80 like the 64th alphabet character;
  // only printable ASCII may reach it.
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte > '~') return 0;
  }
  size_t length = 0;
  const char* end = nullptr;
  if (text.size() == 2 * kKeySizeInBytes && IsHex(text)) {
    if (sodium_hex2bin(out, kDecodeRoomInBytes, text.data(), text.size(), nullptr, &length, &end) ==
            0 &&
        end == text.data() + text.size()) {
      return length;
    }
    return 0;
  }
  static constexpr int kVariants[] = {
      sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING};
  for (int variant : kVariants) {
    if (sodium_base642bin(out, kDecodeRoomInBytes, text.data(), text.size(), nullptr, &length, &end,
                          variant) == 0 &&
        end == text.data() + text.size() && length > 0) {
      return length;
    }
  }
  return 0;
}

// Where an entry is: "entry 3" in a key list, "line 7" in a key file.
struct Where {
  size_t position;
  bool in_file;
};

using Message = InlineText<kMaxKeyParseMessageSizeInBytes>;

void AppendPiece(Message* message, std::string_view text) { message->Append(text); }
void AppendPiece(Message* message, size_t number) { message->AppendNumber(number); }
void AppendPiece(Message* message, Where where) {
  message->Append(where.in_file ? "line " : "entry ");
  message->AppendNumber(where.position);
}

// Sets the error: its position and the message made of `pieces`.
template <typename... Pieces>
void Fail(KeyParseError* error, size_t position, Pieces... pieces) {
  if (error == nullptr) return;
  error->position = position;
  error->message.Clear();
  (AppendPiece(&error->message, pieces), ...);
}

// The entries of a key list (comma-separated, every piece an entry, empty
// ones included) or a key file (one a line, blank lines and comments skipped),
// trimmed, with their positions.
class EntryReader {
 public:
  EntryReader(std::string_view text, bool in_file) : text_(text), in_file_(in_file) {}

  bool Next(std::string_view* entry, size_t* position) {
    while (!done_) {
      const size_t end = text_.find(in_file_ ? '\n' : ',', start_);
      std::string_view piece = text_.substr(start_, end - start_);
      done_ = end == std::string_view::npos || (in_file_ && end + 1 == text_.size());
      start_ = end + 1;
      ++position_;
      if (in_file_) piece = piece.substr(0, piece.find('#'));
      piece = Trim(piece);
      if (in_file_ && piece.empty()) continue;
      *entry = piece;
      *position = position_;
      return true;
    }
    return false;
  }

 private:
  std::string_view text_;
  bool in_file_;
  size_t start_ = 0;
  size_t position_ = 0;
  bool done_ = false;
};

// Where the `index`th entry (from 0) of the text is: for the messages that
// name an earlier key.
Where WhereIsEntry(std::string_view text, bool in_file, size_t index) {
  EntryReader reader(text, in_file);
  std::string_view entry;
  size_t position = 0;
  for (size_t i = 0; i <= index && reader.Next(&entry, &position); ++i) {
  }
  return {position, in_file};
}

// Fails when `key` repeats a key, an id or a label already in `keys`.
bool CheckUnique(const Key& key, const KeyRing& keys, std::string_view text, Where where,
                 KeyParseError* error) {
  for (const Key& other : keys) {
    std::string_view problem;
    std::string_view advice;
    if (sodium_memcmp(other.bytes(), key.bytes(), kKeySizeInBytes) == 0) {
      problem = ": the same key as ";
    } else if (other.id() == key.id()) {
      problem = ": its key id collides with ";
      advice = "; generate another key";
    } else if (!key.label().empty() && other.label() == key.label().view()) {
      problem = ": the same label as ";
    }
    if (problem.empty()) continue;
    // Only now: finding the earlier entry's position walks the text again.
    const size_t index = static_cast<size_t>(&other - keys.begin());
    Fail(error, where.position, where, problem, WhereIsEntry(text, where.in_file, index), advice);
    return false;
  }
  return true;
}

// Splits the entry's attributes (after the first space) off: only
// `activate=TIME` is known. False (error set) for anything else.
bool ReadAttributes(std::string_view* entry, Where where, int64_t* activate_at,
                    KeyParseError* error) {
  const size_t space = entry->find_first_of(" \t");
  if (space == std::string_view::npos) return true;
  std::string_view rest = Trim(entry->substr(space));
  *entry = entry->substr(0, space);
  constexpr std::string_view kActivate = "activate=";
  if (rest.substr(0, kActivate.size()) != kActivate) {
    Fail(error, where.position, where, ": after the key only activate=TIME may follow");
    return false;
  }
  if (!ParseActivationTime(rest.substr(kActivate.size()), activate_at)) {
    Fail(error, where.position, where,
         ": activate= takes Unix seconds or a UTC time as YYYY-MM-DDTHH:MM:SSZ");
    return false;
  }
  return true;
}

// Parses one trimmed, non-empty entry and appends it to `keys`.
bool AddEntry(std::string_view text, std::string_view entry, Where where, KeyRing* keys,
              KeyParseError* error) {
  int64_t activate_at = 0;
  if (!ReadAttributes(&entry, where, &activate_at, error)) return false;
  std::string_view label;
  std::string_view key_text = entry;
  const size_t colon = entry.find(':');
  if (colon != std::string_view::npos) {
    label = Trim(entry.substr(0, colon));
    key_text = Trim(entry.substr(colon + 1));
    if (!IsValidLabel(label)) {
      Fail(error, where.position, where,
           ": the label must be 1 to 32 characters of A-Z a-z 0-9 _ -");
      return false;
    }
  }
  uint8_t decoded[kDecodeRoomInBytes];
  const size_t length = DecodeKeyText(key_text, decoded);
  if (length != kKeySizeInBytes) {
    sodium_memzero(decoded, sizeof decoded);
    if (length == 0) {
      Fail(error, where.position, where,
           ": not a key written as base64, base64url or 64 hex digits");
    } else {
      Fail(error, where.position, where, ": the key is ", length,
           " bytes long; keys are 32 random bytes");
    }
    return false;
  }
  Key key(decoded, label);
  sodium_memzero(decoded, sizeof decoded);
  key.set_activate_at_seconds(activate_at);
  if (!CheckUnique(key, *keys, text, where, error)) return false;
  if (!keys->Add(std::move(key))) {
    Fail(error, 0, "out of memory");
    return false;
  }
  return true;
}

// Parses a key list or a key file into `ring`, which is left empty on failure.
bool Parse(std::string_view text, bool in_file, KeyRing* ring, KeyParseError* error) {
  ring->Clear();
  if (!EnsureSodium()) {
    Fail(error, 0, "libsodium failed to initialise");
    return false;
  }
  KeyRing keys;
  // An empty list is "no key given", not one empty entry.
  if (in_file || !Trim(text).empty()) {
    EntryReader reader(text, in_file);
    std::string_view entry;
    size_t position = 0;
    while (reader.Next(&entry, &position)) {
      const Where where{position, in_file};
      if (entry.empty()) {
        Fail(error, position, where, ": empty entry");
        return false;
      }
      if (!AddEntry(text, entry, where, &keys, error)) return false;
    }
  }
  if (keys.empty()) {
    Fail(error, 0, in_file ? "the key file holds no key" : "no key given");
    return false;
  }
  *ring = std::move(keys);
  return true;
}

}  // namespace

bool ParseActivationTime(std::string_view text, int64_t* seconds) {
  const auto digits = [&text](size_t at, size_t count, int64_t* value) {
    if (at + count > text.size()) return false;
    *value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      *value = *value * 10 + (text[i] - '0');
    }
    return true;
  };
  int64_t value = 0;
  if (!text.empty() && text.size() <= 12 && digits(0, text.size(), &value)) {
    *seconds = value;
    return true;
  }
  // YYYY-MM-DDTHH:MM:SSZ, checked field by field.
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z' || !digits(0, 4, &year) || !digits(5, 2, &month) ||
      !digits(8, 2, &day) || !digits(11, 2, &hour) || !digits(14, 2, &minute) ||
      !digits(17, 2, &second)) {
    return false;
  }
  static constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > kDaysIn[month - 1] + (month == 2 && leap ? 1 : 0) || hour > 23 || minute > 59 ||
      second > 59) {
    return false;
  }
  // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = y / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  const int64_t days = era * 146097 + day_of_era - 719468;
  *seconds = days * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

Key::Key(const uint8_t* bytes, std::string_view label) : label_(label) {
  std::memcpy(bytes_.data(), bytes, kKeySizeInBytes);
  id_ = DeriveKeyId(bytes_.data());
  DeriveHintKey(bytes_.data(), hint_key_.data());
}

Key::~Key() {
  sodium_memzero(bytes_.data(), bytes_.size());
  sodium_memzero(hint_key_.data(), hint_key_.size());
}

Key::Key(Key&& other) noexcept
    : bytes_(other.bytes_),
      hint_key_(other.hint_key_),
      id_(other.id_),
      activate_at_seconds_(other.activate_at_seconds_),
      label_(other.label_) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
  sodium_memzero(other.hint_key_.data(), other.hint_key_.size());
}

Key& Key::operator=(Key&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    hint_key_ = other.hint_key_;
    id_ = other.id_;
    activate_at_seconds_ = other.activate_at_seconds_;
    label_ = other.label_;
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
    sodium_memzero(other.hint_key_.data(), other.hint_key_.size());
  }
  return *this;
}

bool KeyRing::ParseList(std::string_view text, KeyRing* ring, KeyParseError* error) {
  return Parse(text, false, ring, error);
}

bool KeyRing::ParseFile(std::string_view text, KeyRing* ring, KeyParseError* error) {
  return Parse(text, true, ring, error);
}

KeyRing::~KeyRing() {
  Clear();
  std::free(keys_);
}

KeyRing::KeyRing(KeyRing&& other) noexcept
    : keys_(std::exchange(other.keys_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

KeyRing& KeyRing::operator=(KeyRing&& other) noexcept {
  if (this != &other) {
    Clear();
    std::free(keys_);
    keys_ = std::exchange(other.keys_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void KeyRing::Clear() {
  for (size_t i = 0; i < size_; ++i) keys_[i].~Key();  // wipes
  size_ = 0;
}

bool KeyRing::Add(Key key) {
  if (size_ == capacity_) {
    // A new array, the keys moved over (which wipes the old copies): never
    // realloc, which could leave key bytes behind in freed memory.
    const size_t capacity = capacity_ == 0 ? 4 : 2 * capacity_;
    if (capacity > SIZE_MAX / sizeof(Key)) return false;
    auto* keys = static_cast<Key*>(std::malloc(capacity * sizeof(Key)));
    if (keys == nullptr) return false;
    for (size_t i = 0; i < size_; ++i) {
      new (&keys[i]) Key(std::move(keys_[i]));
      keys_[i].~Key();
    }
    std::free(keys_);
    keys_ = keys;
    capacity_ = capacity;
  }
  new (&keys_[size_]) Key(std::move(key));
  ++size_;
  return true;
}

size_t KeyRing::SealingIndex(int64_t now_seconds) const {
  for (size_t i = 0; i < size_; ++i) {
    if (keys_[i].activate_at_seconds() <= now_seconds) return i;
  }
  return 0;
}

const Key* KeyRing::FindById(uint32_t id) const {
  for (const Key& key : *this) {
    if (key.id() == id) return &key;
  }
  return nullptr;
}

bool GenerateKeyText(std::string_view label, char* out, size_t out_size, size_t* length) {
  if (!label.empty() && !IsValidLabel(label)) return false;
  if (!EnsureSodium()) return false;
  constexpr size_t kEncodedSize =
      sodium_base64_ENCODED_LEN(kKeySizeInBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  const size_t prefix_size = label.empty() ? 0 : label.size() + 1;
  // kEncodedSize counts the NUL that ends the text.
  if (out_size < prefix_size + kEncodedSize) return false;
  if (!label.empty()) {
    std::memcpy(out, label.data(), label.size());
    out[label.size()] = ':';
  }
  uint8_t bytes[kKeySizeInBytes];
  randombytes_buf(bytes, sizeof bytes);
  sodium_bin2base64(out + prefix_size, kEncodedSize, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  *length = prefix_size + kEncodedSize - 1;
  return true;
}

}  // namespace sealedcookie
