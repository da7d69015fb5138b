// The sealedcookie session save handler (session.save_handler = sealedcookie).
//
// Contract, in the manner of ext/session/mod_files.c:
// - The session id stays a normal random id in the session cookie; the data
//   travels sealed in a second cookie (the data cookie) bound to that id and to
//   the cookie name, so a value cannot be moved to another session or cookie.
// - read() never fails for a bad cookie: none, garbage, tampered, unknown key,
//   future version or expired all give an empty session and SUCCESS; the
//   outcome is kept for sealedcookie_status().
// - A sealed value longer than one cookie travels in numbered chunk cookies
//   (NAME=<count>.<part>, NAME_1, ...; include/sealedcookie/chunks.h). Read
//   joins them; a missing, extra or non-string chunk, or a bad count, is an
//   invalid value, and the AEAD over the joined value catches the rest
//   (swapped, reordered, or from another session).
// - write(), update_timestamp() and destroy() only decide what the response
//   carries (SCG(pending), per data cookie name). The Set-Cookies themselves
//   are added when the headers go out (sealedcookie_headers.cpp), because
//   write() usually runs after that.
// - validate_sid() accepts an id bound to a valid data cookie, or one this
//   request already read or wrote, so use_strict_mode stops session fixation
//   and a second session_start() in the same request keeps its id.
// - gc() has nothing to collect: expiry is sealed inside every value.
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

extern "C" {
PS_FUNCS_UPDATE_TIMESTAMP(sealedcookie)
}

const ps_module ps_mod_sealedcookie = {PS_MOD_UPDATE_TIMESTAMP(sealedcookie)};

