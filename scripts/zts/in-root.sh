# shellcheck shell=bash
# Sourced by phpt.sh and threads.sh (which run where the ZTS PHP is first in
# PATH): zts_label NAME sets the label of the final line; zts_fail MSG prints
# MSG and "NAME: 0 passed, 1 failed" and exits 1. Checks that php is ZTS and
# sets zts_prefix and SC_APACHE_PHP_MODULE (the prefix's threaded mod_php
# unless already set).
zts_label() { zts_name=$1; }
zts_fail() {
  echo "$zts_name: $1"
  echo "$zts_name: 0 passed, 1 failed"
  exit 1
}
zts_check_php() {
  php -r 'exit(PHP_ZTS ? 0 : 1);' || zts_fail "$(command -v php) is not a ZTS build"
  zts_prefix=$(php-config --prefix)
  export SC_APACHE_PHP_MODULE="${SC_APACHE_PHP_MODULE:-$zts_prefix/lib/apache2/libphp.so}"
}
