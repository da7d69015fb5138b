// The application a sealed value belongs to: the one part of its associated
// data that no application code can choose. Cookie name and session id are
// settable from PHP (ini_set, session_id), so without it another application
// holding the same keys (another pool of the same php-fpm master) could seal a
// value this one accepts.
//
// sealedcookie.context, when set, is the application. It is PHP_INI_SYSTEM:
// php.ini, php_admin_value (per php-fpm pool or Apache virtual host) or the
// web server's PHP_ADMIN_VALUE; ini_set(), .user.ini and php_value cannot
// change it. Unset, the application is derived from what the administrator
// configured for the worker, once per process:
//   php-fpm   "pool:NAME user:USER"  (the pool's name and the user it runs as)
//   others    "user:USER"            (the effective user; uid:N without a name)
// A value opens only where the same context is in force: every server of a
// pool must derive or set the same one.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "SAPI.h"
}
// clang-format on

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "php_sealedcookie.h"
#include "sealedcookie/sealer.h"
#include "sealedcookie_internal.h"

namespace {

// The fpm pool's name, from the SAPI's own fpm_get_status() (the pool of this
// worker), into `out`; false outside php-fpm or when it is unavailable (the
// function disabled by disable_functions).
bool FpmPoolName(char* out, size_t out_size) {
  if (sapi_module.name == nullptr || strcmp(sapi_module.name, "fpm-fcgi") != 0) return false;
  zend_function* status = static_cast<zend_function*>(
      zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("fpm_get_status")));
  if (status == nullptr) return false;
  zval result;
  ZVAL_UNDEF(&result);
  zend_call_known_function(status, nullptr, nullptr, &result, 0, nullptr, nullptr);
  bool found = false;
  if (Z_TYPE(result) == IS_ARRAY) {
    zval* pool = zend_hash_str_find(Z_ARRVAL(result), ZEND_STRL("pool"));
    if (pool != nullptr && Z_TYPE_P(pool) == IS_STRING) {
      found = snprintf(out, out_size, "%s", Z_STRVAL_P(pool)) < static_cast<int>(out_size);
    }
  }
  zval_ptr_dtor(&result);
  return found;
}

// The name of the user this process runs as, or "uid:N" without one.
void EffectiveUserName(char* out, size_t out_size) {
  const uid_t uid = geteuid();
  struct passwd entry;
  struct passwd* found = nullptr;
  char scratch[1024];
  if (getpwuid_r(uid, &entry, scratch, sizeof(scratch), &found) == 0 && found != nullptr &&
      snprintf(out, out_size, "user:%s", found->pw_name) < static_cast<int>(out_size)) {
    return;
  }
  snprintf(out, out_size, "uid:%lu", static_cast<unsigned long>(uid));
}

}  // namespace

void ScApplicationDerive() {
  char* derived = SCG(derived_application);
  if (derived[0] != '\0') return;
  // Both fit the 255 bytes the associated data carries (kMaxApplicationSizeInBytes).
  char pool[96];
  char user[96];
  EffectiveUserName(user, sizeof(user));
  if (FpmPoolName(pool, sizeof(pool))) {
    snprintf(derived, sizeof(SCG(derived_application)), "pool:%s %s", pool, user);
  } else {
    snprintf(derived, sizeof(SCG(derived_application)), "%s", user);
  }
}

std::string_view ScApplication() {
  const char* setting = SCG(context_setting);
  if (setting != nullptr && *setting != '\0') return setting;
  ScApplicationDerive();
  return SCG(derived_application);
}

bool ScApplicationSet() {
  const char* setting = SCG(context_setting);
  return setting != nullptr && *setting != '\0';
}
