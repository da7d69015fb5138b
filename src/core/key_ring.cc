#include "sealedcookie/key_ring.h"

#include <sodium.h>

#include <cstring>

namespace sealedcookie {
namespace {

constexpr char kKeyIdContext[] = "sealedcookie key id v1";
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

void Fail(KeyParseError* error, size_t position, std::string message) {
  if (error == nullptr) return;
  error->position = position;
  error->message = std::move(message);
}

std::string Where(size_t position, bool in_file) {
  return (in_file ? "line " : "entry ") + std::to_string(position);
}

// Parses one trimmed, non-empty entry and appends it to `keys`.
bool AddEntry(std::string_view entry, size_t position, bool in_file, std::vector<Key>* keys,
              std::vector<size_t>* positions, KeyParseError* error) {
  std::string_view label;
  std::string_view text = entry;
  const size_t colon = entry.find(':');
  if (colon != std::string_view::npos) {
    label = Trim(entry.substr(0, colon));
    text = Trim(entry.substr(colon + 1));
    if (!IsValidLabel(label)) {
      Fail(error, position,
           Where(position, in_file) + ": the label must be 1 to 32 characters of A-Z a-z 0-9 _ -");
      return false;
    }
  }
  uint8_t decoded[kDecodeRoomInBytes];
  const size_t length = DecodeKeyText(text, decoded);
  if (length != kKeySizeInBytes) {
    sodium_memzero(decoded, sizeof decoded);
    Fail(error, position,
         length == 0 ? Where(position, in_file) +
                           ": not a key written as base64, base64url or 64 hex digits"
                     : Where(position, in_file) + ": the key is " + std::to_string(length) +
                           " bytes long; keys are 32 random bytes");
    return false;
  }
  Key key(decoded, std::string(label));
  sodium_memzero(decoded, sizeof decoded);
  for (size_t i = 0; i < keys->size(); ++i) {
    const Key& other = (*keys)[i];
    const std::string earlier = Where((*positions)[i], in_file);
    if (sodium_memcmp(other.bytes(), key.bytes(), kKeySizeInBytes) == 0) {
      Fail(error, position, Where(position, in_file) + ": the same key as " + earlier);
      return false;
    }
    if (other.id() == key.id()) {
      Fail(error, position,
           Where(position, in_file) + ": its key id collides with " + earlier +
               "; generate another key");
      return false;
    }
    if (!label.empty() && other.label() == label) {
      Fail(error, position, Where(position, in_file) + ": the same label as " + earlier);
      return false;
    }
  }
  keys->push_back(std::move(key));
  positions->push_back(position);
  return true;
}

bool Finish(std::vector<Key> keys, KeyRing* ring, KeyParseError* error, bool in_file) {
  if (keys.empty()) {
    Fail(error, 0, in_file ? "the key file holds no key" : "no key given");
    return false;
  }
  *ring = KeyRing();
  for (Key& key : keys) {
    if (!ring->Add(std::move(key))) {
      ring->Clear();
      Fail(error, 0, "out of memory");
      return false;
    }
  }
  return true;
}

}  // namespace

Key::Key(const uint8_t* bytes, std::string label) : label_(std::move(label)) {
  std::memcpy(bytes_.data(), bytes, kKeySizeInBytes);
  id_ = DeriveKeyId(bytes_.data());
}

Key::~Key() { sodium_memzero(bytes_.data(), bytes_.size()); }

Key::Key(Key&& other) noexcept
    : bytes_(other.bytes_), id_(other.id_), label_(std::move(other.label_)) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
}

Key& Key::operator=(Key&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    id_ = other.id_;
    label_ = std::move(other.label_);
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

namespace {

// Runs `parse`; an allocation failure inside it becomes an ordinary error, so
// nothing throws out of the core.
template <typename Parse>
bool WithoutExceptions(Parse parse, KeyRing* ring, KeyParseError* error) {
  try {
    return parse();
  } catch (...) {
    ring->Clear();
    if (error != nullptr) {
      error->position = 0;
      error->message.clear();  // no room to say more
    }
    return false;
  }
}

}  // namespace

bool KeyRing::ParseList(std::string_view text, KeyRing* ring, KeyParseError* error) {
  return WithoutExceptions([&] { return ParseListUnguarded(text, ring, error); }, ring, error);
}

bool KeyRing::ParseFile(std::string_view text, KeyRing* ring, KeyParseError* error) {
  return WithoutExceptions([&] { return ParseFileUnguarded(text, ring, error); }, ring, error);
}

bool KeyRing::ParseListUnguarded(std::string_view text, KeyRing* ring, KeyParseError* error) {
  ring->Clear();
  if (!EnsureSodium()) {
    Fail(error, 0, "libsodium failed to initialise");
    return false;
  }
  std::vector<Key> keys;
  std::vector<size_t> positions;
  if (Trim(text).empty()) return Finish(std::move(keys), ring, error, false);
  size_t position = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view entry = Trim(text.substr(start, comma - start));
    ++position;
    if (entry.empty()) {
      Fail(error, position, Where(position, false) + ": empty entry");
      return false;
    }
    if (!AddEntry(entry, position, false, &keys, &positions, error)) return false;
    start = comma + 1;
  }
  return Finish(std::move(keys), ring, error, false);
}

bool KeyRing::ParseFileUnguarded(std::string_view text, KeyRing* ring, KeyParseError* error) {
  ring->Clear();
  if (!EnsureSodium()) {
    Fail(error, 0, "libsodium failed to initialise");
    return false;
  }
  std::vector<Key> keys;
  std::vector<size_t> positions;
  size_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) newline = text.size();
    std::string_view line = text.substr(start, newline - start);
    ++line_number;
    start = newline + 1;
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    if (!AddEntry(line, line_number, true, &keys, &positions, error)) return false;
  }
  return Finish(std::move(keys), ring, error, true);
}

bool KeyRing::Add(Key key) {
  try {
    keys_.push_back(std::move(key));
    return true;
  } catch (...) {
    return false;
  }
}

const Key* KeyRing::FindById(uint32_t id) const {
  for (const Key& key : keys_) {
    if (key.id() == id) return &key;
  }
  return nullptr;
}

namespace {

bool GenerateKeyTextUnguarded(std::string_view label, std::string* out) {
  if (!label.empty() && !IsValidLabel(label)) return false;
  if (!EnsureSodium()) return false;
  uint8_t bytes[kKeySizeInBytes];
  randombytes_buf(bytes, sizeof bytes);
  char
      encoded[sodium_base64_ENCODED_LEN(kKeySizeInBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  out->clear();
  if (!label.empty()) {
    out->append(label);
    out->push_back(':');
  }
  out->append(encoded);
  sodium_memzero(encoded, sizeof encoded);
  return true;
}

}  // namespace

bool GenerateKeyText(std::string_view label, std::string* out) {
  try {
    return GenerateKeyTextUnguarded(label, out);
  } catch (...) {
    return false;
  }
}

}  // namespace sealedcookie
