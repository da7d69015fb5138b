// Sealing at the moment the response headers go out.
//
// write() usually runs after the headers have left (session RSHUTDOWN comes
// after the output is flushed, or the script echoed with output_buffering=0),
// so sapi_module.send_headers, the one function every SAPI's headers pass
// through, is wrapped: if our session is still open, it is committed right
// there (sealedcookie_session.cpp encodes $_SESSION, sealedcookie_commit.cpp
// decides and seals); then the pending data cookies are added to the header
// list (sealedcookie_outgoing.cpp), and the original send_headers runs.
//
// Guards: the snapshot runs under zend_try with display_errors off and a
// throwaway output buffer, so a failing serializer or user handler can neither
// lose the headers nor write into the body; our own warnings wait until the
// original send_headers has returned (ScDiagnose defers them while in_hook).
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "SAPI.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
}
// clang-format on

#include "php_sealedcookie.h"
#include "sealedcookie_internal.h"

namespace {

int (*g_original_send_headers)(sapi_headers_struct* sapi_headers) = nullptr;
bool g_installed = false;

void SnapshotAndEmit() {
  ScSessionSnapshot();
  ScOutgoingEmit();
}

// Serializers and user handlers run PHP code: their output and errors must not
// reach the body. No C++ objects with destructors in this frame: zend_try is a
// longjmp target.
void GuardedSnapshot() {
  sc_response& response = SCG(request).response;
  const zend_uchar display_errors = PG(display_errors);
  PG(display_errors) = 0;
  const int level = php_output_get_level();
  php_output_start_default();
  response.in_hook = true;
  zend_try { SnapshotAndEmit(); }
  zend_catch { response.hook_bailed = true; }
  zend_end_try();
  response.in_hook = false;
  while (php_output_get_level() > level) php_output_discard();
  if (EG(exception) != nullptr) zend_clear_exception();
  PG(display_errors) = display_errors;
}

// The session was closed before the headers (session_write_close()): only
// cookies to add, and no PHP code runs, so no output buffer is needed. A fatal
// error here (memory_limit) must still not be printed ahead of the headers.
void GuardedEmit() {
  sc_response& response = SCG(request).response;
  const zend_uchar display_errors = PG(display_errors);
  PG(display_errors) = 0;
  response.in_hook = true;
  zend_try { ScOutgoingEmit(); }
  zend_catch { response.hook_bailed = true; }
  zend_end_try();
  response.in_hook = false;
  PG(display_errors) = display_errors;
}

int SendHeaders(sapi_headers_struct* sapi_headers) {
  sc_response& response = SCG(request).response;
  if (!response.headers_sent) {
    if (ScSessionOpenWithOurs()) {
      GuardedSnapshot();
    } else if (response.pending != nullptr) {
      GuardedEmit();
    }
  }
  response.headers_sent = true;
  const int result = g_original_send_headers != nullptr ? g_original_send_headers(sapi_headers)
                                                        : SAPI_HEADER_DO_SEND;
  ScDiagnosticsFlush();
  if (response.hook_bailed) {
    response.hook_bailed = false;
    if (zend_is_executing()) zend_bailout();
  }
  return result;
}

}  // namespace

void ScHeadersHookInstall() {
  if (g_installed) return;
  g_original_send_headers = sapi_module.send_headers;
  sapi_module.send_headers = SendHeaders;
  g_installed = true;
}

void ScHeadersHookRemove() {
  if (!g_installed) return;
  if (sapi_module.send_headers == SendHeaders) sapi_module.send_headers = g_original_send_headers;
  g_installed = false;
}
