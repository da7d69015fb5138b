// The response's data cookies: each pending entry (sealedcookie_commit.cpp)
// becomes Set-Cookie headers — one per chunk of a sealed value, or an expiry —
// with the session cookie's attributes, replacing any earlier Set-Cookie for
// the same cookies; chunks the request carried that are no longer used are
// expired. A response whose header block would then pass
// sealedcookie.response_header_budget (a web server's buffer for the headers)
// sends none of the sealed values, and the next request's Cookie header is
// estimated against sealedcookie.header_budget. Runs inside the send_headers hook
// (sealedcookie_hook.cpp), after sapi_send_headers() set headers_sent, so the
// headers are added the way sapi_header_add_op() would — and without
// sapi_header_op()'s checks, so the lines are checked here: a session.cookie_*
// value a cookie attribute cannot carry means no data cookie at all (the
// client keeps its cookie), and no line with CR, LF or NUL is ever added.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "SAPI.h"
#include "zend_smart_str.h"
#include "ext/date/php_date.h"
#include "ext/session/php_session.h"
}
// clang-format on

#include <cstring>
#include <string_view>

#include "php_sealedcookie.h"
#include "sealedcookie/chunks.h"
#include "sealedcookie/cookie_header.h"
#include "sealedcookie_internal.h"

namespace {

constexpr char kCookieDateFormat[] = "D, d M Y H:i:s \\G\\M\\T";

// When a cookie set by this response expires: expires_at 0 for a browser-session
// cookie; max_age is written as given, as PHP writes the session cookie's
// (computing it from expires_at could tick over a second).
struct Expiry {
  time_t expires_at;
  zend_long max_age;
};
constexpr Expiry kExpired = {1, 0};

Expiry ExpiryOf(const ScCookieSettings& settings) {
  if (settings.lifetime <= 0) return {0, 0};
  return {time(nullptr) + settings.lifetime, settings.lifetime};
}

std::string_view HeaderView(const sapi_header_struct* header) {
  return {header->header, header->header_len};
}

// "; path=/x": `prefix` and `value`, unless the value is empty.
void AppendAttribute(smart_str* line, const char* prefix, std::string_view value) {
  if (value.empty()) return;
  smart_str_appends(line, prefix);
  smart_str_appendl(line, value.data(), value.size());
}

void AppendAttributes(smart_str* line, const ScCookieSettings& settings, Expiry expiry) {
  if (expiry.expires_at != 0) {
    zend_string* date =
        php_format_date(kCookieDateFormat, sizeof(kCookieDateFormat) - 1, expiry.expires_at, 0);
    smart_str_appends(line, "; expires=");
    smart_str_append(line, date);
    zend_string_release(date);
    smart_str_appends(line, "; Max-Age=");
    smart_str_append_long(line, expiry.max_age);
  }
  AppendAttribute(line, "; path=", settings.path);
  AppendAttribute(line, "; domain=", settings.domain);
  if (settings.secure) smart_str_appends(line, "; secure");
  if (settings.httponly) smart_str_appends(line, "; HttpOnly");
  AppendAttribute(line, "; SameSite=", settings.samesite);
  // CHIPS (PHP 8.5+), as PHP writes it on the session cookie.
  if (settings.partitioned) smart_str_appends(line, "; Partitioned");
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
    if (sealedcookie::IsSetCookieHeader(HeaderView(header))) {
      sapi_module.header_handler(header, static_cast<sapi_header_op_enum>(SAPI_HEADER_ADD),
                                 &SG(sapi_headers));
    }
  }
}

