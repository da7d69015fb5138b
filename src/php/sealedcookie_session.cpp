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

// The serializer runs the application's code (__sleep, __serialize), and that
// code may call any session function or change $_SESSION while the encoder
// walks it. So the snapshot holds what it encodes: the $_SESSION reference (it
// names this session: a destroy, reset or restart makes a new one), the array
// the encoder iterates (ext/session's loop keeps a bare pointer to it; while
// held, a change to $_SESSION copies it instead of moving it), and the id. The
// value is written only when the same session is still open, with the same
// module, the same array and the same id. Otherwise the snapshot is dropped,
// and what the application's call did stands (README, "Session functions
// called while the session is serialized"):
//   session_destroy()      destroy() already expired the data cookie;
//   session_write_close()  the value that call wrote is sent;
//   session_abort()        nothing for this session: the client keeps its
//                          previous cookie (abort discards this request's change);
//   session_reset()        the session as read stays open; ext/session writes it
//                          at the end, after the headers, under the usual rules
//                          (nothing to send, or a warning if it changed again);
//   $_SESSION changed, or an id changed under the same session: written the
//                          same way, at the end; never a value that mixes two
//                          arrays, or sealed under an id it was not encoded for.
// session_regenerate_id(), session_id($new), session_name($new) and
// session_start() are refused by ext/session at this point (headers sent, or
// a session active): the snapshot is written as usual.
bool StillTheSession(const zval* held_vars, const zval* held_array, const ps_module* mod,
                     const zend_string* id) {
  const zval* vars = &PS(http_session_vars);
  return ScSessionOpenWithOurs() && PS(mod) == mod && Z_ISREF_P(vars) &&
         Z_REF_P(vars) == Z_REF_P(held_vars) && Z_TYPE_P(Z_REFVAL_P(vars)) == IS_ARRAY &&
         Z_ARR_P(Z_REFVAL_P(vars)) == Z_ARR_P(held_array) && ScEquals(PS(id), id);
}

// Wrapped by a \SessionHandler subclass: the user's write path runs, as
// session_write_close() would run it (updateTimestamp() for an unchanged
// session under lazy_write), and reaches our write() through the parent class.
void WriteThroughWrapper(zend_string* id, zend_string* plain) {
  const bool unchanged =
      PS(lazy_write) && PS(session_vars) != nullptr && zend_string_equals(plain, PS(session_vars));
  if (unchanged && PS(mod)->s_update_timestamp != nullptr) {
    PS(mod)->s_update_timestamp(&PS(mod_data), id, plain, PS(gc_maxlifetime));
  } else {
    PS(mod)->s_write(&PS(mod_data), id, plain, PS(gc_maxlifetime));
  }
}

void EncodeAndWrite(const zval* held_vars, const zval* held_array, zend_string* id) {
  const ps_module* mod = PS(mod);
  zend_string* plain = PS(serializer)->encode();
  if (EG(exception) != nullptr) {
    zend_clear_exception();
    ScDiagnose(SC_DIAG_SNAPSHOT_FAILED, 0);
  } else if (StillTheSession(held_vars, held_array, mod, id)) {
    if (plain == nullptr) plain = ZSTR_EMPTY_ALLOC();
    if (mod == &ps_mod_sealedcookie) {
      ScCommitWrite(id, plain);
    } else {
      WriteThroughWrapper(id, plain);
      // Closed as session_write_close() closes it: the user's handler is
      // written once, and a later change warns through our write().
      php_session_flush(0);
    }
  }
  if (plain != nullptr) zend_string_release(plain);
}

}  // namespace

// Encodes $_SESSION as session_write_close() would and writes it: write()
// would come too late to reach the headers. The holds are released after the
// write (releasing may run destructors), and also when the serializer bails
// out; only plain values live in this frame, which holds a longjmp target.
void ScSessionSnapshot() {
  zval* vars = &PS(http_session_vars);
  if (!Z_ISREF_P(vars) || Z_TYPE_P(Z_REFVAL_P(vars)) != IS_ARRAY || PS(serializer) == nullptr ||
      PS(id) == nullptr) {
    return;
  }
  zval held_vars;
  zval held_array;
  ZVAL_COPY(&held_vars, vars);
  ZVAL_COPY(&held_array, Z_REFVAL_P(vars));
  zend_string* id = zend_string_copy(PS(id));
  bool bailed = false;
  zend_try { EncodeAndWrite(&held_vars, &held_array, id); }
  zend_catch { bailed = true; }
  zend_end_try();
  zval_ptr_dtor(&held_array);
  zval_ptr_dtor(&held_vars);
  zend_string_release(id);
  if (bailed) zend_bailout();
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
