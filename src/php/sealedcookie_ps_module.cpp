// The sealedcookie session save handler (session.save_handler = sealedcookie):
// the ps_module ext/session calls, and nothing else.
//
// The session id stays a normal random id in the session cookie; the data
// travels sealed in a second cookie (the data cookie) bound to that id and to
// the cookie name, so a value cannot be moved to another session or cookie. A
// value longer than one cookie travels in numbered chunk cookies
// (include/sealedcookie/chunks.h). Nothing is stored on the server.
//
// Each function below only records or decides; the Set-Cookie headers are
// added when the headers go out (sealedcookie_hook.cpp), because write()
// usually runs after that.
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

#include "php_sealedcookie.h"
#include "sealedcookie_internal.h"

extern "C" {
PS_FUNCS_UPDATE_TIMESTAMP(sealedcookie)
}

const ps_module ps_mod_sealedcookie = {PS_MOD_UPDATE_TIMESTAMP(sealedcookie)};

// open(): chooses the data cookie for this session.
// PARAMETERS: PS_OPEN_ARGS (php_session.h); save_path is unused, session_name
//   names the session cookie (a char* before PHP 8.6, a zend_string* since).
// RETURNS: SUCCESS with *mod_data set (ext/session calls write() and close()
//   only then); FAILURE, with a warning, when the keys are unusable or were
//   changed after startup, or when the data cookie name would be unusable
//   (equal to session.name, a chunk of it, too long, forbidden characters).
// Under use_strict_mode with a \SessionHandler wrapper, also drops an id this
// request cannot vouch for (sealedcookie_session.cpp says why it is here).
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
  ScRelease(&SCG(request).cookie_name);
  SCG(request).cookie_name = name;
  ScSessionRefuseUnknownWrappedId();
  PS_SET_MOD_DATA(const_cast<ps_module*>(&ps_mod_sealedcookie));
  return SUCCESS;
}

// close(): nothing to release; the per-request state lives until the request
// ends, because the headers may still go out after close().
// RETURNS: SUCCESS.
PS_CLOSE_FUNC(sealedcookie) {
  PS_SET_MOD_DATA(nullptr);
  return SUCCESS;
}

// read(): the session `key` holds.
// PARAMETERS: key, the session id; *val receives the session (never NULL).
// RETURNS: SUCCESS, always. What this request already wrote for `key` comes
//   back as written; otherwise the request's data cookie is opened. No cookie,
//   a malformed set of chunks, tampered, unknown key, another session's or
//   cookie's value, a future version or an expired value all read as an empty
//   session; sealedcookie_status() tells which.
PS_READ_FUNC(sealedcookie) {
  ScRememberId(key);
  zend_string* committed = ScCommittedFor(key);
  if (committed != nullptr) {
    *val = zend_string_copy(committed);
    return SUCCESS;
  }
  ScIncomingOpen(key);
  *val =
      ScIncomingValidFor(key) ? zend_string_copy(SCG(request).incoming.plain) : ZSTR_EMPTY_ALLOC();
  return SUCCESS;
}

// write() and update_timestamp() after the session was closed under them:
// ext/session encodes $_SESSION first, and the application's __sleep or
// __serialize may call session_destroy() (the id is then NULL),
// session_abort() or session_write_close() meanwhile; ext/session still
// calls write() once the encoder returns. That write is dropped: what the
// application's call did stands (destroy expired the cookie, abort keeps the
// client's cookie, write_close wrote). RETURNS: SUCCESS, as ext/session would
// otherwise blame session.save_path.
static bool ps_sealedcookie_closed(void** mod_data, const zend_string* key) {
  return key == nullptr || PS_GET_MOD_DATA() == nullptr;
}

// write(): the session's final value, or the same value again after the
// header hook already committed it.
// PARAMETERS: key, the session id; val, the encoded session.
// RETURNS: SUCCESS, also when the value cannot be saved: too large (a
//   deferred warning; the client keeps its previous cookie), changed after
//   the headers were sent (a warning; nothing can reach the client), or the
//   session was closed while it was being encoded (dropped, see above).
PS_WRITE_FUNC(sealedcookie) {
  if (ps_sealedcookie_closed(mod_data, key)) return SUCCESS;
  return ScCommitWrite(key, val);
}

// update_timestamp(): called instead of write() when lazy_write finds the
// session unchanged. The same as write(): an unchanged value is re-sealed only
// when its key is old or its idle timeout is a quarter gone.
// RETURNS: as write().
PS_UPDATE_TIMESTAMP_FUNC(sealedcookie) {
  if (ps_sealedcookie_closed(mod_data, key)) return SUCCESS;
  return ScCommitWrite(key, val);
}

// destroy(): session_destroy() or session_regenerate_id(true).
// PARAMETERS: key, the session id.
// RETURNS: SUCCESS when the data cookie will be expired (or there is none);
//   FAILURE with a warning when the headers are gone and the client keeps a
//   data cookie it should lose.
PS_DESTROY_FUNC(sealedcookie) { return ScCommitDestroy(key); }

// gc(): nothing to collect: every value carries its own expiry, enforced when
// it is opened. RETURNS: 0 sessions deleted.
PS_GC_FUNC(sealedcookie) {
  *nrdels = 0;
  return 0;
}

// create_sid(): ext/session's own random id.
PS_CREATE_SID_FUNC(sealedcookie) { return php_session_create_id(mod_data); }

// validate_sid(): for use_strict_mode.
// RETURNS: SUCCESS for an id this request already read or wrote (a second
//   session_start() keeps its id) or one bound to a valid data cookie;
//   FAILURE otherwise, so ext/session replaces an id planted by an attacker.
PS_VALIDATE_SID_FUNC(sealedcookie) {
  if (ScKnownId(key)) return SUCCESS;
  ScIncomingOpen(key);
  return ScIncomingValidFor(key) ? SUCCESS : FAILURE;
}
