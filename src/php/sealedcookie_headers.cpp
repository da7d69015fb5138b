// Sealing at the moment the response headers go out.
//
// write() usually runs after the headers have left (session RSHUTDOWN comes
// after the output is flushed, or the script echoed with output_buffering=0),
// so sapi_module.send_headers, the one function every SAPI's headers pass
// through, is wrapped: if our session is still open, $_SESSION is encoded and
// sealed right there; then the pending data cookies (one per chunk, and the
// expiry of chunks the request carried that are no longer used) are added to
// the header list (or handed to the SAPI's header_handler, as apache2handler
// needs), and the original send_headers runs. Guards (php-internals §4.4): the snapshot runs
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

#include <string_view>

#include "php_sealedcookie.h"
#include "sealedcookie/chunks.h"
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

// When a cookie set by this response expires: expires_at 0 for a browser-session
// cookie; max_age is written as given, as PHP writes the session cookie's
// (computing it from expires_at could tick over a second).
struct Expiry {
  time_t expires_at;
  zend_long max_age;
};
constexpr Expiry kExpired = {1, 0};

// session.cookie_lifetime from now, or a browser-session cookie.
Expiry SessionCookieExpiry() {
  if (PS(cookie_lifetime) <= 0) return {0, 0};
  return {time(nullptr) + PS(cookie_lifetime), PS(cookie_lifetime)};
}

// "; path=/x": `prefix` and `value`, unless the value is empty.
void AppendAttribute(smart_str* line, const char* prefix, std::string_view value) {
  if (value.empty()) return;
  smart_str_appends(line, prefix);
  smart_str_appendl(line, value.data(), value.size());
}

