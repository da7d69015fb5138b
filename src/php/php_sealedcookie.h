// sealedcookie: the module entry, its INI settings and its per-request state.
//
// The per-request state is plain data (PHP allocates it raw under ZTS);
// zend_strings in it are emalloc'd, zeroed in GINIT and released in
// post_deactivate, because upload progress and session.auto_start reach the
// save handler before RINIT.
#ifndef PHP_SEALEDCOOKIE_H_
#define PHP_SEALEDCOOKIE_H_

extern "C" {
#include "php.h"
}

#include <cstdint>

#include "sealedcookie/sealer.h"

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
  SC_STATUS_INVALID,   // garbage, tampered, unknown key, moved, future version or times
  SC_STATUS_REVOKED,   // created before sealedcookie.revoked_before
  SC_STATUS_COUNT,
};

// Why the request's data cookie did not open (sealedcookie_facts()'s "reason").
enum sc_reason {
  SC_REASON_NONE = 0,  // it opened, or none came in
  SC_REASON_MALFORMED,
  SC_REASON_TAMPERED,
  SC_REASON_MOVED,        // bound to another session, cookie or application
  SC_REASON_UNKNOWN_KEY,  // sealed with a key this server does not have
  SC_REASON_CHUNKS_BROKEN,
  SC_REASON_UNSUPPORTED_VERSION,
  SC_REASON_FROM_THE_FUTURE,
  SC_REASON_IDLE_EXPIRED,
  SC_REASON_ABSOLUTE_EXPIRED,
  SC_REASON_REVOKED,
  SC_REASON_OUT_OF_MEMORY,
  SC_REASON_COUNT,
};

// Warnings raised while the headers are being sent wait until they are out;
// each kind is raised at most once per flush (a bit in SCG(request).response.diagnostics).
enum sc_diagnostic {
  SC_DIAG_TOO_LARGE = 0,      // size: the would-be wire size of the data cookies, or 0 when
                              // compression stopped once past the limit (size unknown)
  SC_DIAG_TOO_MANY_CHUNKS,    // size: the sealed value's length (over kMaxChunks cookies)
  SC_DIAG_SNAPSHOT_FAILED,    // size: unused
  SC_DIAG_HEADER_BUDGET,      // size: the next request's estimated Cookie header
  SC_DIAG_REFUSED_ATTRIBUTE,  // size: the index of the setting in kScAttributeSettings
  SC_DIAG_REFUSED_LINE,       // size: unused (a built Set-Cookie line held CR, LF or NUL)
  SC_DIAG_SESSION_TOO_LARGE,  // size: the session's bytes, over the sealer's max_session_size()
  SC_DIAG_RESPONSE_BUDGET,    // size: the response's header block with the data cookies
  SC_DIAG_COUNT,
};

// What the counters call refused (sealedcookie_counters()): every diagnostic,
// then the changes that came after the headers.
enum sc_refusal {
  SC_REFUSAL_LATE_CHANGE = SC_DIAG_COUNT,
  SC_REFUSAL_LATE_DESTROY,
  SC_REFUSAL_COUNT,
};

// Kinds of error-log lines, each at most once a minute per worker.
enum sc_log_kind {
  SC_LOG_UNKNOWN_KEY = 0,
  SC_LOG_FORGED,  // tampered, moved, malformed, broken chunk sets
  SC_LOG_FUTURE,
  SC_LOG_COUNT,
};

// The per-request state, one part per direction of the data flow, each with
// one reset (sealedcookie_state.cpp). Plain data: the core's OpenResult is
// trivially copyable, and its reset assigns it.

// The request's data cookie (sealedcookie_incoming.cpp), opened at most once
// per cookie name.
struct sc_incoming {
  bool opened;
  bool present;       // the request carried it, whether or not it opened
  int status;         // enum sc_status
  int reason;         // enum sc_reason
  uint32_t chunks;    // cookies of it the request carried
  size_t wire_bytes;  // their name=value bytes
  zend_string *name;
  zend_string *id;
  zend_string *plain;               // the session it holds; NULL unless it opened
  sealedcookie::OpenResult result;  // its facts (times, key), when plain is set
};

// The last session committed in this request (sealedcookie_commit.cpp), for
// read-after-write and to recognise a repeat.
struct sc_written {
  zend_string *name;  // its data cookie: sessions of two names may share an id
  zend_string *id;
  zend_string *plain;
  bool sent;  // the commit succeeded: the response carries what it decided
};

// The response (sealedcookie_commit.cpp decides, sealedcookie_outgoing.cpp
// emits, sealedcookie_hook.cpp times it).
struct sc_response {
  // Per data cookie name (a request may open sessions under several names):
  // the whole sealed value to set (string, split when emitted) or null to
  // expire it; no entry = nothing to send. NULL until something is pending.
  HashTable *pending;
  bool headers_sent;  // our send_headers hook has run
  bool in_hook;
  bool hook_bailed;
  unsigned diagnostics;  // 1 << enum sc_diagnostic, raised and not yet flushed
  size_t diagnostic_sizes[SC_DIAG_COUNT];
};

// The error log's rate limits (sealedcookie_counters.cpp), per worker: kept
// across requests, never reset.
struct sc_log {
  int64_t last[SC_LOG_COUNT];          // when the last line of each kind was written
  int64_t window_start[SC_LOG_COUNT];  // the minute the pending events fell in
  uint64_t pending[SC_LOG_COUNT];      // events in that minute, not yet logged
  uint32_t key_id;                     // the last unknown key id seen
};

struct sc_request {
  zend_string *cookie_name;  // the data cookie of the session now open (open())
  HashTable *known_ids;      // ids read or written in this request (strict mode)
  sc_incoming incoming;
  sc_written written;
  sc_response response;
};

// The macro hides the struct braces from clang-format.
// clang-format off
ZEND_BEGIN_MODULE_GLOBALS(sealedcookie)
  // INI
  char *cookie_name_setting;
  char *context_setting;  // sealedcookie.context (PHP_INI_SYSTEM); "" = derive
  zend_long max_size;  // all data cookies together, wire bytes
  zend_long max_lifetime;
  bool compress;
  zend_long header_budget;  // bytes of the next request's Cookie header; 0 = off
  zend_long response_header_budget;  // bytes of this response's header block; 0 = off
  zend_long revoked_before;  // Unix seconds; values created before are revoked; 0 = none
  bool counters_enabled;     // sealedcookie.counters (PHP_INI_SYSTEM)
  sc_log log;
  bool keys_settings_changed;  // keys/key_file now differ from those read at startup
  sc_request request;
  // The application context derived for this process when sealedcookie.context
  // is unset (sealedcookie_application.cpp); "" until the first request.
  char derived_application[256];
  pid_t derived_pid;  // the process it was derived in (0: derive again)
  pid_t startup_pid;  // the process that ran MINIT (php-fpm: the master)
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
