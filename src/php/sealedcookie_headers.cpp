// Sealing at the moment the response headers go out.
//
// write() usually runs after the headers have left (session RSHUTDOWN comes
// after the output is flushed, or the script echoed with output_buffering=0),
// so sapi_module.send_headers, the one function every SAPI's headers pass
// through, is wrapped: if our session is still open, $_SESSION is encoded and
// sealed right there; then the pending data cookie is added to the header list
// (or handed to the SAPI's header_handler, as apache2handler needs), and the
// original send_headers runs. Guards (php-internals §4.4): the snapshot runs
// under zend_try with display_errors off and a throwaway output buffer, so a
// failing serializer can neither lose the headers nor corrupt the body; our
// own warnings wait until the original send_headers has returned.
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
#include "zend_smart_str.h"
#include "ext/date/php_date.h"
#include "ext/session/php_session.h"
}
// clang-format on

#include "php_sealedcookie.h"
#include "sealedcookie_internal.h"

namespace {

int (*g_original_send_headers)(sapi_headers_struct* sapi_headers) = nullptr;
bool g_installed = false;

constexpr char kCookieDateFormat[] = "D, d M Y H:i:s \\G\\M\\T";

bool OursIsActive() {
  return PS(session_status) == php_session_active &&
         (PS(mod) == &ps_mod_sealedcookie ||
          (PS(mod_user_implemented) && PS(default_mod) == &ps_mod_sealedcookie));
}

// Encodes $_SESSION as session_write_close() would, and commits it.
void SnapshotAndCommit() {
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
  ScCommit(PS(id), plain != nullptr ? plain : ZSTR_EMPTY_ALLOC());
  if (plain != nullptr) zend_string_release(plain);
}

void AppendAttributes(smart_str* line, time_t expires_at) {
  if (expires_at != 0) {
    zend_string* date =
        php_format_date(kCookieDateFormat, sizeof(kCookieDateFormat) - 1, expires_at, 0);
    smart_str_appends(line, "; expires=");
    smart_str_append(line, date);
    zend_string_release(date);
    smart_str_appends(line, "; Max-Age=");
    zend_long max_age = expires_at > time(nullptr) ? expires_at - time(nullptr) : 0;
    smart_str_append_long(line, max_age);
  }
  if (PS(cookie_path) != nullptr && *PS(cookie_path) != '\0') {
    smart_str_appends(line, "; path=");
    smart_str_appends(line, PS(cookie_path));
  }
  if (PS(cookie_domain) != nullptr && *PS(cookie_domain) != '\0') {
    smart_str_appends(line, "; domain=");
    smart_str_appends(line, PS(cookie_domain));
  }
  if (PS(cookie_secure)) smart_str_appends(line, "; secure");
  if (PS(cookie_httponly)) smart_str_appends(line, "; HttpOnly");
  if (PS(cookie_samesite) != nullptr && *PS(cookie_samesite) != '\0') {
    smart_str_appends(line, "; SameSite=");
    smart_str_appends(line, PS(cookie_samesite));
  }
}

// A SAPI with a header_handler may keep its own copy of the headers
// (apache2handler: r->headers_out). After a removal from the list, mirror it
// the way sapi_header_op would: delete its Set-Cookie headers, re-add the rest.
void ResyncSetCookies() {
  if (sapi_module.header_handler == nullptr) return;
  char name[] = "Set-Cookie";
  sapi_header_struct all = {name, sizeof(name) - 1};
  sapi_module.header_handler(&all, SAPI_HEADER_DELETE, &SG(sapi_headers));
  zend_llist_position position;
  auto* header = static_cast<sapi_header_struct*>(
      zend_llist_get_first_ex(&SG(sapi_headers).headers, &position));
  for (; header != nullptr; header = static_cast<sapi_header_struct*>(
                                zend_llist_get_next_ex(&SG(sapi_headers).headers, &position))) {
    if (strncasecmp(header->header, "Set-Cookie:", sizeof("Set-Cookie:") - 1) == 0) {
      sapi_module.header_handler(header, static_cast<sapi_header_op_enum>(SAPI_HEADER_ADD),
                                 &SG(sapi_headers));
    }
  }
}

// Drops any Set-Cookie for `name` already in the list (one data cookie per response).
void RemoveEarlierCookies(const zend_string* name) {
  zend_llist* list = &SG(sapi_headers).headers;
  size_t count_before = list->count;
  static constexpr char kPrefix[] = "Set-Cookie: ";
  constexpr size_t kPrefixSize = sizeof(kPrefix) - 1;
  zend_llist_element* current = list->head;
  while (current != nullptr) {
    zend_llist_element* next = current->next;
    auto* header = reinterpret_cast<sapi_header_struct*>(current->data);
    if (header->header_len > kPrefixSize + ZSTR_LEN(name) &&
        strncasecmp(header->header, kPrefix, kPrefixSize) == 0 &&
        memcmp(header->header + kPrefixSize, ZSTR_VAL(name), ZSTR_LEN(name)) == 0 &&
        header->header[kPrefixSize + ZSTR_LEN(name)] == '=') {
      (current->prev != nullptr ? current->prev->next : list->head) = next;
      (next != nullptr ? next->prev : list->tail) = current->prev;
      sapi_free_header(header);
      efree(current);
      --list->count;
    }
    current = next;
  }
  if (list->count != count_before) ResyncSetCookies();
}

// Adds the line as sapi_header_add_op would (headers_sent is already set).
void AddHeader(smart_str* line) {
  sapi_header_struct header;
  header.header = estrndup(ZSTR_VAL(line->s), ZSTR_LEN(line->s));
  header.header_len = ZSTR_LEN(line->s);
  if (sapi_module.header_handler == nullptr ||
      (SAPI_HEADER_ADD &
       sapi_module.header_handler(&header, static_cast<sapi_header_op_enum>(SAPI_HEADER_ADD),
                                  &SG(sapi_headers)))) {
    zend_llist_add_element(&SG(sapi_headers).headers, &header);
  } else {
    sapi_free_header(&header);
  }
}

void EmitPending() {
  if (SCG(pending) == SC_PENDING_NONE || SCG(pending_name) == nullptr) return;
  smart_str line = {nullptr, 0};
  smart_str_appends(&line, "Set-Cookie: ");
  smart_str_append(&line, SCG(pending_name));
  time_t expires_at = 0;
  if (SCG(pending) == SC_PENDING_SET) {
    smart_str_appendc(&line, '=');
    smart_str_append(&line, SCG(pending_value));
    if (PS(cookie_lifetime) > 0) expires_at = time(nullptr) + PS(cookie_lifetime);
  } else {
    smart_str_appends(&line, "=deleted");
    expires_at = 1;
  }
  AppendAttributes(&line, expires_at);
  smart_str_0(&line);
  RemoveEarlierCookies(SCG(pending_name));
  AddHeader(&line);
  smart_str_free(&line);
  SCG(pending) = SC_PENDING_NONE;
}

void HookBody() {
  if (OursIsActive()) {
    if (PS(mod) == &ps_mod_sealedcookie) {
      SnapshotAndCommit();
    } else {
      // Wrapped by a \SessionHandler subclass: run the user's write path now.
      php_session_flush(1);
    }
  }
  EmitPending();
}

// No C++ objects with destructors in this frame: zend_try is a longjmp target.
void GuardedHook() {
  zend_uchar display_errors = PG(display_errors);
  PG(display_errors) = 0;
  int level = php_output_get_level();
  php_output_start_default();
  SCG(in_hook) = true;
  zend_try { HookBody(); }
  zend_catch { SCG(hook_bailed) = true; }
  zend_end_try();
  SCG(in_hook) = false;
  while (php_output_get_level() > level) php_output_discard();
  if (EG(exception) != nullptr) zend_clear_exception();
  PG(display_errors) = display_errors;
}

int SendHeaders(sapi_headers_struct* sapi_headers) {
  if (!SCG(headers_sent) && (SCG(pending) != SC_PENDING_NONE || OursIsActive())) {
    GuardedHook();
  }
  SCG(headers_sent) = true;
  int result = g_original_send_headers != nullptr ? g_original_send_headers(sapi_headers)
                                                  : SAPI_HEADER_DO_SEND;
  ScDiagnosticsFlush();
  if (SCG(hook_bailed)) {
    SCG(hook_bailed) = false;
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
