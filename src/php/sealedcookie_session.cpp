// Every access this extension makes to ext/session's globals, PS().
//
// A save handler normally needs none: ext/session hands mod_files and the
// others what they need as arguments. This one also acts where ext/session
// does not call it (when the response headers go out, and in
// sealedcookie_max_session_size()), and it writes Set-Cookie lines itself, so
// it reads the session's state and cookie settings here. Each function says
// why it needs what it reads. ScCookiePartitioned() (sealedcookie_compat.h)
// is the one read kept elsewhere: it is a version difference, and only
// ScSessionCookieSettings() calls it.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "zend_exceptions.h"
#include "ext/session/php_session.h"
}
// clang-format on

#include "php_sealedcookie.h"
#include "sealedcookie_internal.h"

// The data cookies carry the session cookie's attributes and lifetime: the
// application configures one cookie, and both behave alike in the browser.
ScCookieSettings ScSessionCookieSettings() {
  ScCookieSettings settings;
  settings.lifetime = PS(cookie_lifetime);
  settings.path = ScView(PS(cookie_path));
  settings.domain = ScView(PS(cookie_domain));
  settings.samesite = ScView(PS(cookie_samesite));
  settings.secure = PS(cookie_secure);
  settings.httponly = PS(cookie_httponly);
  settings.partitioned = ScCookiePartitioned();
  return settings;
}

// The data cookie's default name derives from it, and
// sealedcookie_max_session_size() may be called before open().
std::string_view ScSessionName() { return ScView(PS(session_name)); }

// The idle timeout sealed into every value is session.gc_maxlifetime: gc()
// has nothing to collect, so the expiry is enforced when a value is opened.
zend_long ScSessionIdleTimeout() { return PS(gc_maxlifetime); }

// sealedcookie_max_session_size() answers for the open session's cookie name.
bool ScSessionActive() { return PS(session_status) == php_session_active; }

// The header hook runs for every response: it seals only a session that our
// handler holds, directly or under a \SessionHandler subclass.
bool ScSessionOpenWithOurs() {
  return PS(session_status) == php_session_active &&
         (PS(mod) == &ps_mod_sealedcookie ||
          (PS(mod_user_implemented) && PS(default_mod) == &ps_mod_sealedcookie));
}

namespace {

// Encodes $_SESSION as session_write_close() would, and commits it under the
// session's id: write() would come too late to reach the headers.
void EncodeAndCommit() {
  zval* vars = &PS(http_session_vars);
  if (!Z_ISREF_P(vars) || Z_TYPE_P(Z_REFVAL_P(vars)) != IS_ARRAY || PS(serializer) == nullptr) {
    return;
  }
  zend_string* plain = PS(serializer)->encode();
  if (EG(exception) != nullptr) {
    zend_clear_exception();
    if (plain != nullptr) zend_string_release(plain);
    ScDiagnose(SC_DIAG_SNAPSHOT_FAILED, 0);
    return;
  }
  ScCommitWrite(PS(id), plain != nullptr ? plain : ZSTR_EMPTY_ALLOC());
  if (plain != nullptr) zend_string_release(plain);
}

}  // namespace

void ScSessionSnapshot() {
  if (PS(mod) == &ps_mod_sealedcookie) {
    EncodeAndCommit();
  } else {
    // Wrapped by a \SessionHandler subclass: run the user's write path now
    // (it reaches our write() through the parent class).
    php_session_flush(1);
  }
}

// Wrapped by a \SessionHandler subclass, PHP validates ids through the user
// layer, which accepts any id unless the class defines validateId(). Under
// use_strict_mode, an unknown id is dropped here, in open(); ext/session then
// issues a new one right after open() returns.
void ScSessionRefuseUnknownWrappedId() {
  if (PS(mod) == &ps_mod_sealedcookie || !PS(use_strict_mode) || PS(id) == nullptr ||
      ZSTR_LEN(PS(id)) == 0 || ScKnownId(PS(id))) {
    return;
  }
  ScIncomingOpen(PS(id));
  if (ScIncomingValidFor(PS(id))) return;
  zend_string_release(PS(id));
  PS(id) = nullptr;
}
