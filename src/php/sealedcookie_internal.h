// Declarations shared by the glue's translation units. Not a public API.
//
// The glue is cut along the way a session travels:
//   sealedcookie_ps_module.cpp  the ps_module: what ext/session calls
//   sealedcookie_incoming.cpp   request cookie in: gather, join, open
//   sealedcookie_commit.cpp     decide what the response does (core DecideCookie)
//                               and seal it into the pending cookies
//   sealedcookie_hook.cpp       the send_headers hook: snapshot, commit, emit
//   sealedcookie_outgoing.cpp   response cookies out: Set-Cookie lines, budget
//   sealedcookie_session.cpp    every access to ext/session's globals, PS()
//   sealedcookie_state.cpp      the per-request state's resets, diagnostics
//   sealedcookie_application.cpp the application context every value is bound to
//   sealedcookie_counters.cpp   what an operator sees: shared counters, log lines
//   sealedcookie_keys.cpp       the key ring; sealedcookie.cpp the module,
//                               its settings and PHP functions
// Out runs one way: ps_module or hook -> commit -> outgoing.
#ifndef SEALEDCOOKIE_PHP_INTERNAL_H_
#define SEALEDCOOKIE_PHP_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sealedcookie_compat.h"

namespace sealedcookie {
class Sealer;
struct Lifetimes;
}  // namespace sealedcookie

// Characters ext/session refuses in a cookie name (SESSION_FORBIDDEN_CHARS);
// PHP also turns '.' and ' ' into '_' in $_COOKIE.
constexpr char kScForbiddenNameChars[] = "=,;.[ \t\r\n\013\014";

// Small Zend helpers.
inline std::string_view ScStringView(const zend_string* s) { return {ZSTR_VAL(s), ZSTR_LEN(s)}; }
inline bool ScEquals(const zend_string* a, const zend_string* b) {
  return a != nullptr && b != nullptr && zend_string_equals(a, b);
}
// Releases *slot (if any) and clears it.
inline void ScRelease(zend_string** slot) {
  if (*slot != nullptr) zend_string_release(*slot);
  *slot = nullptr;
}
// Makes *slot a reference to `value`.
inline void ScAssign(zend_string** slot, zend_string* value) {
  zend_string* copy = zend_string_copy(value);
  ScRelease(slot);
  *slot = copy;
}

// sealedcookie_keys.cpp: the process-wide key ring, loaded once in MINIT.
// Loads the keys from the INI values; on failure keeps a message naming the
// setting and the position of the bad entry (never its text).
bool ScKeysLoad(const char* key_list, const char* key_file);
void ScKeysUnload();
// False when the settings now differ from those read at startup (a per-pool or
// per-directory value): keys are read once, so such a change is refused.
bool ScKeysSettingsUnchanged(const char* key_list, const char* key_file);
// nullptr when the configuration is unusable.
const sealedcookie::Sealer* ScSealer();
// Why ScSealer() is nullptr, or nullptr when it is not.
const char* ScKeysError();
size_t ScKeyCount();
// The label of the key that seals now ("" when it has none).
const char* ScPrimaryKeyLabel();
// The position in the ring of the key with this id, or SIZE_MAX.
size_t ScKeyIndexOf(uint32_t key_id);
// The label ("" when none) and id of the key at `index` (< ScKeyCount()).
const char* ScKeyLabelAt(size_t index);
uint32_t ScKeyIdAt(size_t index);
// True when keys carry activation times and none has come yet.
bool ScKeysNoneActive();

// sealedcookie_counters.cpp: pool-wide counters and the error log's lines.
// Maps the counters' shared memory (MINIT, before any fork); false on failure.
bool ScCountersStartup();
void ScCountersShutdown();
// The request's data cookie was read: its status, reason and key id (known:
// the id is a key of the ring). Counts it; logs what an operator must see.
void ScObserveOpen(int status, int reason, uint32_t key_id, bool key_known);
void ScObserveSeal(uint32_t key_id, size_t sealed_size);
void ScObserveDelete();
void ScObserveRefusal(int refusal);  // enum sc_refusal or sc_diagnostic
const char* ScStatusName(int status);
// The reason's name, or NULL for SC_REASON_NONE.
const char* ScReasonName(int reason);
// The counters as a PHP array / OpenMetrics text; false / NULL when off.
bool ScCountersArray(zval* result);
zend_string* ScCountersMetrics();
void ScCountersInfo();  // phpinfo() rows