void AppendAttributes(smart_str* line, Expiry expiry) {
  if (expiry.expires_at != 0) {
    zend_string* date =
        php_format_date(kCookieDateFormat, sizeof(kCookieDateFormat) - 1, expiry.expires_at, 0);
    smart_str_appends(line, "; expires=");
    smart_str_append(line, date);
    zend_string_release(date);
    smart_str_appends(line, "; Max-Age=");
    smart_str_append_long(line, expiry.max_age);
  }
  AppendAttribute(line, "; path=", ScView(PS(cookie_path)));
  AppendAttribute(line, "; domain=", ScView(PS(cookie_domain)));
  if (PS(cookie_secure)) smart_str_appends(line, "; secure");
  if (PS(cookie_httponly)) smart_str_appends(line, "; HttpOnly");
  AppendAttribute(line, "; SameSite=", ScView(PS(cookie_samesite)));
  // CHIPS (PHP 8.5+), as PHP writes it on the session cookie.
  if (ScCookiePartitioned()) smart_str_appends(line, "; Partitioned");
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

// True for "Set-Cookie: NAME=..." and "Set-Cookie: NAME_<1..kMaxChunks-1>=...".
bool IsDataCookieHeader(const sapi_header_struct* header, const zend_string* name) {
  static constexpr char kPrefix[] = "Set-Cookie: ";
  constexpr size_t kPrefixSize = sizeof(kPrefix) - 1;
  if (header->header_len <= kPrefixSize + ZSTR_LEN(name) ||
      strncasecmp(header->header, kPrefix, kPrefixSize) != 0 ||
      memcmp(header->header + kPrefixSize, ZSTR_VAL(name), ZSTR_LEN(name)) != 0) {
    return false;
  }
  const char* rest = header->header + kPrefixSize + ZSTR_LEN(name);
  if (*rest == '=') return true;
  if (*rest != '_' || rest[1] < '1' || rest[1] > '9') return false;
  char* end = nullptr;
  unsigned long index = strtoul(rest + 1, &end, 10);
  return *end == '=' && end - rest <= 3 && index < sealedcookie::kMaxChunks;
}

// Drops any Set-Cookie for the data cookie or its chunks already in the list
// (one Set-Cookie per cookie name per response).
void RemoveEarlierCookies(const zend_string* name) {
  zend_llist* list = &SG(sapi_headers).headers;
  size_t count_before = list->count;
  zend_llist_element* current = list->head;
  while (current != nullptr) {
    zend_llist_element* next = current->next;
    auto* header = reinterpret_cast<sapi_header_struct*>(current->data);
    if (IsDataCookieHeader(header, name)) {
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

// Adds "Set-Cookie: NAME[_index]=<value>" with the session cookie's attributes.
void AddCookie(const zend_string* name, size_t index, const char* prefix, size_t prefix_size,
               const char* value, size_t value_size, Expiry expiry) {
  smart_str line = {nullptr, 0};
  smart_str_appends(&line, "Set-Cookie: ");
  smart_str_append(&line, name);
  char suffix[4];
  if (index > 0) smart_str_appendl(&line, suffix, sealedcookie::WriteChunkSuffix(index, suffix));
  smart_str_appendc(&line, '=');
  smart_str_appendl(&line, prefix, prefix_size);
  smart_str_appendl(&line, value, value_size);
  AppendAttributes(&line, expiry);
  smart_str_0(&line);
  AddHeader(&line);
  smart_str_free(&line);
}

// Adds one Set-Cookie per chunk of `sealed`; returns the layout used.
sealedcookie::ChunkLayout AddChunks(const zend_string* name, const zend_string* sealed) {
  const Expiry expiry = SessionCookieExpiry();
  sealedcookie::ChunkLayout layout =
      sealedcookie::PlanChunks(ZSTR_LEN(name), ZSTR_LEN(sealed), SIZE_MAX);
  for (size_t i = 0; i < layout.count; ++i) {
    size_t offset = 0, length = 0, prefix_size = 0;
    sealedcookie::ChunkSpan(layout, ZSTR_LEN(name), ZSTR_LEN(sealed), i, &offset, &length,
                            &prefix_size);
    char prefix[4];
    if (prefix_size > 0) sealedcookie::WriteChunkPrefix(layout.count, prefix);
    AddCookie(name, i, prefix, prefix_size, ZSTR_VAL(sealed) + offset, length, expiry);
  }
  return layout;
}

// Expires the chunks from index `first` on that the request carried.
void AddChunkDeletions(const zend_string* name, uint32_t carried, size_t first) {
  for (size_t i = first; i < sealedcookie::kMaxChunks; ++i) {
    if (carried & (1u << i)) AddCookie(name, i, "", 0, "deleted", 7, kExpired);
  }
}

// Counts the cookies of a Cookie header value ("a=1; b=2").
size_t CountCookies(const char* header) {
  size_t count = 0;
  bool in_cookie = false;
  for (; header != nullptr && *header != '\0'; ++header) {
    if (*header == ';') {
      in_cookie = false;
    } else if (!in_cookie && *header != ' ' && *header != '\t') {
      in_cookie = true;
      ++count;
    }
  }
  return count;
}

// The cookie-pair ("name=value") of a Set-Cookie header line and its name, and
// whether the line expires the cookie (Max-Age <= 0, as PHP's setcookie() and
// this extension write an expiry). False for any other header.
bool ParseSetCookie(const sapi_header_struct* header, std::string_view* pair,
                    std::string_view* name, bool* expires) {
  static constexpr std::string_view kPrefix = "Set-Cookie:";
  std::string_view line(header->header, header->header_len);
  if (line.size() < kPrefix.size() ||
      strncasecmp(line.data(), kPrefix.data(), kPrefix.size()) != 0) {
    return false;
  }
  line.remove_prefix(kPrefix.size());
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  const size_t semicolon = line.find(';');
  *pair = line.substr(0, semicolon);
  const size_t equals = pair->find('=');
  if (equals == std::string_view::npos) return false;
  *name = pair->substr(0, equals);
  *expires = false;
  if (semicolon == std::string_view::npos) return true;
  std::string_view attributes = line.substr(semicolon);
  static constexpr std::string_view kMaxAge = "; max-age=";
  for (size_t at = 0; at + kMaxAge.size() <= attributes.size(); ++at) {
    if (strncasecmp(attributes.data() + at, kMaxAge.data(), kMaxAge.size()) == 0) {
      const char* digits = attributes.data() + at + kMaxAge.size();
      *expires = *digits == '-' || (*digits == '0' && (digits[1] == ';' || digits[1] == '\0'));
    }
  }
  return true;
}

// The wire size of cookie `name` ("name=value") in a Cookie header value, or 0.
size_t RequestCookieWireSize(const char* header, std::string_view name) {
  std::string_view rest = header != nullptr ? header : "";
  while (!rest.empty()) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    const size_t end = rest.find(';');
    const std::string_view cookie = rest.substr(0, end);
    if (cookie.size() > name.size() && cookie[name.size()] == '=' &&
        cookie.compare(0, name.size(), name) == 0) {
      return cookie.size();
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return 0;
}

// True when a later header in the list sets cookie `name` again (the browser
// keeps the last one).
bool SetAgainLater(const zend_llist_element* element, std::string_view name) {
  for (element = element->next; element != nullptr; element = element->next) {
    std::string_view pair, other;
    bool expires = false;
    if (ParseSetCookie(reinterpret_cast<const sapi_header_struct*>(element->data), &pair, &other,
                       &expires) &&
        other == name) {
      return true;
    }
  }
  return false;
}

// Warns (deferred) when the next request's Cookie header would pass the
// budget: the request's cookies, each replaced, added or removed as this
// response's Set-Cookie headers say (the data cookies, the session id cookie,
// the application's own). Path and domain are not considered: every cookie is
// assumed to come back, so the estimate errs high.
void CheckHeaderBudget() {
  if (SCG(header_budget) <= 0) return;
  const size_t budget = static_cast<size_t>(SCG(header_budget));
  const char* current = SG(request_info).cookie_data;
  const size_t current_size = current != nullptr ? strlen(current) : 0;
  size_t removed_wire_size = 0, removed_count = 0, added_wire_size = 0, added_count = 0;
  // Two passes: the second (which walks the request's header for every cookie
  // set) only when the first shows the header could pass the budget.
  for (int pass = 0; pass < 2; ++pass) {
    for (const zend_llist_element* element = SG(sapi_headers).headers.head; element != nullptr;
         element = element->next) {
      std::string_view pair, name;
      bool expires = false;
      if (!ParseSetCookie(reinterpret_cast<const sapi_header_struct*>(element->data), &pair, &name,
                          &expires) ||
          SetAgainLater(element, name)) {
        continue;
      }
      if (pass == 0 && !expires) {
        added_wire_size += pair.size();
        ++added_count;
      }
      const size_t replaced = pass == 1 ? RequestCookieWireSize(current, name) : 0;
      if (replaced > 0) {
        removed_wire_size += replaced;
        ++removed_count;
      }
    }
    if (pass == 0 &&
        sizeof("Cookie: ") - 1 + current_size + added_wire_size + 2 * added_count <= budget) {
      return;
    }
  }
  const size_t size =
      sizeof("Cookie: ") - 1 +
      sealedcookie::NextCookieHeaderSize(current_size, CountCookies(current), removed_wire_size,
                                         removed_count, added_wire_size, added_count);
  if (size > budget) ScDiagnose(SC_DIAG_HEADER_BUDGET, size);
}

// Adds the Set-Cookies for data cookie `name`: its sealed value (a string) or
// its expiry (null), and the expiry of chunks the request carried that are no
// longer used.
void EmitFor(const zend_string* name, const zval* pending) {
  RemoveEarlierCookies(name);
  sealedcookie::ChunkLayout layout;
  if (Z_TYPE_P(pending) == IS_STRING) {
    layout = AddChunks(name, Z_STR_P(pending));
  } else {
    AddCookie(name, 0, "", 0, "deleted", 7, kExpired);
  }
  AddChunkDeletions(name, ScRequestChunks(name), layout.count > 1 ? layout.count : 1);
}

void EmitPending() {
  HashTable* pending = SCG(pending);
  if (pending == nullptr) return;
  SCG(pending) = nullptr;  // taken: nothing is emitted twice
  zend_string* name = nullptr;
  zval* entry = nullptr;
  ZEND_HASH_FOREACH_STR_KEY_VAL(pending, name, entry) { EmitFor(name, entry); }
  ZEND_HASH_FOREACH_END();
  CheckHeaderBudget();
  zend_hash_destroy(pending);
  FREE_HASHTABLE(pending);
}

void SnapshotBody() {
  if (PS(mod) == &ps_mod_sealedcookie) {
    SnapshotAndCommit();
  } else {
    // Wrapped by a \SessionHandler subclass: run the user's write path now.
    php_session_flush(1);
  }
  EmitPending();
}

// Serializers and user handlers run PHP code: their output and errors must not
// reach the body. No C++ objects with destructors in this frame: zend_try is a
// longjmp target.
void GuardedSnapshot() {
  zend_uchar display_errors = PG(display_errors);
  PG(display_errors) = 0;
  int level = php_output_get_level();
  php_output_start_default();
  SCG(in_hook) = true;
  zend_try { SnapshotBody(); }
  zend_catch { SCG(hook_bailed) = true; }
  zend_end_try();
  SCG(in_hook) = false;
  while (php_output_get_level() > level) php_output_discard();
  if (EG(exception) != nullptr) zend_clear_exception();
  PG(display_errors) = display_errors;
}

// The session was closed before the headers (session_write_close()): only
// cookies to add, and no PHP code runs, so no output buffer is needed. A fatal
// error here (memory_limit) must still not be printed ahead of the headers.
void GuardedEmit() {
  zend_uchar display_errors = PG(display_errors);
  PG(display_errors) = 0;
  SCG(in_hook) = true;
  zend_try { EmitPending(); }
  zend_catch { SCG(hook_bailed) = true; }
  zend_end_try();
  SCG(in_hook) = false;
  PG(display_errors) = display_errors;
}

int SendHeaders(sapi_headers_struct* sapi_headers) {
  if (!SCG(headers_sent)) {
    if (OursIsActive()) {
      GuardedSnapshot();
    } else if (SCG(pending) != nullptr) {
      GuardedEmit();
    }
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
