// sealedcookie: module entry, INI settings, phpinfo, and the PHP functions.
//
// The keys (sealedcookie.keys / sealedcookie.key_file, PHP_INI_SYSTEM) are
// parsed once in MINIT and wiped at MSHUTDOWN. A bad configuration is a startup
// warning naming the setting and the entry's position, never the key; PHP keeps
// serving, and session_start() with this handler fails with the same message.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "SAPI.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "ext/session/php_session.h"
}
// clang-format on

#include <sodium.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

#include "php_sealedcookie.h"
#include "sealedcookie/chunks.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"
#include "sealedcookie_arginfo.h"
#include "sealedcookie_internal.h"

extern "C" {
ZEND_DECLARE_MODULE_GLOBALS(sealedcookie)
}

namespace {

// All data cookies together: at most kMaxChunks cookies of 4096 bytes.
constexpr zend_long kMaxWireSizeInBytes =
    sealedcookie::kMaxChunks * sealedcookie::kMaxCookieWireSizeInBytes;
constexpr size_t kKeyTextBufferSize = 128;

ZEND_INI_DISP(DisplayHidden) {
  const zend_string* value = type == ZEND_INI_DISPLAY_ORIG && ini_entry->modified
                                 ? ini_entry->orig_value
                                 : ini_entry->value;
  PUTS(value != nullptr && ZSTR_LEN(value) > 0 ? "********" : "no value");
}

// The keys are read once, in MINIT. A value set later for either setting (per
// pool or per directory, and again when it is restored after the request) is
// compared with the startup one here, when it is set, so that opening a
// session only checks the flag. The calls from REGISTER_INI_ENTRIES come
// before the keys are loaded; MINIT clears the flag after loading them.
ZEND_INI_MH(OnUpdateKeySetting) {
  const bool is_list = zend_string_equals_literal(entry->name, "sealedcookie.keys");
  const char* value = new_value != nullptr ? ZSTR_VAL(new_value) : "";
  const char* list = is_list ? value : ScIniString("sealedcookie.keys");
  const char* file = is_list ? ScIniString("sealedcookie.key_file") : value;
  SCG(keys_settings_changed) = !ScKeysSettingsUnchanged(list, file);
  return SUCCESS;
}

// Printable ASCII only: it is shown by phpinfo() and compared byte for byte
// across the servers of a pool, where invisible differences would only confuse.
ZEND_INI_MH(OnUpdateContext) {
  bool printable = ZSTR_LEN(new_value) <= sealedcookie::kMaxApplicationSizeInBytes;
  for (size_t i = 0; printable && i < ZSTR_LEN(new_value); ++i) {
    const unsigned char c = static_cast<unsigned char>(ZSTR_VAL(new_value)[i]);
    printable = c >= 0x20 && c < 0x7f;
  }
  if (!printable) {
    php_error_docref(nullptr, E_WARNING,
                     "sealedcookie.context must be at most 255 printable ASCII characters");
    return FAILURE;
  }
  return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

ZEND_INI_MH(OnUpdateCookieName) {
  if (ZSTR_LEN(new_value) > sealedcookie::kMaxCookieNameSizeInBytes ||
      strpbrk(ZSTR_VAL(new_value), kScForbiddenNameChars) != nullptr) {
    php_error_docref(nullptr, E_WARNING,
                     "sealedcookie.cookie_name must be at most 255 bytes without any of "
                     "=,;.[ and whitespace");
    return FAILURE;
  }
  return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

// A whole number of bytes in [minimum, maximum], nothing after the digits.
bool IsByteCount(const zend_string* value, zend_long minimum, zend_long maximum) {
  char* end = nullptr;
  zend_long size = ZEND_STRTOL(ZSTR_VAL(value), &end, 10);
  return ZSTR_LEN(value) > 0 && *end == '\0' && size >= minimum && size <= maximum;
}

ZEND_INI_MH(OnUpdateMaxSize) {
  if (!IsByteCount(new_value, 1, kMaxWireSizeInBytes)) {
    php_error_docref(nullptr, E_WARNING,
                     "sealedcookie.max_size must be a number of bytes between 1 and " ZEND_LONG_FMT
                     " (%zu cookies of %zu bytes)",
                     kMaxWireSizeInBytes, sealedcookie::kMaxChunks,
                     sealedcookie::kMaxCookieWireSizeInBytes);
    return FAILURE;
  }
  return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

ZEND_INI_MH(OnUpdateHeaderBudget) {
  if (!IsByteCount(new_value, 0, ZEND_LONG_MAX)) {
    php_error_docref(nullptr, E_WARNING, "%s must be a number of bytes, or 0 for no check",
                     ZSTR_VAL(entry->name));
    return FAILURE;
  }
  return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

ZEND_INI_MH(OnUpdateRevokedBefore) {
  if (!IsByteCount(new_value, 0, ZEND_LONG_MAX)) {
    php_error_docref(
        nullptr, E_WARNING,
        "sealedcookie.revoked_before must be a Unix time in seconds (date +%%s), or 0");
    return FAILURE;
  }
  return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

ZEND_INI_MH(OnUpdateMaxLifetime) {
  const zend_long seconds = ZEND_STRTOL(ZSTR_VAL(new_value), nullptr, 10);
  if (seconds < 0) {
    php_error_docref(nullptr, E_WARNING, "sealedcookie.max_lifetime must be 0 or more seconds");
    return FAILURE;
  }
  // Once, where the operator set it (php.ini, -d): 0 lets a copied cookie that
  // keeps being used live for ever. Not at runtime: that is the code's choice.
  if (seconds == 0 && stage == ZEND_INI_STAGE_STARTUP) {
    php_error_docref(nullptr, E_NOTICE,
                     "sealedcookie.max_lifetime = 0: sessions have no absolute lifetime, so a "
                     "copy of a cookie that is used at least once per session.gc_maxlifetime "
                     "can be replayed for ever");
  }
  return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

}  // namespace

// 14 days from creation, as iron-session's ttl and ASP.NET Core's cookie
// authentication (README, "Replay has an end"). A string: INI defaults are.
#define SC_DEFAULT_MAX_LIFETIME "1209600"
// Stock nginx reads a FastCGI response's headers into one fastcgi_buffer_size
// buffer (4096 bytes, a page) and answers 502 when they do not fit; 96 bytes
// are left for the FastCGI record header and padding and a Status line.
#define SC_DEFAULT_RESPONSE_HEADER_BUDGET "4000"

PHP_INI_BEGIN()
PHP_INI_ENTRY_EX("sealedcookie.keys", "", PHP_INI_SYSTEM, OnUpdateKeySetting, DisplayHidden)
PHP_INI_ENTRY("sealedcookie.key_file", "", PHP_INI_SYSTEM, OnUpdateKeySetting)
STD_PHP_INI_ENTRY("sealedcookie.context", "", PHP_INI_SYSTEM, OnUpdateContext, context_setting,
                  zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_ENTRY("sealedcookie.cookie_name", "", PHP_INI_ALL, OnUpdateCookieName,
                  cookie_name_setting, zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_ENTRY("sealedcookie.max_size", "4096", PHP_INI_ALL, OnUpdateMaxSize, max_size,
                  zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_BOOLEAN("sealedcookie.compress", "0", PHP_INI_ALL, OnUpdateBool, compress,
                    zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_ENTRY("sealedcookie.header_budget", "8192", PHP_INI_ALL, OnUpdateHeaderBudget,
                  header_budget, zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_ENTRY("sealedcookie.response_header_budget", SC_DEFAULT_RESPONSE_HEADER_BUDGET,
                  PHP_INI_ALL, OnUpdateHeaderBudget, response_header_budget,
                  zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_ENTRY("sealedcookie.max_lifetime", SC_DEFAULT_MAX_LIFETIME, PHP_INI_ALL,
                  OnUpdateMaxLifetime, max_lifetime, zend_sealedcookie_globals,
                  sealedcookie_globals)
STD_PHP_INI_ENTRY("sealedcookie.revoked_before", "0", PHP_INI_SYSTEM, OnUpdateRevokedBefore,
                  revoked_before, zend_sealedcookie_globals, sealedcookie_globals)
STD_PHP_INI_BOOLEAN("sealedcookie.counters", "1", PHP_INI_SYSTEM, OnUpdateBool, counters_enabled,
                    zend_sealedcookie_globals, sealedcookie_globals)
PHP_INI_END()

PHP_FUNCTION(sealedcookie_status) {
  ZEND_PARSE_PARAMETERS_NONE();
  RETURN_STRING(ScStatusName(SCG(request).incoming.status));
}

namespace {

void AddTime(zval* facts, const char* name, bool known, int64_t seconds) {
  if (known) {
    add_assoc_long(facts, name, static_cast<zend_long>(seconds));
  } else {
    add_assoc_null(facts, name);
  }
}

}  // namespace

PHP_FUNCTION(sealedcookie_facts) {
  ZEND_PARSE_PARAMETERS_NONE();
  const sc_incoming& incoming = SCG(request).incoming;
  const sealedcookie::OpenResult& result = incoming.result;
  array_init(return_value);
  add_assoc_string(return_value, "status", ScStatusName(incoming.status));
  const char* reason = ScReasonName(incoming.reason);
  if (reason != nullptr) {
    add_assoc_string(return_value, "reason", reason);
  } else {
    add_assoc_null(return_value, "reason");
  }
  // Authentic facts only: from a value that opened, expired or was revoked.
  const bool authentic = ScIncomingAuthentic();
  const bool named = authentic || incoming.reason == SC_REASON_UNKNOWN_KEY;
  const size_t index = authentic ? ScKeyIndexOf(result.key_id) : SIZE_MAX;
  if (index != SIZE_MAX && *ScKeyLabelAt(index) != '\0') {
    add_assoc_string(return_value, "key", ScKeyLabelAt(index));
  } else {
    add_assoc_null(return_value, "key");
  }
  if (named) {
    char id[16];
    snprintf(id, sizeof(id), "%08x", result.key_id);
    add_assoc_string(return_value, "key_id", id);
  } else {
    add_assoc_null(return_value, "key_id");
  }
  AddTime(return_value, "created", authentic, result.created_at_seconds);
  AddTime(return_value, "last_written", authentic, result.last_write_at_seconds);
  const sealedcookie::Lifetimes lifetimes = ScLifetimes();
  const bool idle = authentic && lifetimes.idle_timeout_seconds != sealedcookie::kNoIdleTimeout;
  AddTime(return_value, "idle_expires", idle,
          result.last_write_at_seconds + (idle ? lifetimes.idle_timeout_seconds : 0));
  const bool absolute = authentic && lifetimes.absolute_lifetime_seconds > 0;
  AddTime(return_value, "absolute_expires", absolute,
          result.created_at_seconds + lifetimes.absolute_lifetime_seconds);
  add_assoc_long(return_value, "chunks", static_cast<zend_long>(incoming.chunks));
  add_assoc_long(return_value, "wire_bytes", static_cast<zend_long>(incoming.wire_bytes));
  if (incoming.plain != nullptr) {
    add_assoc_bool(return_value, "compressed", result.compressed);
  } else {
    add_assoc_null(return_value, "compressed");
  }
}

PHP_FUNCTION(sealedcookie_counters) {
  ZEND_PARSE_PARAMETERS_NONE();
  if (!ScCountersArray(return_value)) RETURN_FALSE;
}

PHP_FUNCTION(sealedcookie_metrics) {
  ZEND_PARSE_PARAMETERS_NONE();
  zend_string* text = ScCountersMetrics();
  if (text == nullptr) RETURN_FALSE;
  RETURN_STR(text);
}

PHP_FUNCTION(sealedcookie_generate_key) {
  zend_string* label = nullptr;
  ZEND_PARSE_PARAMETERS_START(0, 1)
  Z_PARAM_OPTIONAL
  Z_PARAM_STR(label)
  ZEND_PARSE_PARAMETERS_END();
  char text[kKeyTextBufferSize];
  size_t length = 0;
  const std::string_view label_view = label != nullptr ? ScStringView(label) : std::string_view();
  if (!sealedcookie::GenerateKeyText(label_view, text, sizeof(text), &length)) {
    zend_argument_value_error(1, "must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -");
    RETURN_THROWS();
  }
  RETVAL_STRINGL(text, length);
  sodium_memzero(text, sizeof(text));
}

PHP_FUNCTION(sealedcookie_max_session_size) {
  ZEND_PARSE_PARAMETERS_NONE();
  zend_string* name = SCG(request).cookie_name != nullptr && ScSessionActive()
                          ? zend_string_copy(SCG(request).cookie_name)
                          : ScCookieNameFor(ScSessionName(), false);
  if (name == nullptr) RETURN_LONG(0);
  // Uncompressed: what compression saves depends on the data.
  size_t max_sealed_size =
      sealedcookie::MaxSealedSizeForWire(ZSTR_LEN(name), static_cast<size_t>(SCG(max_size)));
  zend_string_release(name);
  if (max_sealed_size < sealedcookie::SealedSize(0)) RETURN_LONG(0);
  RETURN_LONG(static_cast<zend_long>(sealedcookie::MaxSessionSizeFor(max_sealed_size)));
}

static PHP_GINIT_FUNCTION(sealedcookie) {
#if defined(COMPILE_DL_SEALEDCOOKIE) && defined(ZTS)
  ZEND_TSRMLS_CACHE_UPDATE();
#endif
  memset(sealedcookie_globals, 0, sizeof(*sealedcookie_globals));
}

static PHP_MINIT_FUNCTION(sealedcookie) {
  SCG(startup_pid) = getpid();
  REGISTER_INI_ENTRIES();
  const char* keys = ScIniString("sealedcookie.keys");
  const char* key_file = ScIniString("sealedcookie.key_file");
  bool loaded = ScKeysLoad(keys, key_file);
  SCG(keys_settings_changed) = false;  // the ring was read from these values
  if (!loaded) {
    bool configured = (keys != nullptr && *keys) || (key_file != nullptr && *key_file);
    const char* handler = zend_ini_string_ex(const_cast<char*>("session.save_handler"),
                                             sizeof("session.save_handler") - 1, 0, nullptr);
    if (configured || (handler != nullptr && strcasecmp(handler, "sealedcookie") == 0)) {
      // php-fpm serves a pool: a server without its keys must not answer (it
      // would log every user out), so it refuses to start, on a reload too,
      // and the load balancer sends its requests to the others. Other SAPIs
      // (the CLI, cron jobs, Apache with other sites) keep running.
      if (strcmp(sapi_module.name, "fpm-fcgi") == 0) {
        zend_error(E_CORE_WARNING,
                   "sealedcookie: %s; php-fpm refuses to start without its keys (README, "
                   "\"Rotating keys\")",
                   ScKeysError());
        return FAILURE;
      }
      zend_error(E_CORE_WARNING, "sealedcookie: %s; sessions using this handler will fail",
                 ScKeysError());
    }
  } else if (ScKeysNoneActive()) {
    zend_error(E_CORE_WARNING,
               "sealedcookie: no key's activation time has come yet; the first key seals");
  }
  if (!ScCountersStartup()) {
    zend_error(E_CORE_WARNING, "sealedcookie: the counters' shared memory could not be mapped");
  }
  if (php_session_register_module(&ps_mod_sealedcookie) != SUCCESS) return FAILURE;
  ScHeadersHookInstall();
  return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(sealedcookie) {
  ScHeadersHookRemove();
  ScCountersShutdown();
  ScKeysUnload();
  UNREGISTER_INI_ENTRIES();
  return SUCCESS;
}

static PHP_RINIT_FUNCTION(sealedcookie) {
#if defined(COMPILE_DL_SEALEDCOOKIE) && defined(ZTS)
  ZEND_TSRMLS_CACHE_UPDATE();
#endif
  ScApplicationDerive();
  return SUCCESS;
}

// Per-request state outlives RSHUTDOWN: session's final write() comes after ours.
static ZEND_MODULE_POST_ZEND_DEACTIVATE_D(sealedcookie) {
  ScRequestReset();
  return SUCCESS;
}

// Key count and primary label only: never anything derived from key bytes.
static void PrintKeyRows() {
  char number[32];
  if (ScSealer() == nullptr) {
    php_info_print_table_row(2, "Keys", "not usable");
    php_info_print_table_row(2, "Configuration error", ScKeysError());
    return;
  }
  snprintf(number, sizeof(number), "%zu", ScKeyCount());
  php_info_print_table_row(2, "Keys", number);
  const char* label = ScPrimaryKeyLabel();
  php_info_print_table_row(2, "Sealing key label", *label ? label : "(none)");
}

static void PrintLimitRows() {
  char number[48];
  const char* name = SCG(cookie_name_setting);
  php_info_print_table_row(2, "Data cookie name",
                           name != nullptr && *name ? name : "session.name + \"_SC\"");
  snprintf(number, sizeof(number), ZEND_LONG_FMT " bytes", SCG(max_size));
  php_info_print_table_row(2, "Data cookies size limit", number);
  php_info_print_table_row(2, "Compression", SCG(compress) ? "on" : "off");
  // Not a secret; shown so that an operator can compare it across a pool.
  const std::string_view application = ScApplication();
  char context[sealedcookie::kMaxApplicationSizeInBytes + 16];
  snprintf(context, sizeof(context), "%.*s%s", static_cast<int>(application.size()),
           application.data(), ScApplicationSet() ? "" : " (derived)");
  php_info_print_table_row(2, "Application context", context);
  php_info_print_table_row(2, "Idle timeout", "session.gc_maxlifetime");
  if (SCG(max_lifetime) > 0) {
    snprintf(number, sizeof(number), ZEND_LONG_FMT " seconds", SCG(max_lifetime));
  } else {
    snprintf(number, sizeof(number), "none");
  }
  php_info_print_table_row(2, "Absolute lifetime", number);
  if (SCG(revoked_before) > 0) {
    snprintf(number, sizeof(number), "created before " ZEND_LONG_FMT " (Unix time)",
             SCG(revoked_before));
  } else {
    snprintf(number, sizeof(number), "none");
  }
  php_info_print_table_row(2, "Revoked sessions", number);
}

static PHP_MINFO_FUNCTION(sealedcookie) {
  php_info_print_table_start();
  php_info_print_table_row(2, "sealedcookie support", "enabled");
  php_info_print_table_row(2, "Version", PHP_SEALEDCOOKIE_VERSION);
  php_info_print_table_row(2, "libsodium version", sodium_version_string());
  PrintKeyRows();
  PrintLimitRows();
  ScCountersInfo();
  php_info_print_table_end();
  DISPLAY_INI_ENTRIES();
}

static const zend_module_dep sealedcookie_deps[] = {ZEND_MOD_REQUIRED("session") ZEND_MOD_END};

extern "C" {
zend_module_entry sealedcookie_module_entry = {STANDARD_MODULE_HEADER_EX,
                                               nullptr,
                                               sealedcookie_deps,
                                               "sealedcookie",
                                               ext_functions,
                                               PHP_MINIT(sealedcookie),
                                               PHP_MSHUTDOWN(sealedcookie),
                                               PHP_RINIT(sealedcookie),
                                               nullptr,
                                               PHP_MINFO(sealedcookie),
                                               PHP_SEALEDCOOKIE_VERSION,
                                               PHP_MODULE_GLOBALS(sealedcookie),
                                               PHP_GINIT(sealedcookie),
                                               nullptr,
                                               ZEND_MODULE_POST_ZEND_DEACTIVATE_N(sealedcookie),
                                               STANDARD_MODULE_PROPERTIES_EX};
}

#ifdef COMPILE_DL_SEALEDCOOKIE
extern "C" {
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
}
ZEND_GET_MODULE(sealedcookie)
#endif
