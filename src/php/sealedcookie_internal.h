// Declarations shared by the glue's translation units. Not a public API.
#ifndef SEALEDCOOKIE_PHP_INTERNAL_H_
#define SEALEDCOOKIE_PHP_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sealedcookie_compat.h"

namespace sealedcookie {
class Sealer;
}

// sealedcookie_keys.cpp: the process-wide key ring, loaded once in MINIT.
// Loads the keys from the INI values; on failure keeps a message naming the
// setting and the position of the bad entry (never its text).
bool ScKeysLoad(const char* key_list, const char* key_file);
void ScKeysUnload();
// False when the settings now differ from those read at startup (a per-pool or
// per-directory value): keys are read once, so such a change is refused.
bool ScKeysSettingsUnchanged(const char* key_list, const char* key_file);
// nullptr when the configuration is unusable.
const sealedcookie::Sealer* ScSealer();
// Why ScSealer() is nullptr, or nullptr when it is not.
const char* ScKeysError();
size_t ScKeyCount();
const char* ScPrimaryKeyLabel();

// sealedcookie_handler.cpp: the ps_module and the per-request state.
extern const ps_module ps_mod_sealedcookie;
// The data cookie name for a session named `session_name`, or NULL (with a
// warning when `warn`) when it would be unusable.
zend_string* ScCookieNameFor(std::string_view session_name, bool warn);
// The request's data cookie `name` (index 0) or its chunk NAME_<index>, or NULL.
zval* ScRequestCookie(const zend_string* name, size_t index);
// Which of data cookie `name`'s chunks the request carried, in one pass over
// $_COOKIE: bit 0 for NAME itself, bit i for NAME_<i>.
uint32_t ScRequestChunks(const zend_string* name);
// Records what the response must carry for session `id` holding `plain`.
zend_result ScCommit(zend_string* id, zend_string* plain);
// Raises (or, while headers are going out, defers) a diagnostic.
void ScDiagnose(int diagnostic, size_t size);
void ScDiagnosticsFlush();
void ScRequestReset();

// sealedcookie_headers.cpp: sealing at the moment headers go out.
void ScHeadersHookInstall();
void ScHeadersHookRemove();

#endif  // SEALEDCOOKIE_PHP_INTERNAL_H_
