// What changed in ext/session's C API between PHP 8.2 and 8.6, in one place,
// so the rest of the glue reads the same on every version:
//   8.5  the session globals' strings (session_name, cookie_path, cookie_domain,
//        cookie_samesite, ...) became zend_string* (php-src #19041), and
//        session.cookie_partitioned (CHIPS) was added;
//   8.6  open() receives save_path and session_name as zend_string*, and the
//        INI_STR() macro is gone (zend_ini_string() works on every version).
// 8.3 and 8.4 have the 8.2 forms of all of these.
#ifndef SEALEDCOOKIE_PHP_COMPAT_H_
#define SEALEDCOOKIE_PHP_COMPAT_H_

#include <string_view>

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "ext/session/php_session.h"
}
// clang-format on

// A session string, whichever type this PHP gives it (an empty view for NULL).
// Overloads rather than version checks: the caller passes PS(field) or an
// open() argument as it is.
inline std::string_view ScView(const char* value) {
  return value != nullptr ? std::string_view(value) : std::string_view();
}
inline std::string_view ScView(const zend_string* value) {
  return value != nullptr ? std::string_view(ZSTR_VAL(value), ZSTR_LEN(value)) : std::string_view();
}

// session.cookie_partitioned, or false where PHP has no such setting (< 8.5).
inline bool ScCookiePartitioned() {
#if PHP_VERSION_ID >= 80500
  return PS(cookie_partitioned);
#else
  return false;
#endif
}

// The value of INI setting `name` as PHP holds it now (never NULL).
template <size_t N>
inline const char* ScIniString(const char (&name)[N]) {
  const char* value = zend_ini_string(name, N - 1, 0);
  return value != nullptr ? value : "";
}

#endif  // SEALEDCOOKIE_PHP_COMPAT_H_
