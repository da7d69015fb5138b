#!/usr/bin/env bash
# Lists the writable static data of a built sealedcookie.so (nm: symbols in
# .data/.bss, including TLS) that are not known to be process-wide by design.
#   bash scripts/zts/statics.sh [--list] path/to/sealedcookie.so
# Per-request state must live in the module globals (SCG(), one copy per
# thread under ZTS); the names allowed below are written only in MINIT and
# MSHUTDOWN (keys, the send_headers hook), are Zend's registration tables, or
# are C++ function-local statics initialised once under a guard and constant
# afterwards. Prints one line per other symbol and exits 1 when there is any;
# prints "statics: N symbols, all known" otherwise. --list prints them all first.
set -uo pipefail
list=0
[ "${1:-}" = --list ] && { list=1; shift; }
so=$1
allowed='^((\(anonymous namespace\)::)?g_(counters|error|installed|original_send_headers|ring|sealer|settings_digest)'
allowed+='|sealedcookie_globals(_id|_offset)?|_tsrm_ls_cache|sealedcookie_module_entry|sealedcookie_deps'
allowed+='|ini_entries|ext_functions|arginfo_[a-z_]+|ps_mod_sealedcookie'
allowed+='|guard variable for .*|sealedcookie::SystemClock::Instance\(\)::clock'
allowed+='|sealedcookie::internal::Base64UrlHasSimd\(\)::has_avx2'
allowed+='|(vtable|typeinfo|typeinfo name) for .*|DW\.ref\..*|__cpu_model|__cpu_features2'
allowed+='|__dso_handle|__TMC_END__|completed\.[0-9]+|_GLOBAL_OFFSET_TABLE_|_DYNAMIC'
allowed+='|__(frame_dummy_init|do_global_dtors_aux_fini)_array_entry|__bss_start|_edata|_end'
allowed+='|std::__detail::.*::__digits)$'
syms=$(nm -C --defined-only "$so" | awk '$2 ~ /^[bBdDsSvVuG]$/ { $1 = ""; $2 = ""; sub(/^  /, ""); print }') ||
  { echo "statics: nm failed on $so"; exit 1; }
[ "$list" = 1 ] && nm -C --defined-only "$so" | awk '$2 ~ /^[bBdDsSvVuG]$/' | sed 's/^/statics: /'
unknown=$(printf '%s\n' "$syms" | grep -vE "$allowed")
if [ -n "$unknown" ]; then
  printf '%s\n' "$unknown" | sed 's/^/statics: writable static outside the module globals: /'
  exit 1
fi
echo "statics: $(printf '%s\n' "$syms" | grep -c .) symbols, all known"
