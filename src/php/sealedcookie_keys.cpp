// The process-wide key ring: parsed once in MINIT (as root under FPM, so the
// key file may be root-only), read-only afterwards, wiped at MSHUTDOWN.
//
// Nothing here calls into Zend, so C++ objects are safe in these frames.
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <new>
#include <string_view>

#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"
#include "sealedcookie_internal.h"

namespace {

constexpr size_t kMaxKeyFileSizeInBytes = 1 << 20;

sealedcookie::KeyRing* g_ring = nullptr;
// Digest of the settings the ring was loaded from, to notice later changes.
uint8_t g_settings_digest[crypto_generichash_BYTES];
sealedcookie::Sealer* g_sealer = nullptr;
char g_error[512] = "sealedcookie has not been initialised";

// The core's message already names the entry ("entry 2: ..." / "line 3: ...").
void SetError(const char* setting, const sealedcookie::KeyParseError& error) {
  snprintf(g_error, sizeof(g_error), "%s: %s", setting, error.message.c_str());
}

// Reads the whole file into *text (sodium_malloc'd: guarded, and wiped by
// sodium_free) and its length into *size; on failure sets g_error (the path is
// not secret). No C++ allocation: the extension is built without exceptions.
bool ReadKeyFile(const char* path, char** text, size_t* size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  int problem = fd < 0 ? errno : 0;
  struct stat st;
  if (problem == 0 && fstat(fd, &st) != 0) problem = errno;
  if (problem == 0 && !S_ISREG(st.st_mode)) problem = EINVAL;
  if (problem == 0 && static_cast<size_t>(st.st_size) > kMaxKeyFileSizeInBytes) problem = EFBIG;
  const size_t capacity = problem == 0 ? static_cast<size_t>(st.st_size) : 0;
  *text = problem == 0 ? static_cast<char*>(sodium_malloc(capacity + 1)) : nullptr;
  if (problem == 0 && *text == nullptr) problem = ENOMEM;
  if (problem != 0) {
    if (fd >= 0) close(fd);
    snprintf(g_error, sizeof(g_error), "sealedcookie.key_file: cannot read \"%s\": %s", path,
             strerror(problem));
    return false;
  }
  size_t done = 0;
  while (done < capacity) {
    ssize_t n = read(fd, *text + done, capacity - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(fd);
  *size = done;
  return true;
}

// A digest of both settings (never the settings themselves).
void DigestSettings(const char* key_list, const char* key_file, uint8_t* out) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  for (const char* part : {key_list, key_file}) {
    if (part == nullptr) part = "";
    crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(part), strlen(part) + 1);
  }
  crypto_generichash_final(&state, out, crypto_generichash_BYTES);
}

bool Parse(const char* key_list, const char* key_file, sealedcookie::KeyRing* ring) {
  bool have_list = key_list != nullptr && *key_list != '\0';
  bool have_file = key_file != nullptr && *key_file != '\0';
  sealedcookie::KeyParseError error;
  if (have_list && have_file) {
    snprintf(g_error, sizeof(g_error),
             "set either sealedcookie.keys or sealedcookie.key_file, not both");
    return false;
  }
  if (have_list) {
    if (sealedcookie::KeyRing::ParseList(key_list, ring, &error)) return true;
    SetError("sealedcookie.keys", error);
    return false;
  }
  if (!have_file) {
    snprintf(g_error, sizeof(g_error),
             "no keys configured (set sealedcookie.key_file or sealedcookie.keys)");
    return false;
  }
  char* text = nullptr;
  size_t size = 0;
  bool ok = ReadKeyFile(key_file, &text, &size);
  if (ok && !(ok = sealedcookie::KeyRing::ParseFile(std::string_view(text, size), ring, &error))) {
    SetError("sealedcookie.key_file", error);
  }
  if (text != nullptr) sodium_free(text);
  return ok;
}

}  // namespace

bool ScKeysLoad(const char* key_list, const char* key_file) {
  ScKeysUnload();
  if (sodium_init() < 0) {
    snprintf(g_error, sizeof(g_error), "libsodium failed to initialise");
    return false;
  }
  DigestSettings(key_list, key_file, g_settings_digest);
  g_ring = new (std::nothrow) sealedcookie::KeyRing();
  if (g_ring == nullptr || !Parse(key_list, key_file, g_ring)) return false;
  g_sealer =
      new (std::nothrow) sealedcookie::Sealer(g_ring, &sealedcookie::SystemClock::Instance());
  if (g_sealer == nullptr) {
    snprintf(g_error, sizeof(g_error), "out of memory");
    return false;
  }
  g_error[0] = '\0';
  return true;
}

void ScKeysUnload() {
  delete g_sealer;
  g_sealer = nullptr;
  if (g_ring != nullptr) g_ring->Clear();
  delete g_ring;
  g_ring = nullptr;
  snprintf(g_error, sizeof(g_error), "sealedcookie is not initialised");
}

bool ScKeysSettingsUnchanged(const char* key_list, const char* key_file) {
  uint8_t now[crypto_generichash_BYTES];
  DigestSettings(key_list, key_file, now);
  return sodium_memcmp(now, g_settings_digest, sizeof(now)) == 0;
}

const sealedcookie::Sealer* ScSealer() { return g_sealer; }

const char* ScKeysError() { return g_sealer == nullptr ? g_error : nullptr; }

size_t ScKeyCount() { return g_sealer == nullptr ? 0 : g_ring->size(); }

const char* ScPrimaryKeyLabel() {
  return g_sealer == nullptr
             ? ""
             : g_ring->SealingKey(sealedcookie::SystemClock::Instance().NowSeconds())
                   .label()
                   .c_str();
}

size_t ScKeyIndexOf(uint32_t key_id) {
  if (g_sealer == nullptr) return SIZE_MAX;
  const sealedcookie::Key* key = g_ring->FindById(key_id);
  return key == nullptr ? SIZE_MAX : static_cast<size_t>(key - g_ring->begin());
}

const char* ScKeyLabelAt(size_t index) { return g_ring->begin()[index].label().c_str(); }

uint32_t ScKeyIdAt(size_t index) { return g_ring->begin()[index].id(); }

bool ScKeysNoneActive() {
  if (g_sealer == nullptr) return false;
  const int64_t now = sealedcookie::SystemClock::Instance().NowSeconds();
  for (const sealedcookie::Key& key : *g_ring) {
    if (key.activate_at_seconds() <= now) return false;
  }
  return true;
}
