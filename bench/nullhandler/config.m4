dnl benchnull: a bench-only session save handler that does no work (see benchnull.c).
dnl Built by bench/request/lib.sh (bench_nullhandler) into out/bench-nullhandler; never installed.

PHP_ARG_ENABLE([benchnull],
  [whether to enable the benchnull session save handler (a measuring device)],
  [AS_HELP_STRING([--enable-benchnull], [Enable the bench-only benchnull save handler])],
  [no])

if test "$PHP_BENCHNULL" != "no"; then
  PHP_NEW_EXTENSION(benchnull, benchnull.c, $ext_shared)
  ifdef([PHP_ADD_EXTENSION_DEP], [PHP_ADD_EXTENSION_DEP(benchnull, session)])
fi
