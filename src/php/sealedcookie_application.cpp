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
//   php-fpm   "pool:NAME user:USER"  (the pool's name and the user it runs as;
//                                     the name from the worker's title)
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

constexpr char kFpmWorkerTitle[] = "php-fpm: pool ";

// The pool name in a php-fpm worker's title, "php-fpm: pool NAME", into `out`.
bool PoolNameFromTitle(const char* title, char* out, size_t out_size) {
  if (title == nullptr || strncmp(title, kFpmWorkerTitle, sizeof(kFpmWorkerTitle) - 1) != 0) {
    return false;
  }
  const char* name = title + sizeof(kFpmWorkerTitle) - 1;
  return *name != '\0' && snprintf(out, out_size, "%s", name) < static_cast<int>(out_size);
}

// The fpm pool's name, into `out`; false outside php-fpm or when it cannot be
// read. A php-fpm worker titles itself "php-fpm: pool NAME" from its start,
// before any request, and no PHP function of the fpm SAPI retitles it. Where
// fpm has no setproctitle() (Linux), the title is written over argv[0], which
// the SAPI keeps as executable_location; otherwise setproctitle() shows it as
// the process's command line. (fpm_get_status() names the pool too, but takes
// the scoreboard lock, which is held elsewhere for a moment after a reload:
// it then fails, and workers crashed calling it in the pool suite.)
bool FpmPoolName(char* out, size_t out_size) {
  if (sapi_module.name == nullptr || strcmp(sapi_module.name, "fpm-fcgi") != 0) return false;
  if (PoolNameFromTitle(sapi_module.executable_location, out, out_size)) return true;
  char line[512] = {};
  FILE* f = fopen("/proc/self/cmdline", "r");
  if (f == nullptr) return false;
  const size_t n = fread(line, 1, sizeof(line) - 1, f);
  fclose(f);
  line[n] = '\0';  // the title ends at its first NUL
  return PoolNameFromTitle(line, out, out_size);
}

// The name of the user this process runs as, or "uid:N" when the user has no
// name. False when the user database could not be read (a transient NSS
// failure): the caller then does not keep the answer, so that one worker does
// not keep "uid:N" while the others of its pool have the name.
bool EffectiveUserName(char* out, size_t out_size) {
  const uid_t uid = geteuid();
  struct passwd entry;
  struct passwd* found = nullptr;
  char scratch[4096];
  const int error = getpwuid_r(uid, &entry, scratch, sizeof(scratch), &found);
  if (error == 0 && found != nullptr &&
      snprintf(out, out_size, "user:%s", found->pw_name) < static_cast<int>(out_size)) {
    return true;
  }
  snprintf(out, out_size, "uid:%lu", static_cast<unsigned long>(uid));
  return error == 0;  // no entry: "uid:N" is the answer; an error: ask again later
}

}  // namespace

void ScApplicationDerive() {
  char* derived = SCG(derived_application);
  // Kept per process: a value derived before a fork (opcache.preload runs a
  // request in a php-fpm master that is not root, before it forks the pools'
  // workers) is not the worker's.
  if (derived[0] != '\0' && SCG(derived_pid) == getpid()) return;
  // Both fit the 255 bytes the associated data carries (kMaxApplicationSizeInBytes).
  char pool[200];
  char user[48];
  const bool user_known = EffectiveUserName(user, sizeof(user));
  const bool fpm = sapi_module.name != nullptr && strcmp(sapi_module.name, "fpm-fcgi") == 0;
  const size_t size = sizeof(SCG(derived_application));
  if (FpmPoolName(pool, sizeof(pool))) {
    snprintf(derived, size, "pool:%s %s", pool, user);
  } else {
    snprintf(derived, size, "%s", user);
    // A php-fpm worker (not the master, which ran MINIT and may run a preload
    // request) whose pool cannot be named (a pool name of 200 bytes or more, a
    // system without either title) shares its context with every pool of its
    // user: say so.
    if (fpm && getpid() != SCG(startup_pid) && !ScApplicationSet()) {
      php_error_docref(nullptr, E_WARNING,
                       "sealedcookie: this php-fpm worker's pool name could not be read, so its "
                       "application context is \"%s\" only, shared with every pool of that "
                       "user; set sealedcookie.context per pool (php_admin_value)",
                       derived);
    }
  }
  SCG(derived_pid) = user_known ? getpid() : 0;
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
