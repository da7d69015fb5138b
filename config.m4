dnl sealedcookie: the PHP session, sealed (XChaCha20-Poly1305) into a cookie.
dnl Build: phpize && ./configure --enable-sealedcookie && make && make install

PHP_ARG_ENABLE([sealedcookie],
  [whether to enable sealedcookie],
  [AS_HELP_STRING([--enable-sealedcookie], [Enable the sealedcookie session save handler])],
  [no])

if test "$PHP_SEALEDCOOKIE" != "no"; then
  PHP_REQUIRE_CXX()
  PHP_CXX_COMPILE_STDCXX(17, mandatory, PHP_SEALEDCOOKIE_STDCXX)

  PKG_CHECK_MODULES([SODIUM], [libsodium >= 1.0.8])
  PHP_EVAL_INCLINE($SODIUM_CFLAGS)
  PHP_EVAL_LIBLINE($SODIUM_LIBS, SEALEDCOOKIE_SHARED_LIBADD)

  dnl zlib: raw deflate for the opt-in sealedcookie.compress.
  PKG_CHECK_MODULES([ZLIB], [zlib >= 1.2.0])
  PHP_EVAL_INCLINE($ZLIB_CFLAGS)
  PHP_EVAL_LIBLINE($ZLIB_LIBS, SEALEDCOOKIE_SHARED_LIBADD)
  PHP_SUBST(SEALEDCOOKIE_SHARED_LIBADD)

  dnl One list of core sources, shared with CMakeLists.txt.
  sealedcookie_srcdir=PHP_EXT_SRCDIR(sealedcookie)
  if test ! -f "$sealedcookie_srcdir/src/core/sources.txt"; then
    AC_MSG_ERROR([src/core/sources.txt not found in $sealedcookie_srcdir])
  fi
  SEALEDCOOKIE_CORE=`cat "$sealedcookie_srcdir/src/core/sources.txt"`
  SEALEDCOOKIE_GLUE="src/php/sealedcookie.cpp src/php/sealedcookie_keys.cpp \
    src/php/sealedcookie_ps_module.cpp src/php/sealedcookie_incoming.cpp \
    src/php/sealedcookie_commit.cpp src/php/sealedcookie_hook.cpp \
    src/php/sealedcookie_outgoing.cpp src/php/sealedcookie_session.cpp \
    src/php/sealedcookie_state.cpp src/php/sealedcookie_application.cpp \
    src/php/sealedcookie_counters.cpp"

  dnl -fno-exceptions: a C++ exception must never unwind into Zend frames, so
  dnl neither the core nor the glue may throw, try or catch (the compiler
  dnl refuses them); failures are results. CMakeLists.txt builds the core alike.
  PHP_NEW_EXTENSION(sealedcookie, $SEALEDCOOKIE_GLUE $SEALEDCOOKIE_CORE, $ext_shared,,
    [$PHP_SEALEDCOOKIE_STDCXX -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -fvisibility=hidden -fno-exceptions -I@ext_srcdir@/include],
    cxx)
  PHP_ADD_BUILD_DIR([$ext_builddir/src/php])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/core])
  ifdef([PHP_ADD_EXTENSION_DEP], [PHP_ADD_EXTENSION_DEP(sealedcookie, session)])
fi