namespace {

using sealedcookie::OpenResult;
using sealedcookie::OpenStatus;
using sealedcookie::SealContext;
using sealedcookie::SealError;

// Characters ext/session refuses in a cookie name (SESSION_FORBIDDEN_CHARS);
// PHP also turns '.' and ' ' into '_' in $_COOKIE.
constexpr char kForbiddenNameChars[] = "=,;.[ \t\r\n\013\014";

std::string_view View(const zend_string* s) { return {ZSTR_VAL(s), ZSTR_LEN(s)}; }

bool Equals(const zend_string* a, const zend_string* b) {
  return a != nullptr && b != nullptr && zend_string_equals(a, b);
}

void Release(zend_string** slot) {
  if (*slot != nullptr) zend_string_release(*slot);
  *slot = nullptr;
}

void Assign(zend_string** slot, zend_string* value) {
  zend_string* copy = zend_string_copy(value);
  Release(slot);
  *slot = copy;
}

sealedcookie::Lifetimes CurrentLifetimes() {
  sealedcookie::Lifetimes lifetimes;
  lifetimes.idle_timeout_seconds = PS(gc_maxlifetime) > 0 ? PS(gc_maxlifetime) : 0;
  lifetimes.absolute_lifetime_seconds = SCG(max_lifetime) > 0 ? SCG(max_lifetime) : 0;
  return lifetimes;
}

int StatusOf(const OpenResult& opened) {
  switch (opened.status) {
    case OpenStatus::kOk:
      return opened.opened_with_secondary_key ? SC_STATUS_RESEALED : SC_STATUS_VALID;
    case OpenStatus::kIdleExpired:
    case OpenStatus::kAbsoluteExpired:
      return SC_STATUS_EXPIRED;
    default:
      return SC_STATUS_INVALID;
  }
}

// True when the request's data cookie opened for session `id`.
bool IncomingValidFor(const zend_string* id) {
  return SCG(incoming_plain) != nullptr && Equals(SCG(incoming_id), id);
}

// Records what the response must do with the data cookie of the session now
// open (takes `value`); other data cookies keep what is pending for them.
void SetPending(int pending, zend_string* value) {
  if (pending == SC_PENDING_NONE) {
    if (SCG(pending) != nullptr) zend_hash_del(SCG(pending), SCG(cookie_name));
    return;
  }
  if (SCG(pending) == nullptr) {
    ALLOC_HASHTABLE(SCG(pending));
    zend_hash_init(SCG(pending), 2, nullptr, ZVAL_PTR_DTOR, 0);
  }
  zval entry;
  if (pending == SC_PENDING_SET) {
    ZVAL_STR(&entry, value);
  } else {
    ZVAL_NULL(&entry);
  }
  zend_hash_update(SCG(pending), SCG(cookie_name), &entry);
}

// True when this response is to set the data cookie of the session now open.
bool PendingSet() {
  zval* entry = SCG(pending) != nullptr ? zend_hash_find(SCG(pending), SCG(cookie_name)) : nullptr;
  return entry != nullptr && Z_TYPE_P(entry) == IS_STRING;
}

void RememberId(zend_string* id) {
  if (SCG(known_ids) == nullptr) {
    ALLOC_HASHTABLE(SCG(known_ids));
    zend_hash_init(SCG(known_ids), 4, nullptr, nullptr, 0);
  }
  zend_hash_add_empty_element(SCG(known_ids), id);
}

void RememberWritten(zend_string* id, zend_string* plain, bool ok) {
  Assign(&SCG(written_name), SCG(cookie_name));
  Assign(&SCG(written_id), id);
  Assign(&SCG(written_plain), plain);
  SCG(written_ok) = ok;
  RememberId(id);
}

// True when the last session written in this request is session `id` under
// the data cookie now open (PHP keeps the id when session_name() changes).
bool WrittenFor(const zend_string* id) {
  return Equals(SCG(written_id), id) && Equals(SCG(written_name), SCG(cookie_name));
}

void ForgetIncoming() {
  SCG(incoming_opened) = false;
  SCG(incoming_present) = false;
  Release(&SCG(incoming_name));
  Release(&SCG(incoming_id));
  Release(&SCG(incoming_plain));
  SCG(status) = SC_STATUS_NONE;
}

// The memory Open writes a session into: a zend_string, which then holds the
// session (no second buffer, no second copy). No destructor: it lives in a
// frame that calls into Zend, and erealloc bails out when memory runs out.
class ZendStringBuffer final : public sealedcookie::SessionBuffer {
 public:
  uint8_t* Resize(size_t size) override {
    string = string == nullptr ? zend_string_alloc(size, 0) : zend_string_realloc(string, size, 0);
    return reinterpret_cast<uint8_t*>(ZSTR_VAL(string));
  }
  zend_string* string = nullptr;
};

// Opens `sealed` for session `id` and records the outcome.
void OpenValue(zend_string* sealed, zend_string* id) {
  ZendStringBuffer buffer;
  SealContext context{View(SCG(cookie_name)), View(id)};
  OpenResult opened = ScSealer()->Open(context, View(sealed), CurrentLifetimes(), &buffer);
  SCG(status) = StatusOf(opened);
  if (opened.status != OpenStatus::kOk) {
    if (buffer.string != nullptr) zend_string_efree(buffer.string);
    return;
  }
  zend_string* plain = buffer.string;  // exactly the session
  ZSTR_VAL(plain)[opened.session_size] = '\0';
  SCG(incoming_plain) = plain;
  SCG(created_at_seconds) = opened.created_at_seconds;
  SCG(last_write_at_seconds) = opened.last_write_at_seconds;
  SCG(opened_with_secondary_key) = opened.opened_with_secondary_key;
}

// The request's chunks of the data cookie whose first value is `first`,
// joined into one sealed value; NULL when the set of chunks is malformed.
zend_string* JoinIncoming(zend_string* first) {
  size_t count = 0;
  std::string_view part;
  const zend_string* name = SCG(cookie_name);
  if (!sealedcookie::ParseFirstChunk(View(first), &count, &part)) return nullptr;
  if (ScRequestCookie(name, count) != nullptr) return nullptr;  // an extra chunk
  if (count == 1) return zend_string_copy(first);
  size_t total = part.size();
  for (size_t i = 1; i < count; ++i) {
    zval* chunk = ScRequestCookie(name, i);
    if (chunk == nullptr || Z_TYPE_P(chunk) != IS_STRING) return nullptr;
    total += Z_STRLEN_P(chunk);
  }
  zend_string* joined = zend_string_alloc(total, 0);
  memcpy(ZSTR_VAL(joined), part.data(), part.size());
  size_t offset = part.size();
  for (size_t i = 1; i < count; ++i) {
    zval* chunk = ScRequestCookie(name, i);
    memcpy(ZSTR_VAL(joined) + offset, Z_STRVAL_P(chunk), Z_STRLEN_P(chunk));
    offset += Z_STRLEN_P(chunk);
  }
  ZSTR_VAL(joined)[total] = '\0';
  return joined;
}

// Opens the request's data cookie for session `id`, once per cookie name.
void OpenIncoming(zend_string* id) {
  if (SCG(incoming_opened) && Equals(SCG(incoming_name), SCG(cookie_name))) return;
  ForgetIncoming();
  SCG(incoming_opened) = true;
  SCG(incoming_name) = zend_string_copy(SCG(cookie_name));
  SCG(incoming_id) = zend_string_copy(id);
  zval* cookie = ScRequestCookie(SCG(cookie_name), 0);
  SCG(incoming_present) = cookie != nullptr;
  if (cookie == nullptr) return;
  zend_string* sealed = Z_TYPE_P(cookie) == IS_STRING ? JoinIncoming(Z_STR_P(cookie)) : nullptr;
  if (sealed == nullptr) {
    SCG(status) = SC_STATUS_INVALID;
    return;
  }
  OpenValue(sealed, id);
  zend_string_release(sealed);
}

bool NeedsRefresh() {
  OpenResult opened;
  opened.status = OpenStatus::kOk;
  opened.created_at_seconds = SCG(created_at_seconds);
  opened.last_write_at_seconds = SCG(last_write_at_seconds);
  opened.opened_with_secondary_key = SCG(opened_with_secondary_key);
  return ScSealer()->NeedsRefresh(opened, CurrentLifetimes());
}

// Refuses a sealed value of `sealed_size` characters: the client keeps its cookie.
zend_result RefuseTooLarge(size_t sealed_size) {
  size_t name_size = ZSTR_LEN(SCG(cookie_name));
  sealedcookie::ChunkLayout layout = sealedcookie::PlanChunks(name_size, sealed_size, SIZE_MAX);
  SetPending(SC_PENDING_NONE, nullptr);
  if (layout.count != 0) {
    ScDiagnose(SC_DIAG_TOO_LARGE, layout.wire_size);
  } else {
    ScDiagnose(SC_DIAG_TOO_MANY_CHUNKS, sealed_size);
  }
  return FAILURE;
}

// Seals `plain` for session `id` into the pending data cookies.
zend_result SealPending(zend_string* id, zend_string* plain) {
  sealedcookie::SealOptions options;
  options.max_sealed_size = sealedcookie::MaxSealedSizeForWire(ZSTR_LEN(SCG(cookie_name)),
                                                               static_cast<size_t>(SCG(max_size)));
  options.compress = SCG(compress);
  options.created_at_seconds = SCG(incoming_plain) != nullptr ? SCG(created_at_seconds) : 0;
  size_t sealed_size = sealedcookie::SealedSize(ZSTR_LEN(plain));
  if (!options.compress && sealed_size > options.max_sealed_size) {
    return RefuseTooLarge(sealed_size);
  }
  zend_string* out = zend_string_alloc(sealed_size, 0);
  SealContext context{View(SCG(cookie_name)), View(id)};
  sealedcookie::SealResult sealed =
      ScSealer()->Seal(context, View(plain), options, ZSTR_VAL(out), sealed_size);
  if (sealed.error != SealError::kNone) {
    zend_string_efree(out);
    if (sealed.error == SealError::kTooLarge) return RefuseTooLarge(sealed.sealed_size);
    SetPending(SC_PENDING_NONE, nullptr);
    php_error_docref(nullptr, E_WARNING, "Session data could not be sealed");
    return FAILURE;
  }
  ZSTR_LEN(out) = sealed.sealed_size;
  ZSTR_VAL(out)[sealed.sealed_size] = '\0';
  SetPending(SC_PENDING_SET, out);
  return SUCCESS;
}

// Before the headers: decides the pending cookie.
zend_result Decide(zend_string* id, zend_string* plain) {
  bool valid = IncomingValidFor(id);
  if (valid && zend_string_equals(SCG(incoming_plain), plain) && !NeedsRefresh()) {
    SetPending(SC_PENDING_NONE, nullptr);
    return SUCCESS;
  }
  if (!valid && ZSTR_LEN(plain) == 0) {
    // An empty anonymous session needs no cookie; an unusable one is dropped.
    SetPending(SCG(incoming_present) ? SC_PENDING_DELETE : SC_PENDING_NONE, nullptr);
    return SUCCESS;
  }
  return SealPending(id, plain);
}

// After the headers: nothing reaches the client any more; say so if it matters.
zend_result CommitLate(zend_string* id, zend_string* plain) {
  bool client_has_it;
  if (WrittenFor(id) && SCG(written_ok)) {
    client_has_it = false;  // ScCommit already compared with what was sent
  } else if (IncomingValidFor(id)) {
    client_has_it = zend_string_equals(SCG(incoming_plain), plain);
  } else {
    client_has_it = ZSTR_LEN(plain) == 0;
  }
  if (!client_has_it) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data changed after the response headers were sent; the change "
                     "cannot reach the client (call session_write_close() before any output)");
  }
  return SUCCESS;
}

