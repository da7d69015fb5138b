/*
 * benchnull: a session save handler that does no work. A MEASURING DEVICE for
 * bench/request (the "sessionfloor" variant), NOT A USABLE HANDLER: every
 * session of a process is the same one, so sessions mix across users.
 *
 * What it leaves is PHP's own session machinery: session_start (id from the
 * cookie, cache-limiter headers), decoding and encoding the data, and
 * php_session_flush. To keep that work the same as a real handler's, read
 * returns the data last written in this process, whatever the id (empty at
 * first), and write keeps a copy of what it is given: each request decodes and
 * encodes the whole session, with no I/O and no crypto. Everything else
 * succeeds at once.
 *
 * Loaded by path (extension=/abs/benchnull.so) in the one pool or ini that
 * measures it; session.save_handler=benchnull.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
/* After php.h, which it needs. */
#include "ext/session/php_session.h"

/* The data last written in this process (persistent memory), or NULL. One
 * copy per process: php-fpm children are single-threaded. */
static zend_string *benchnull_last_written = NULL;

PS_FUNCS_UPDATE_TIMESTAMP(benchnull);

static const ps_module ps_mod_benchnull = {PS_MOD_UPDATE_TIMESTAMP(benchnull)};

/* PHP calls write only while mod_data is set: point it at the stored data. */
PS_OPEN_FUNC(benchnull) {
  PS_SET_MOD_DATA(&benchnull_last_written);
  return SUCCESS;
}

PS_CLOSE_FUNC(benchnull) {
  PS_SET_MOD_DATA(NULL);
  return SUCCESS;
}

/* A request-memory copy, as a handler that reads from a store returns: PHP
 * releases it with the request allocator. */
PS_READ_FUNC(benchnull) {
  *val = benchnull_last_written ? zend_string_init(ZSTR_VAL(benchnull_last_written),
                                                   ZSTR_LEN(benchnull_last_written), 0)
                                : ZSTR_EMPTY_ALLOC();
  return SUCCESS;
}

PS_WRITE_FUNC(benchnull) {
  zend_string *copy = zend_string_init(ZSTR_VAL(val), ZSTR_LEN(val), 1);
  if (benchnull_last_written) {
    zend_string_release_ex(benchnull_last_written, 1);
  }
  benchnull_last_written = copy;
  return SUCCESS;
}

PS_DESTROY_FUNC(benchnull) { return SUCCESS; }

PS_GC_FUNC(benchnull) {
  *nrdels = 0;
  return 0;
}

PS_CREATE_SID_FUNC(benchnull) { return php_session_create_id(mod_data); }

PS_VALIDATE_SID_FUNC(benchnull) { return SUCCESS; }

PS_UPDATE_TIMESTAMP_FUNC(benchnull) { return SUCCESS; }

static PHP_MINIT_FUNCTION(benchnull) { return php_session_register_module(&ps_mod_benchnull); }

static PHP_MSHUTDOWN_FUNCTION(benchnull) {
  if (benchnull_last_written) {
    zend_string_release_ex(benchnull_last_written, 1);
    benchnull_last_written = NULL;
  }
  return SUCCESS;
}

static const zend_module_dep benchnull_deps[] = {ZEND_MOD_REQUIRED("session") ZEND_MOD_END};

zend_module_entry benchnull_module_entry = {STANDARD_MODULE_HEADER_EX,
                                            NULL,
                                            benchnull_deps,
                                            "benchnull",
                                            NULL, /* no functions */
                                            PHP_MINIT(benchnull),
                                            PHP_MSHUTDOWN(benchnull),
                                            NULL, /* no request start-up */
                                            NULL, /* no request shutdown */
                                            NULL, /* no phpinfo section */
                                            "0.1",
                                            STANDARD_MODULE_PROPERTIES};

#ifdef COMPILE_DL_BENCHNULL
ZEND_GET_MODULE(benchnull)
#endif
