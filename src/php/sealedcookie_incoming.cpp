// The request's data cookie: its name, its cookies gathered from $_COOKIE in
// one pass, joined (include/sealedcookie/chunks.h) and opened once per cookie
// name into SCG(request).incoming.
//
// Nothing here fails a request: no cookie, a malformed set of chunks, or a
// value that does not open (tampered, unknown key, moved, expired) leaves an
// empty session and a status for sealedcookie_status().
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "ext/session/php_session.h"
}
// clang-format on

#include <cstring>
#include <string_view>

#include "php_sealedcookie.h"
#include "sealedcookie/chunks.h"
#include "sealedcookie/sealer.h"
#include "sealedcookie_internal.h"

namespace {

using sealedcookie::IncomingChunks;
using sealedcookie::OpenResult;
using sealedcookie::OpenStatus;

// The session is opened straight into the zend_string that then holds it. It
// only grows (Open shrinks it to the session at the end): no copy on shrinking.
class ZendStringBuffer final : public sealedcookie::SessionBuffer {
 public:
  ZendStringBuffer() = default;
  ZendStringBuffer(const ZendStringBuffer&) = delete;
  ZendStringBuffer& operator=(const ZendStringBuffer&) = delete;
  ~ZendStringBuffer() {
    if (string_ != nullptr) zend_string_efree(string_);
  }

  uint8_t* Resize(size_t size) override {
    if (string_ == nullptr) {
      string_ = zend_string_alloc(size, 0);
      capacity_ = size;
    } else if (size > capacity_) {
      string_ = zend_string_realloc(string_, size, 0);
      capacity_ = size;
    }
    return reinterpret_cast<uint8_t*>(ZSTR_VAL(string_));
  }

  // The first `size` bytes as a string the caller owns.
  zend_string* Take(size_t size) {
    zend_string* taken = string_ != nullptr ? string_ : zend_string_alloc(0, 0);
    string_ = nullptr;
    ZSTR_LEN(taken) = size;
    ZSTR_VAL(taken)[size] = '\0';
    return taken;
  }

 private:
  zend_string* string_ = nullptr;
  size_t capacity_ = 0;
};

int StatusOf(const OpenResult& opened) {
  switch (opened.status) {
    case OpenStatus::kOk:
      return opened.opened_with_secondary_key ? SC_STATUS_RESEALED : SC_STATUS_VALID;
    case OpenStatus::kIdleExpired:
    case OpenStatus::kAbsoluteExpired:
      return SC_STATUS_EXPIRED;
    case OpenStatus::kRevoked:
      return SC_STATUS_REVOKED;
    case OpenStatus::kFromTheFuture:  // a time no lifetime would ever pass
      return SC_STATUS_INVALID;
    default:
      return SC_STATUS_INVALID;
  }
}

int ReasonOf(OpenStatus status) {
  switch (status) {
    case OpenStatus::kOk:
      return SC_REASON_NONE;
    case OpenStatus::kMalformed:
      return SC_REASON_MALFORMED;
    case OpenStatus::kUnsupportedVersion:
      return SC_REASON_UNSUPPORTED_VERSION;
    case OpenStatus::kUnknownKey:
      return SC_REASON_UNKNOWN_KEY;
    case OpenStatus::kAuthenticationFailed:
      return SC_REASON_TAMPERED;
    case OpenStatus::kMoved:
      return SC_REASON_MOVED;
    case OpenStatus::kIdleExpired:
      return SC_REASON_IDLE_EXPIRED;
    case OpenStatus::kAbsoluteExpired:
      return SC_REASON_ABSOLUTE_EXPIRED;
    case OpenStatus::kRevoked:
      return SC_REASON_REVOKED;
    case OpenStatus::kFromTheFuture:
      return SC_REASON_FROM_THE_FUTURE;
    case OpenStatus::kOutOfMemory:
      return SC_REASON_OUT_OF_MEMORY;
  }
  return SC_REASON_MALFORMED;
}

// The request's cookies of data cookie `name_size` bytes long: how many, and
// their name=value bytes as the browser stores them.
void MeasureChunks(const IncomingChunks& chunks, size_t name_size, sc_incoming* incoming) {
  for (size_t i = 0; i < sealedcookie::kMaxChunks; ++i) {
    if ((chunks.present & (1u << i)) == 0) continue;
    ++incoming->chunks;
    const size_t suffix_size = i == 0 ? 0 : sealedcookie::ChunkSuffixOf(i).view().size();
    incoming->wire_bytes += name_size + suffix_size + 1 + chunks.values[i].size();
  }
}

// The request's cookies of data cookie `name`, in one pass over $_COOKIE.
IncomingChunks Gather(const zend_string* name) {
  IncomingChunks chunks;
  const zval* cookies = &PG(http_globals)[TRACK_VARS_COOKIE];
  if (Z_TYPE_P(cookies) != IS_ARRAY) return chunks;
  zend_ulong number = 0;
  zend_string* key = nullptr;
  zval* value = nullptr;
  ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(cookies), number, key, value) {
    // PHP stores a numeric cookie name as an integer key.
    char digits[MAX_LENGTH_OF_LONG + 1];
    std::string_view cookie;
    if (key != nullptr) {
      cookie = ScStringView(key);
    } else {
      const int size =
          snprintf(digits, sizeof(digits), ZEND_LONG_FMT, static_cast<zend_long>(number));
      cookie = std::string_view(digits, static_cast<size_t>(size));
    }
    const bool is_string = Z_TYPE_P(value) == IS_STRING;
    std::string_view text;
    if (is_string) text = std::string_view(Z_STRVAL_P(value), Z_STRLEN_P(value));
    chunks.Add(ScStringView(name), cookie, text, is_string);
  }
  ZEND_HASH_FOREACH_END();
  return chunks;
}