// sealedcookie_application.cpp: the application every value is bound to,
// sealedcookie.context or, unset, derived from the worker (fpm pool, user).
std::string_view ScApplication();
// Derives the process's context once (RINIT: before any script code runs).
void ScApplicationDerive();
// True when sealedcookie.context is set (not derived).
bool ScApplicationSet();

// sealedcookie_ps_module.cpp
extern const ps_module ps_mod_sealedcookie;

// sealedcookie_session.cpp: ext/session's state and settings.
// The session cookie's settings, which the data cookies follow.
struct ScCookieSettings {
  zend_long lifetime;  // session.cookie_lifetime; <= 0 for a browser-session cookie
  std::string_view path;
  std::string_view domain;
  std::string_view samesite;
  bool secure;
  bool httponly;
  bool partitioned;
};
ScCookieSettings ScSessionCookieSettings();
std::string_view ScSessionName();
zend_long ScSessionIdleTimeout();
bool ScSessionActive();
// Our handler holds the open session, itself or wrapped by a \SessionHandler.
bool ScSessionOpenWithOurs();
// Writes the open session as session_write_close() would: encodes $_SESSION
// and commits it, leaving the session open (our handler), or runs the user's
// write and closes it (wrapped). Written only if the session the encoder
// started from is still open under the same id once the serializer's user
// code has run; a failing serializer raises SC_DIAG_SNAPSHOT_FAILED.
void ScSessionSnapshot();
// Under use_strict_mode with our handler wrapped by a \SessionHandler, drops an
// id this request cannot vouch for, so ext/session issues a new one.
void ScSessionRefuseUnknownWrappedId();

// sealedcookie_incoming.cpp: the request's data cookie.
// The data cookie name for a session named `session_name`, or NULL (with a
// warning when `warn`) when it would be unusable.
zend_string* ScCookieNameFor(std::string_view session_name, bool warn);
// Opens the request's data cookie for session `id`, once per cookie name.
void ScIncomingOpen(zend_string* id);
// True when a key of the ring authenticated the request's data cookie: it
// opened, expired or was revoked (its times and key are facts).
bool ScIncomingAuthentic();
// True when the request's data cookie opened for session `id`.
bool ScIncomingValidFor(const zend_string* id);
// Which of data cookie `name`'s cookies the request carried: bit 0 for NAME,
// bit i for NAME_<i>.
uint32_t ScIncomingCarried(const zend_string* name);
// The idle timeout (session.gc_maxlifetime) and absolute lifetime
// (sealedcookie.max_lifetime) every value is opened and refreshed under.
sealedcookie::Lifetimes ScLifetimes();

// sealedcookie_commit.cpp: what the response does with the session's cookie.
// write() and update_timestamp() of session `id` holding `plain`.
zend_result ScCommitWrite(zend_string* id, zend_string* plain);
// destroy() of session `id`.
zend_result ScCommitDestroy(zend_string* id);
// The session read() returns when this request already wrote `id`, or NULL.
zend_string* ScCommittedFor(const zend_string* id);

// sealedcookie_outgoing.cpp: the pending cookies as Set-Cookie headers.
void ScOutgoingEmit();
// The session.cookie_* settings whose values the data cookies carry as
// attribute values, as warnings name them. Characters, not pointers: an array
// of pointers would need relocations and land in writable data
// (scripts/zts/statics.sh counts that against ZTS safety).
constexpr char kScAttributeSettings[][24] = {"session.cookie_path", "session.cookie_domain",
                                             "session.cookie_samesite"};
constexpr size_t kScAttributeCount = sizeof(kScAttributeSettings) / sizeof(kScAttributeSettings[0]);
// The index in kScAttributeSettings of the first setting whose value cannot go
// into a Set-Cookie line (header injection), or kScAttributeCount.
size_t ScOutgoingRefusedAttribute(const ScCookieSettings& settings);

// sealedcookie_hook.cpp: sealing at the moment headers go out.
void ScHeadersHookInstall();
void ScHeadersHookRemove();

// sealedcookie_state.cpp: the per-request state.
void ScRememberId(zend_string* id);
bool ScKnownId(const zend_string* id);
// Raises (or, while headers are going out, defers) a diagnostic.
void ScDiagnose(int diagnostic, size_t size);
void ScDiagnosticsFlush();
void ScIncomingReset();
void ScRequestReset();

#endif  // SEALEDCOOKIE_PHP_INTERNAL_H_
