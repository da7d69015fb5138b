// The per-request state (php_sealedcookie.h, SCG(request)): one reset per part,
// the ids this request has seen, and the diagnostics that wait while the
// headers are going out.
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
#include "sealedcookie/chunks.h"
#include "sealedcookie/sealer.h"
#include "sealedcookie_internal.h"

namespace {

void FreeHashTable(HashTable** slot) {
  if (*slot == nullptr) return;
  zend_hash_destroy(*slot);
  FREE_HASHTABLE(*slot);
  *slot = nullptr;
}

void WrittenReset() {
  sc_written& written = SCG(request).written;
  ScRelease(&written.name);
  ScRelease(&written.id);
  ScRelease(&written.plain);
  written.sent = false;
}

void ResponseReset() {
  sc_response& response = SCG(request).response;
  FreeHashTable(&response.pending);
  response.headers_sent = false;
  response.in_hook = false;
  response.hook_bailed = false;
  response.diagnostics = 0;
}

}  // namespace

void ScRememberId(zend_string* id) {
  HashTable*& known = SCG(request).known_ids;
  if (known == nullptr) {
    ALLOC_HASHTABLE(known);
    zend_hash_init(known, 4, nullptr, nullptr, 0);
  }
  zend_hash_add_empty_element(known, id);
}

bool ScKnownId(const zend_string* id) {
  const HashTable* known = SCG(request).known_ids;
  return known != nullptr && zend_hash_exists(known, const_cast<zend_string*>(id));
}

void ScDiagnose(int diagnostic, size_t size) {
  ScObserveRefusal(diagnostic);
  sc_response& response = SCG(request).response;
  response.diagnostics |= 1u << diagnostic;
  response.diagnostic_sizes[diagnostic] = size;
  if (!response.in_hook) ScDiagnosticsFlush();
}

void ScDiagnosticsFlush() {
  sc_response& response = SCG(request).response;
  const unsigned diagnostics = response.diagnostics;
  const size_t* sizes = response.diagnostic_sizes;
  response.diagnostics = 0;
  if ((diagnostics & (1u << SC_DIAG_TOO_LARGE)) && sizes[SC_DIAG_TOO_LARGE] == 0) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: the sealed cookie, compressed, would pass "
                     "sealedcookie.max_size (" ZEND_LONG_FMT
                     " bytes); the client keeps its previous cookie",
                     SCG(max_size));
  } else if (diagnostics & (1u << SC_DIAG_TOO_LARGE)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: the sealed cookie would be %zu bytes, over "
                     "sealedcookie.max_size (" ZEND_LONG_FMT
                     " bytes); the client keeps its previous cookie",
                     sizes[SC_DIAG_TOO_LARGE], SCG(max_size));
  }
  if (diagnostics & (1u << SC_DIAG_TOO_MANY_CHUNKS)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: the sealed value (%zu characters) would need more "
                     "than %zu cookies, over sealedcookie.max_size (" ZEND_LONG_FMT
                     " bytes); the client keeps its previous cookie",
                     sizes[SC_DIAG_TOO_MANY_CHUNKS], sealedcookie::kMaxChunks, SCG(max_size));
  }
  if (diagnostics & (1u << SC_DIAG_SESSION_TOO_LARGE)) {
    const sealedcookie::Sealer* sealer = ScSealer();
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: the session is %zu bytes, over the %zu bytes a "
                     "sealed session may hold (it could not be read back); the client keeps its "
                     "previous cookie",
                     sizes[SC_DIAG_SESSION_TOO_LARGE],
                     sealer != nullptr ? sealer->max_session_size()
                                       : sealedcookie::kDefaultMaxSessionSizeInBytes);
  }
  if (diagnostics & (1u << SC_DIAG_SNAPSHOT_FAILED)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data could not be serialized when the headers were sent; the "
                     "client keeps its previous cookie");
  }
  if (diagnostics & (1u << SC_DIAG_RESPONSE_BUDGET)) {
    php_error_docref(nullptr, E_WARNING,
                     "Session data not saved: with its cookie the response headers would be %zu "
                     "bytes, over sealedcookie.response_header_budget (" ZEND_LONG_FMT
                     " bytes); the client keeps its previous cookie (raise nginx "
                     "fastcgi_buffer_size and this setting, or keep less in the session)",
                     sizes[SC_DIAG_RESPONSE_BUDGET], SCG(response_header_budget));
  }
  if (diagnostics & (1u << SC_DIAG_HEADER_BUDGET)) {
    php_error_docref(nullptr, E_WARNING,
                     "The next request's Cookie header would be about %zu bytes, over "
                     "sealedcookie.header_budget (" ZEND_LONG_FMT
                     " bytes): the server may reject the next request (raise nginx "
                     "large_client_header_buffers / Apache LimitRequestFieldSize, or reduce "
                     "the session)",
                     sizes[SC_DIAG_HEADER_BUDGET], SCG(header_budget));
  }
  if (diagnostics & (1u << SC_DIAG_REFUSED_ATTRIBUTE)) {
    const size_t index = sizes[SC_DIAG_REFUSED_ATTRIBUTE];
    php_error_docref(nullptr, E_WARNING,
                     "Session data cookie not sent: %s contains a character not allowed in a "
                     "cookie attribute (any of ',; \\t\\r\\n\\013\\014' or NUL); the client "
                     "keeps its previous cookie",
                     index < kScAttributeCount ? kScAttributeSettings[index] : "a cookie setting");
  }
  if (diagnostics & (1u << SC_DIAG_REFUSED_LINE)) {
    php_error_docref(nullptr, E_WARNING,
                     "A Set-Cookie line for the session data cookie held CR, LF or NUL and was "
                     "not sent");
  }
}

void ScIncomingReset() {
  sc_incoming& incoming = SCG(request).incoming;
  incoming.opened = false;
  incoming.present = false;
  incoming.status = SC_STATUS_NONE;
  incoming.reason = SC_REASON_NONE;
  incoming.chunks = 0;
  incoming.wire_bytes = 0;
  ScRelease(&incoming.name);
  ScRelease(&incoming.id);
  ScRelease(&incoming.plain);
  incoming.result = sealedcookie::OpenResult();
}

void ScRequestReset() {
  ScRelease(&SCG(request).cookie_name);
  FreeHashTable(&SCG(request).known_ids);
  ScIncomingReset();
  WrittenReset();
  ResponseReset();
}