sealedcookie::Lifetimes CurrentLifetimes() {
  sealedcookie::Lifetimes lifetimes;
  // session.gc_maxlifetime as the files handler reads it (its gc deletes a
  // file older than that many seconds): 0 or less expires a session at once,
  // never "no idle timeout". PHP's own documentation gives 0 no other meaning,
  // and a timeout must not fail open.
  lifetimes.idle_timeout_seconds = ScSessionIdleTimeout();
  lifetimes.absolute_lifetime_seconds = SCG(max_lifetime) > 0 ? SCG(max_lifetime) : 0;
  lifetimes.revoked_before_seconds = SCG(revoked_before);
  return lifetimes;
}

// Opens `sealed` for session `id` under the data cookie now open.
void OpenSealed(std::string_view sealed, const zend_string* id) {
  sc_incoming& incoming = SCG(request).incoming;
  ZendStringBuffer buffer;
  const sealedcookie::SealContext context{ScStringView(SCG(request).cookie_name), ScStringView(id),
                                          ScApplication()};
  const OpenResult opened = ScSealer()->Open(context, sealed, CurrentLifetimes(), &buffer);
  incoming.status = StatusOf(opened);
  incoming.reason = ReasonOf(opened.status);
  incoming.result = opened;
  if (opened.status != OpenStatus::kOk) return;
  incoming.plain = buffer.Take(opened.session_size);
}

}  // namespace

sealedcookie::Lifetimes ScLifetimes() { return CurrentLifetimes(); }

zend_string* ScCookieNameFor(std::string_view session_name, bool warn) {
  const char* setting = SCG(cookie_name_setting);
  zend_string* name = setting != nullptr && *setting != '\0'
                          ? zend_string_init(setting, strlen(setting), 0)
                          : zend_strpprintf(0, "%.*s_SC", static_cast<int>(session_name.size()),
                                            session_name.data());
  const size_t index = sealedcookie::ChunkIndexOf(ScStringView(name), session_name);
  const char* problem = nullptr;
  if (index == 0) {
    problem = "must differ from session.name";
  } else if (index != sealedcookie::kNotAChunk) {
    problem = "would give a chunk cookie the name of the session cookie (session.name)";
  } else if (ZSTR_LEN(name) > sealedcookie::kMaxCookieNameSizeInBytes) {
    problem = "is too long";
  } else if (strpbrk(ZSTR_VAL(name), kScForbiddenNameChars) != nullptr) {
    problem = "contains a character not allowed in a cookie name";
  }
  if (problem == nullptr) return name;
  if (warn) {
    php_error_docref(nullptr, E_WARNING, "The data cookie name \"%s\" %s", ZSTR_VAL(name), problem);
  }
  zend_string_release(name);
  return nullptr;
}

void ScIncomingOpen(zend_string* id) {
  sc_request& request = SCG(request);
  sc_incoming& incoming = request.incoming;
  if (incoming.opened && ScEquals(incoming.name, request.cookie_name)) return;
  ScIncomingReset();
  incoming.opened = true;
  incoming.name = zend_string_copy(request.cookie_name);
  incoming.id = zend_string_copy(id);
  const IncomingChunks chunks = Gather(request.cookie_name);
  MeasureChunks(chunks, ZSTR_LEN(request.cookie_name), &incoming);
  incoming.present = (chunks.present & 1u) != 0;
  if (!incoming.present) {
    // Chunks without their first cookie are a broken set, not no cookie.
    if (chunks.present != 0) incoming.reason = SC_REASON_CHUNKS_BROKEN;
  } else if (const size_t size = sealedcookie::JoinedSize(chunks);
             size == sealedcookie::kNotJoinable) {
    incoming.status = SC_STATUS_INVALID;
    incoming.reason = SC_REASON_CHUNKS_BROKEN;
  } else if (chunks.present == 1u) {  // one cookie: its value is the sealed value
    OpenSealed(chunks.values[0], id);
  } else {
    char* joined = static_cast<char*>(emalloc(size));
    sealedcookie::JoinInto(chunks, joined);
    OpenSealed(std::string_view(joined, size), id);
    efree(joined);
  }
  ScObserveOpen(incoming.status, incoming.reason, incoming.result.key_id, ScIncomingAuthentic());
}

bool ScIncomingAuthentic() {
  const sc_incoming& incoming = SCG(request).incoming;
  return incoming.plain != nullptr || incoming.status == SC_STATUS_EXPIRED ||
         incoming.status == SC_STATUS_REVOKED;
}

bool ScIncomingValidFor(const zend_string* id) {
  const sc_incoming& incoming = SCG(request).incoming;
  return incoming.plain != nullptr && ScEquals(incoming.id, id);
}

uint32_t ScIncomingCarried(const zend_string* name) { return Gather(name).present; }