// Wrapped by a \SessionHandler subclass, PHP validates ids through the user
// layer, which accepts any id unless the class defines validateId(). Under
// use_strict_mode, an unknown id is dropped here; ext/session then issues a
// new one right after open().
void RefuseUnknownIdWhenWrapped() {
  if (PS(mod) == &ps_mod_sealedcookie || !PS(use_strict_mode) || PS(id) == nullptr ||
      ZSTR_LEN(PS(id)) == 0) {
    return;
  }
  if (SCG(known_ids) != nullptr && zend_hash_exists(SCG(known_ids), PS(id))) return;
  OpenIncoming(PS(id));
  if (IncomingValidFor(PS(id))) return;
  zend_string_release(PS(id));
  PS(id) = nullptr;
}

// True when `cookie` is the name of chunk 1..kMaxChunks-1 of data cookie `name`.
bool IsChunkNameOf(std::string_view cookie, const zend_string* name) {
  if (cookie.substr(0, ZSTR_LEN(name)) != ScView(name)) return false;
  std::string_view suffix = cookie.substr(ZSTR_LEN(name));
  char expected[4];
  for (size_t i = 1; i < sealedcookie::kMaxChunks; ++i) {
    size_t size = sealedcookie::WriteChunkSuffix(i, expected);
    if (suffix == std::string_view(expected, size)) return true;
  }
  return false;
}

}  // namespace