// Drops every header line `drop` returns true for, keeping a SAPI's own copy
// of the Set-Cookie headers in step.
template <typename Predicate>
void RemoveHeaders(Predicate drop) {
  zend_llist* list = &SG(sapi_headers).headers;
  const size_t count_before = list->count;
  zend_llist_element* current = list->head;
  while (current != nullptr) {
    zend_llist_element* next = current->next;
    auto* header = reinterpret_cast<sapi_header_struct*>(current->data);
    if (drop(HeaderView(header))) {
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

// Drops any Set-Cookie for the data cookie or its chunks already in the list
// (one Set-Cookie per cookie name per response).
void RemoveEarlierCookies(const zend_string* name) {
  RemoveHeaders([name](std::string_view line) {
    return sealedcookie::SetsDataCookie(line, ScStringView(name));
  });
}

// Drops the session id cookie ext/session set in this response (a new id, from
// session_start() or session_regenerate_id()).
void RemoveSessionIdCookie() {
  const std::string_view session_name = ScSessionName();
  RemoveHeaders([session_name](std::string_view line) {
    sealedcookie::SetCookie cookie;
    return sealedcookie::ParseSetCookie(line, &cookie) && cookie.name == session_name;
  });
}

// Adds the line as sapi_header_add_op would (headers_sent is already set).
// sapi_header_op() refuses CR, LF and NUL in any header; this line does not
// pass through it, so it is refused here. The cookie name and the attribute
// values are checked before, so this is the last line of defence.
void AddHeader(smart_str* line) {
  if (!sealedcookie::IsAllowedHeaderLine(ScStringView(line->s))) {
    ScDiagnose(SC_DIAG_REFUSED_LINE, 0);
    return;
  }
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

// Adds "Set-Cookie: NAME[_index]=<prefix><value>" with the session cookie's attributes.
void AddCookie(const zend_string* name, size_t index, std::string_view prefix,
               std::string_view value, const ScCookieSettings& settings, Expiry expiry) {
  smart_str line = {nullptr, 0};
  smart_str_appends(&line, "Set-Cookie: ");
  smart_str_append(&line, name);
  if (index > 0) {
    const sealedcookie::ChunkSuffix suffix = sealedcookie::ChunkSuffixOf(index);
    smart_str_appendl(&line, suffix.view().data(), suffix.view().size());
  }
  smart_str_appendc(&line, '=');
  smart_str_appendl(&line, prefix.data(), prefix.size());
  smart_str_appendl(&line, value.data(), value.size());
  AppendAttributes(&line, settings, expiry);
  smart_str_0(&line);
  AddHeader(&line);
  smart_str_free(&line);
}

// Adds one Set-Cookie per chunk of `sealed`; returns how many.
size_t AddChunks(const zend_string* name, const zend_string* sealed,
                 const ScCookieSettings& settings) {
  const Expiry expiry = ExpiryOf(settings);
  const sealedcookie::ChunkLayout layout =
      sealedcookie::PlanChunks(ZSTR_LEN(name), ZSTR_LEN(sealed), SIZE_MAX);
  for (size_t i = 0; i < layout.count; ++i) {
    const sealedcookie::ChunkValue chunk =
        sealedcookie::ChunkValueAt(layout, ZSTR_LEN(name), ScStringView(sealed), i);
    AddCookie(name, i, chunk.prefix(), chunk.part, settings, expiry);
  }
  return layout.count;
}

// Adds the Set-Cookies for data cookie `name`: its sealed value (a string) or
// its expiry (null), and the expiry of chunks the request carried that are no
// longer used.
void EmitFor(const zend_string* name, const zval* pending, const ScCookieSettings& settings) {
  RemoveEarlierCookies(name);
  size_t used = 1;
  if (Z_TYPE_P(pending) == IS_STRING) {
    used = AddChunks(name, Z_STR_P(pending), settings);
    if (used == 0) used = 1;
  } else {
    AddCookie(name, 0, {}, "deleted", settings, kExpired);
  }
  const uint32_t carried = ScIncomingCarried(name);
  for (size_t i = used; i < sealedcookie::kMaxChunks; ++i) {
    if (carried & (1u << i)) AddCookie(name, i, {}, "deleted", settings, kExpired);
  }
}

// True when INI setting `name` holds a NUL byte. Before PHP 8.5 ext/session
// keeps its strings as C strings, which end at the NUL, so the settings' views
// miss it; the INI entry keeps the whole value on every version.
bool IniValueHoldsNul(const char* name) {
  const auto* entry = static_cast<const zend_ini_entry*>(
      zend_hash_str_find_ptr(EG(ini_directives), name, strlen(name)));
  return entry != nullptr && entry->value != nullptr &&
         memchr(ZSTR_VAL(entry->value), '\0', ZSTR_LEN(entry->value)) != nullptr;
}

// The response's header block as a SAPI writes it: every line in the list and
// its CRLF, then the blank line (a Status line, when the SAPI writes one, is in
// the budget's margin).
size_t HeaderBlockSize() {
  size_t size = 2;
  for (const zend_llist_element* element = SG(sapi_headers).headers.head; element != nullptr;
       element = element->next) {
    size += reinterpret_cast<const sapi_header_struct*>(element->data)->header_len + 2;
  }
  return size;
}

// When the data cookies' lines take the header block past the response budget
// (a web server would answer 502 for the whole response), every sealed value
// is taken out again, with a session id cookie set in this response, so the
// client keeps the cookies it has; an expiry (session_destroy()) is a short
// line and stays. Warns (deferred).
void KeepWithinResponseBudget(HashTable* pending) {
  if (SCG(response_header_budget) <= 0) return;
  const size_t size = HeaderBlockSize();
  if (size <= static_cast<size_t>(SCG(response_header_budget))) return;
  bool dropped = false;
  zend_string* name = nullptr;
  zval* entry = nullptr;
  ZEND_HASH_FOREACH_STR_KEY_VAL(pending, name, entry) {
    if (Z_TYPE_P(entry) != IS_STRING) continue;
    RemoveEarlierCookies(name);
    dropped = true;
  }
  ZEND_HASH_FOREACH_END();
  if (!dropped) return;
  // A new session id would leave the client's data cookie bound to its old id
  // (a regenerated id, as at login): the id goes back too, so the client keeps
  // the id and the session it had.
  RemoveSessionIdCookie();
  SCG(request).written.sent = false;  // what was committed does not reach the client
  ScDiagnose(SC_DIAG_RESPONSE_BUDGET, size);
}

// Warns (deferred) when the next request's Cookie header would pass the
// budget, counting every Set-Cookie of this response (the data cookies, the
// session id cookie, the application's own).
void CheckHeaderBudget() {
  if (SCG(header_budget) <= 0) return;
  const size_t budget = static_cast<size_t>(SCG(header_budget));
  const zend_llist* list = &SG(sapi_headers).headers;
  auto* lines =
      static_cast<std::string_view*>(safe_emalloc(list->count, sizeof(std::string_view), 0));
  size_t count = 0;
  for (const zend_llist_element* element = list->head; element != nullptr;
       element = element->next) {
    lines[count++] = HeaderView(reinterpret_cast<const sapi_header_struct*>(element->data));
  }
  const char* request_cookies = SG(request_info).cookie_data;
  const size_t size = sealedcookie::EstimateNextCookieHeader(
      request_cookies != nullptr ? request_cookies : "", lines, count, budget);
  efree(lines);
  if (size > budget) ScDiagnose(SC_DIAG_HEADER_BUDGET, size);
}

}  // namespace

size_t ScOutgoingRefusedAttribute(const ScCookieSettings& settings) {
  const std::string_view values[] = {settings.path, settings.domain, settings.samesite};
  static_assert(sizeof(values) / sizeof(values[0]) == kScAttributeCount);
  for (size_t i = 0; i < kScAttributeCount; ++i) {
    if (!sealedcookie::IsAllowedAttributeValue(values[i]) ||
        IniValueHoldsNul(kScAttributeSettings[i])) {
      return i;
    }
  }
  return kScAttributeCount;
}

void ScOutgoingEmit() {
  HashTable* pending = SCG(request).response.pending;
  if (pending == nullptr) return;
  SCG(request).response.pending = nullptr;  // taken: nothing is emitted twice
  const ScCookieSettings settings = ScSessionCookieSettings();
  // Checked at commit too; this catches a setting changed since
  // (session_write_close(), then ini_set() before the first output).
  const size_t refused = ScOutgoingRefusedAttribute(settings);
  if (refused == kScAttributeCount) {
    zend_string* name = nullptr;
    zval* entry = nullptr;
    ZEND_HASH_FOREACH_STR_KEY_VAL(pending, name, entry) { EmitFor(name, entry, settings); }
    ZEND_HASH_FOREACH_END();
    KeepWithinResponseBudget(pending);
    CheckHeaderBudget();
  } else {
    SCG(request).written.sent = false;  // what was committed does not reach the client
    ScDiagnose(SC_DIAG_REFUSED_ATTRIBUTE, refused);
  }
  zend_hash_destroy(pending);
  FREE_HASHTABLE(pending);
}
