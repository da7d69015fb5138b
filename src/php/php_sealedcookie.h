// sealedcookie: the module entry, its INI settings and its per-request state.
//
// The per-request state is POD (PHP allocates it raw under ZTS); zend_strings in
// it are emalloc'd, zeroed in GINIT and released in post_deactivate, because
// upload progress and session.auto_start reach the save handler before RINIT.
#ifndef PHP_SEALEDCOOKIE_H_
#define PHP_SEALEDCOOKIE_H_

extern "C" {
#include "php.h"
}

#include <cstdint>

#define PHP_SEALEDCOOKIE_VERSION "0.1.0"

extern "C" {
extern zend_module_entry sealedcookie_module_entry;
}
#define phpext_sealedcookie_ptr &sealedcookie_module_entry

// What reading this request's data cookie found (sealedcookie_status()).
enum sc_status {
  SC_STATUS_NONE = 0,  // no data cookie came in
  SC_STATUS_VALID,     // it opened with the primary key
  SC_STATUS_RESEALED,  // it opened with an older key; this response re-seals it
  SC_STATUS_EXPIRED,   // idle or absolute lifetime over
  SC_STATUS_INVALID,   // garbage, tampered, unknown key, moved, future version
};

// What the response must do with the data cookie.
enum sc_pending {
  SC_PENDING_NONE = 0,  // nothing: the client keeps what it has
  SC_PENDING_SET,       // Set-Cookie with pending_value
  SC_PENDING_DELETE,    // expire the cookie
};

// Warnings raised while the headers are being sent wait until they are out.
enum sc_diagnostic {
  SC_DIAG_NONE = 0,
  SC_DIAG_TOO_LARGE,
  SC_DIAG_SNAPSHOT_FAILED,
};

// The macro hides the struct braces from clang-format.
// clang-format off
ZEND_BEGIN_MODULE_GLOBALS(sealedcookie)
  // INI
  char *cookie_name_setting;
  zend_long max_size;
  zend_long max_lifetime;
  // The data cookie of the session now open (set by open()).
  zend_string *cookie_name;
  // The request's data cookie, opened at most once per cookie name.
  bool incoming_opened;
  bool incoming_present;
  zend_string *incoming_name;
  zend_string *incoming_id;
  zend_string *incoming_plain;  // NULL unless it opened
  int status;                   // enum sc_status
  int64_t created_at_seconds;
  int64_t last_write_at_seconds;
  bool opened_with_secondary_key;
  // The last session written in this request (read-after-write, dedup).
  zend_string *written_id;
  zend_string *written_plain;
  bool written_ok;
  HashTable *known_ids;  // ids read or written in this request (strict mode)
  // The response.
  int pending;                // enum sc_pending
  zend_string *pending_name;  // the data cookie the pending value was sealed for
  zend_string *pending_value;
  bool headers_sent;  // our send_headers hook has run
  bool in_hook;
  bool hook_bailed;
  int diagnostic;  // enum sc_diagnostic
  size_t diagnostic_size;
ZEND_END_MODULE_GLOBALS(sealedcookie)
// clang-format on

extern "C" {
ZEND_EXTERN_MODULE_GLOBALS(sealedcookie)
}
#define SCG(v) ZEND_MODULE_GLOBALS_ACCESSOR(sealedcookie, v)

#if defined(ZTS) && defined(COMPILE_DL_SEALEDCOOKIE)
extern "C" {
ZEND_TSRMLS_CACHE_EXTERN()
}
#endif

#endif  // PHP_SEALEDCOOKIE_H_