zend_string* ScCookieNameFor(std::string_view session_name, bool warn) {
  const char* setting = SCG(cookie_name_setting);
  zend_string* name = setting != nullptr && *setting != '\0'
                          ? zend_string_init(setting, strlen(setting), 0)
                          : zend_strpprintf(0, "%.*s_SC", static_cast<int>(session_name.size()),
                                            session_name.data());
  const char* problem = nullptr;
  if (ScView(name) == session_name) {
    problem = "must differ from session.name";
  } else if (IsChunkNameOf(session_name, name)) {
    problem = "would give a chunk cookie the name of the session cookie (session.name)";
  } else if (ZSTR_LEN(name) > sealedcookie::kMaxCookieNameSizeInBytes) {
    problem = "is too long";
  } else if (strpbrk(ZSTR_VAL(name), kForbiddenNameChars) != nullptr) {
    problem = "contains a character not allowed in a cookie name";
  }
  if (problem == nullptr) return name;
  if (warn) {
    php_error_docref(nullptr, E_WARNING, "The data cookie name \"%s\" %s", ZSTR_VAL(name), problem);
  }
  zend_string_release(name);
  return nullptr;
}

zval* ScRequestCookie(const zend_string* name, size_t index) {
  zval* cookies = &PG(http_globals)[TRACK_VARS_COOKIE];
  if (Z_TYPE_P(cookies) != IS_ARRAY) return nullptr;
  if (index == 0) {
    return zend_symtable_str_find(Z_ARRVAL_P(cookies), ZSTR_VAL(name), ZSTR_LEN(name));
  }
  char chunk_name[sealedcookie::kMaxCookieNameSizeInBytes + 4];
  size_t size = ZSTR_LEN(name);
  if (size > sealedcookie::kMaxCookieNameSizeInBytes) return nullptr;
  memcpy(chunk_name, ZSTR_VAL(name), size);
  size += sealedcookie::WriteChunkSuffix(index, chunk_name + size);
  return zend_hash_str_find(Z_ARRVAL_P(cookies), chunk_name, size);
}

uint32_t ScRequestChunks(const zend_string* name) {
  zval* cookies = &PG(http_globals)[TRACK_VARS_COOKIE];
  if (Z_TYPE_P(cookies) != IS_ARRAY) return 0;
  uint32_t chunks = ScRequestCookie(name, 0) != nullptr ? 1u : 0u;
  zend_string* key;
  ZEND_HASH_FOREACH_STR_KEY(Z_ARRVAL_P(cookies), key) {
    // NAME_<i>: i from 1 to kMaxChunks - 1, written without a leading zero.
    if (key == nullptr || ZSTR_LEN(key) < ZSTR_LEN(name) + 2 ||
        ZSTR_LEN(key) > ZSTR_LEN(name) + 3 ||
        memcmp(ZSTR_VAL(key), ZSTR_VAL(name), ZSTR_LEN(name)) != 0) {
      continue;
    }
    const char* suffix = ZSTR_VAL(key) + ZSTR_LEN(name);
    const char* end = ZSTR_VAL(key) + ZSTR_LEN(key);
    if (suffix[0] != '_' || suffix[1] == '0') continue;
    size_t index = 0;
    for (const char* p = suffix + 1; p < end && index < sealedcookie::kMaxChunks; ++p) {
      index = *p >= '0' && *p <= '9' ? index * 10 + static_cast<size_t>(*p - '0')
                                     : sealedcookie::kMaxChunks;
    }
    if (index < sealedcookie::kMaxChunks) chunks |= 1u << index;
  }
  ZEND_HASH_FOREACH_END();
  return chunks;
}

zend_result ScCommit(zend_string* id, zend_string* plain) {
  if (WrittenFor(id) && Equals(SCG(written_plain), plain)) return SUCCESS;
  if (SCG(headers_sent)) return CommitLate(id, plain);
  // Remembered first: a warning raised in Decide may send the headers, and the
  // hook's snapshot must then find this session already decided.
  RememberWritten(id, plain, false);
  SCG(written_ok) = Decide(id, plain) == SUCCESS;
  return SUCCESS;
}

void ScDiagnose(int diagnostic, size_t size) {
  SCG(diagnostics) |= 1u << diagnostic;
  SCG(diagnostic_sizes)[diagnostic] = size;
  if (!SCG(in_hook)) ScDiagnosticsFlush();
}

void ScDiagnosticsFlush() {
  unsigned diagnostics = SCG(diagnostics);
  SCG(diagnostics) = 0;
  if (diagnostics & (1u << SC_DIAG_TOO_LARGE)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: the sealed cookie would be %zu bytes, over "
                     "sealedcookie.max_size (" ZEND_LONG_FMT
                     " bytes); the client keeps its previous cookie",
                     SCG(diagnostic_sizes)[SC_DIAG_TOO_LARGE], SCG(max_size));
  }
  if (diagnostics & (1u << SC_DIAG_TOO_MANY_CHUNKS)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: the sealed value (%zu characters) would need more "
                     "than %zu cookies, over sealedcookie.max_size (" ZEND_LONG_FMT
                     " bytes); the client keeps its previous cookie",
                     SCG(diagnostic_sizes)[SC_DIAG_TOO_MANY_CHUNKS], sealedcookie::kMaxChunks,
                     SCG(max_size));
  }
  if (diagnostics & (1u << SC_DIAG_SNAPSHOT_FAILED)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data could not be serialized when the headers were sent; the "
                     "client keeps its previous cookie");
  }
  if (diagnostics & (1u << SC_DIAG_HEADER_BUDGET)) {
    php_error_docref(nullptr, E_WARNING,
                     "The next request's Cookie header would be about %zu bytes, over "
                     "sealedcookie.header_budget (" ZEND_LONG_FMT
                     " bytes): the server may reject the next request (raise nginx "
                     "large_client_header_buffers / Apache LimitRequestFieldSize, or reduce "
                     "the session)",
                     SCG(diagnostic_sizes)[SC_DIAG_HEADER_BUDGET], SCG(header_budget));
  }
}

void ScRequestReset() {
  Release(&SCG(cookie_name));
  ForgetIncoming();
  SCG(created_at_seconds) = 0;
  SCG(last_write_at_seconds) = 0;
  SCG(opened_with_secondary_key) = false;
  Release(&SCG(written_name));
  Release(&SCG(written_id));
  Release(&SCG(written_plain));
  SCG(written_ok) = false;
  if (SCG(known_ids) != nullptr) {
    zend_hash_destroy(SCG(known_ids));
    FREE_HASHTABLE(SCG(known_ids));
    SCG(known_ids) = nullptr;
  }
  if (SCG(pending) != nullptr) {
    zend_hash_destroy(SCG(pending));
    FREE_HASHTABLE(SCG(pending));
    SCG(pending) = nullptr;
  }
  SCG(headers_sent) = false;
  SCG(in_hook) = false;
  SCG(hook_bailed) = false;
  SCG(diagnostics) = 0;
}

PS_OPEN_FUNC(sealedcookie) {
  if (SCG(keys_settings_changed)) {
    php_error_docref(nullptr, E_WARNING,
                     "sealedcookie.keys or sealedcookie.key_file differs from the value read at "
                     "startup (set per pool or per directory?); keys are read once at startup, "
                     "so set them in php.ini");
    return FAILURE;
  }
  if (ScSealer() == nullptr) {
    php_error_docref(nullptr, E_WARNING, "sealedcookie is not configured: %s", ScKeysError());
    return FAILURE;
  }
  zend_string* name = ScCookieNameFor(ScView(session_name), true);
  if (name == nullptr) return FAILURE;
  Release(&SCG(cookie_name));
  SCG(cookie_name) = name;
  RefuseUnknownIdWhenWrapped();
  // ext/session calls write and close only when mod_data is set.
  PS_SET_MOD_DATA(const_cast<ps_module*>(&ps_mod_sealedcookie));
  return SUCCESS;
}

PS_CLOSE_FUNC(sealedcookie) {
  PS_SET_MOD_DATA(nullptr);
  return SUCCESS;
}

PS_READ_FUNC(sealedcookie) {
  RememberId(key);
  if (SCG(written_ok) && WrittenFor(key)) {
    *val = zend_string_copy(SCG(written_plain));
    return SUCCESS;
  }
  OpenIncoming(key);
  *val = IncomingValidFor(key) ? zend_string_copy(SCG(incoming_plain)) : ZSTR_EMPTY_ALLOC();
  return SUCCESS;
}

PS_WRITE_FUNC(sealedcookie) { return ScCommit(key, val); }

PS_UPDATE_TIMESTAMP_FUNC(sealedcookie) { return ScCommit(key, val); }

PS_DESTROY_FUNC(sealedcookie) {
  bool client_has_cookie = SCG(incoming_present) || (SCG(written_ok) && PendingSet());
  if (SCG(headers_sent)) {
    if (!client_has_cookie) return SUCCESS;
    php_error_docref(nullptr, E_WARNING,
                     "Session destroyed after the response headers were sent; the data cookie "
                     "cannot be expired");
    return FAILURE;
  }
  SetPending(client_has_cookie ? SC_PENDING_DELETE : SC_PENDING_NONE, nullptr);
  RememberWritten(key, ZSTR_EMPTY_ALLOC(), true);
  return SUCCESS;
}

PS_GC_FUNC(sealedcookie) {
  *nrdels = 0;
  return 0;
}

PS_CREATE_SID_FUNC(sealedcookie) { return php_session_create_id(mod_data); }

PS_VALIDATE_SID_FUNC(sealedcookie) {
  if (SCG(known_ids) != nullptr && zend_hash_exists(SCG(known_ids), key)) return SUCCESS;
  OpenIncoming(key);
  return IncomingValidFor(key) ? SUCCESS : FAILURE;
}
