// What an operator sees: pool-wide counters in shared memory, and rate-limited
// lines in the PHP error log for what is wrong.
//
// The counters live in one anonymous shared mapping made in MINIT, before
// php-fpm (or Apache's prefork parent) forks its workers, as opcache makes its
// shared memory: every worker of the master adds to the same numbers with
// atomic adds, so they are exact under concurrency. A php-fpm reload execs the
// master again and starts them from zero; php-cgi and the CLI count for their
// own process only. Nothing in them is secret: key labels and ids, counts and
// byte totals.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "ext/standard/info.h"
#include "zend_smart_str.h"
}
// clang-format on

#include <sys/mman.h>

#include <cstdint>
#include <ctime>

#include "php_sealedcookie.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie_internal.h"

namespace {

// Keys counted by their position in the ring; opens naming a key the ring does
// not have are counted under "unknown".
constexpr size_t kCountedKeys = 16;
constexpr size_t kUnknownKeySlot = kCountedKeys;
// At most one log line a minute per kind and worker. A bad cookie now and then
// is the internet's background noise: forged ones are logged from a burst of
// kForgedBurst within a minute; a missing key or a wrong clock at the first.
constexpr int64_t kLogIntervalSeconds = 60;
constexpr uint64_t kForgedBurst = 10;

struct ScCounters {
  uint64_t opens[SC_STATUS_COUNT];
  uint64_t reasons[SC_REASON_COUNT];
  uint64_t opens_by_key[kCountedKeys + 1];
  uint64_t seals_by_key[kCountedKeys + 1];
  uint64_t refusals[SC_REFUSAL_COUNT];
  uint64_t seals;
  uint64_t bytes_sealed;
  uint64_t deletes;
};

ScCounters* g_counters = nullptr;

// Names as characters, not pointers: an array of pointers needs relocations
// and lands in writable data (scripts/zts/statics.sh).
constexpr size_t kNameWidth = 24;
using Names = const char (*)[kNameWidth];
constexpr char kStatusNames[SC_STATUS_COUNT][kNameWidth] = {"none",    "valid",   "resealed",
                                                            "expired", "invalid", "revoked"};
constexpr char kReasonNames[SC_REASON_COUNT][kNameWidth] = {
    "none",          "malformed",           "tampered",        "moved",        "unknown_key",
    "chunks_broken", "unsupported_version", "from_the_future", "idle_expired", "absolute_expired",
    "revoked",       "out_of_memory"};
constexpr char kRefusalNames[SC_REFUSAL_COUNT][kNameWidth] = {
    "too_large",    "too_many_chunks",   "snapshot_failed", "header_budget", "refused_attribute",
    "refused_line", "session_too_large", "response_budget", "late_change",   "late_destroy"};
static_assert(SC_REFUSAL_LATE_CHANGE == SC_DIAG_COUNT, "diagnostics come first");

void Add(uint64_t* counter, uint64_t n) { __atomic_fetch_add(counter, n, __ATOMIC_RELAXED); }
uint64_t Read(const uint64_t* counter) { return __atomic_load_n(counter, __ATOMIC_RELAXED); }

size_t KeySlot(uint32_t key_id) {
  const size_t index = ScKeyIndexOf(key_id);
  return index < kCountedKeys ? index : kUnknownKeySlot;
}

// The reasons an operator must hear of, and how each is said. A reason not
// here (expired, revoked) is a normal event and is only counted.
int LogKindOf(int reason) {
  switch (reason) {
    case SC_REASON_UNKNOWN_KEY:
      return SC_LOG_UNKNOWN_KEY;
    case SC_REASON_TAMPERED:
    case SC_REASON_MOVED:
    case SC_REASON_MALFORMED:
    case SC_REASON_CHUNKS_BROKEN:
      return SC_LOG_FORGED;
    case SC_REASON_FROM_THE_FUTURE:
      return SC_LOG_FUTURE;
    default:
      return -1;
  }
}

// Counts an event of `kind` in the current minute's window and writes the
// line once the window holds the kind's threshold, at most once a minute.
// Never a key, a cookie's value or a session id: counts and key ids only.
void LogRateLimited(int kind, uint32_t key_id) {
  sc_log& log = SCG(log);
  const int64_t now = static_cast<int64_t>(time(nullptr));
  if (log.window_start[kind] == 0 || now - log.window_start[kind] >= kLogIntervalSeconds) {
    log.window_start[kind] = now;
    log.pending[kind] = 0;
  }
  ++log.pending[kind];
  if (kind == SC_LOG_UNKNOWN_KEY) log.key_id = key_id;
  const uint64_t threshold = kind == SC_LOG_FORGED ? kForgedBurst : 1;
  if (log.pending[kind] < threshold) return;
  if (log.last[kind] != 0 && now - log.last[kind] < kLogIntervalSeconds) return;
  char line[256];
  const unsigned long long n = static_cast<unsigned long long>(log.pending[kind]);
  const long long seconds = static_cast<long long>(now - log.window_start[kind]);
  switch (kind) {
    case SC_LOG_UNKNOWN_KEY:
      snprintf(line, sizeof(line),
               "sealedcookie: %llu session cookie(s) in %llds sealed with key id %08x, which "
               "this server does not have (a key missing from its key file?)",
               n, seconds, log.key_id);
      break;
    case SC_LOG_FORGED:
      snprintf(line, sizeof(line),
               "sealedcookie: %llu session cookies in %llds tampered, moved from another "
               "session or malformed (sealedcookie_counters() has the reasons)",
               n, seconds);
      break;
    default:
      snprintf(line, sizeof(line),
               "sealedcookie: %llu session cookie(s) in %llds dated more than 5 minutes ahead "
               "of this server's clock (check the clocks of the pool)",
               n, seconds);
      break;
  }
  php_log_err_with_severity(line, LOG_WARNING);
  log.last[kind] = now;
  log.window_start[kind] = now;
  log.pending[kind] = 0;
}

void AppendLabel(smart_str* out, size_t slot) {
  if (slot == kUnknownKeySlot) {
    smart_str_appends(out, "unknown");
    return;
  }
  const char* label = ScKeyLabelAt(slot);
  if (*label != '\0') {
    smart_str_appends(out, label);
  } else {
    char id[16];
    snprintf(id, sizeof(id), "%08x", ScKeyIdAt(slot));
    smart_str_appends(out, id);
  }
}

// Slots worth showing: the ring's keys and "unknown".
bool SlotShown(size_t slot) { return slot == kUnknownKeySlot || slot < ScKeyCount(); }

void AddCounterArray(zval* result, const char* name, const uint64_t* counters, Names names,
                     size_t count) {
  zval group;
  array_init_size(&group, static_cast<uint32_t>(count));
  for (size_t i = 0; i < count; ++i) {
    add_assoc_long(&group, names[i], static_cast<zend_long>(Read(&counters[i])));
  }
  add_assoc_zval(result, name, &group);
}

void AddKeyArray(zval* result, const char* name, const uint64_t* counters) {
  zval group;
  array_init(&group);
  for (size_t slot = 0; slot <= kUnknownKeySlot; ++slot) {
    if (!SlotShown(slot)) continue;
    smart_str label = {};
    AppendLabel(&label, slot);
    smart_str_0(&label);
    add_assoc_long(&group, ZSTR_VAL(label.s), static_cast<zend_long>(Read(&counters[slot])));
    smart_str_free(&label);
  }
  add_assoc_zval(result, name, &group);
}

void AppendMetric(smart_str* out, const char* name, const char* help, const char* type) {
  smart_str_appends(out, "# HELP sealedcookie_");
  smart_str_appends(out, name);
  smart_str_appendc(out, ' ');
  smart_str_appends(out, help);
  smart_str_appends(out, "\n# TYPE sealedcookie_");
  smart_str_appends(out, name);
  smart_str_appendc(out, ' ');
  smart_str_appends(out, type);
  smart_str_appendc(out, '\n');
}

// One sample: sealedcookie_NAME{LABEL="VALUE"} N (the label values are ours:
// fixed names and key labels of [A-Za-z0-9_-], nothing to escape).
void AppendSample(smart_str* out, const char* name, const char* label, const char* value,
                  uint64_t n) {
  smart_str_appends(out, "sealedcookie_");
  smart_str_appends(out, name);
  if (label != nullptr) {
    smart_str_appendc(out, '{');
    smart_str_appends(out, label);
    smart_str_appends(out, "=\"");
    smart_str_appends(out, value);
    smart_str_appends(out, "\"}");
  }
  smart_str_appendc(out, ' ');
  smart_str_append_unsigned(out, static_cast<zend_ulong>(n));
  smart_str_appendc(out, '\n');
}

void AppendFamily(smart_str* out, const char* name, const char* help, const char* label,
                  const uint64_t* counters, Names names, size_t count) {
  AppendMetric(out, name, help, "counter");
  char total[64];
  snprintf(total, sizeof(total), "%s_total", name);
  for (size_t i = 0; i < count; ++i) AppendSample(out, total, label, names[i], Read(&counters[i]));
}

void AppendKeyFamily(smart_str* out, const char* name, const char* help, const uint64_t* counters) {
  AppendMetric(out, name, help, "counter");
  char total[64];
  snprintf(total, sizeof(total), "%s_total", name);
  for (size_t slot = 0; slot <= kUnknownKeySlot; ++slot) {
    if (!SlotShown(slot)) continue;
    smart_str label = {};
    AppendLabel(&label, slot);
    smart_str_0(&label);
    AppendSample(out, total, "key", ZSTR_VAL(label.s), Read(&counters[slot]));
    smart_str_free(&label);
  }
}

uint64_t RefusalsTotal() {
  uint64_t n = 0;
  for (const uint64_t& refusal : g_counters->refusals) n += Read(&refusal);
  return n;
}

}  // namespace

bool ScCountersStartup() {
  if (!SCG(counters_enabled)) return true;
  void* memory =
      mmap(nullptr, sizeof(ScCounters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  g_counters = static_cast<ScCounters*>(memory);  // zero-filled by the kernel
  return true;
}

void ScCountersShutdown() {
  if (g_counters != nullptr) munmap(g_counters, sizeof(ScCounters));
  g_counters = nullptr;
}

void ScObserveOpen(int status, int reason, uint32_t key_id, bool key_known) {
  if (g_counters != nullptr) {
    Add(&g_counters->opens[status], 1);
    if (reason != SC_REASON_NONE) Add(&g_counters->reasons[reason], 1);
    if (key_known) Add(&g_counters->opens_by_key[KeySlot(key_id)], 1);
    if (reason == SC_REASON_UNKNOWN_KEY) Add(&g_counters->opens_by_key[kUnknownKeySlot], 1);
  }
  const int kind = LogKindOf(reason);
  if (kind >= 0) LogRateLimited(kind, key_id);
}

void ScObserveSeal(uint32_t key_id, size_t sealed_size) {
  if (g_counters == nullptr) return;
  Add(&g_counters->seals, 1);
  Add(&g_counters->seals_by_key[KeySlot(key_id)], 1);
  Add(&g_counters->bytes_sealed, sealed_size);
}

void ScObserveDelete() {
  if (g_counters != nullptr) Add(&g_counters->deletes, 1);
}

void ScObserveRefusal(int refusal) {
  if (g_counters != nullptr) Add(&g_counters->refusals[refusal], 1);
}

const char* ScStatusName(int status) {
  return status >= 0 && status < SC_STATUS_COUNT ? kStatusNames[status] : "none";
}

const char* ScReasonName(int reason) {
  return reason > SC_REASON_NONE && reason < SC_REASON_COUNT ? kReasonNames[reason] : nullptr;
}

bool ScCountersArray(zval* result) {
  if (g_counters == nullptr) return false;
  array_init(result);
  AddCounterArray(result, "opens", g_counters->opens, kStatusNames, SC_STATUS_COUNT);
  // "none" is not a reason: the array starts at the first one.
  AddCounterArray(result, "open_reasons", g_counters->reasons + 1, kReasonNames + 1,
                  SC_REASON_COUNT - 1);
  AddKeyArray(result, "opens_by_key", g_counters->opens_by_key);
  AddKeyArray(result, "seals_by_key", g_counters->seals_by_key);
  AddCounterArray(result, "refusals", g_counters->refusals, kRefusalNames, SC_REFUSAL_COUNT);
  add_assoc_long(result, "seals", static_cast<zend_long>(Read(&g_counters->seals)));
  add_assoc_long(result, "bytes_sealed", static_cast<zend_long>(Read(&g_counters->bytes_sealed)));
  add_assoc_long(result, "deletes", static_cast<zend_long>(Read(&g_counters->deletes)));
  return true;
}

zend_string* ScCountersMetrics() {
  if (g_counters == nullptr) return nullptr;
  smart_str out = {};
  AppendFamily(&out, "opens", "Data cookies read, by outcome (sealedcookie_status()).", "status",
               g_counters->opens, kStatusNames, SC_STATUS_COUNT);
  AppendFamily(&out, "open_failures", "Data cookies that did not open, by reason.", "reason",
               g_counters->reasons + 1, kReasonNames + 1, SC_REASON_COUNT - 1);
  AppendKeyFamily(&out, "opens_by_key", "Data cookies opened (or naming an unknown key), by key.",
                  g_counters->opens_by_key);
  AppendKeyFamily(&out, "seals_by_key", "Sessions sealed, by key.", g_counters->seals_by_key);
  AppendFamily(&out, "refusals", "Writes refused or changes that could not be sent, by cause.",
               "cause", g_counters->refusals, kRefusalNames, SC_REFUSAL_COUNT);
  AppendMetric(&out, "sealed_bytes", "Characters of sealed values produced.", "counter");
  AppendSample(&out, "sealed_bytes_total", nullptr, nullptr, Read(&g_counters->bytes_sealed));
  AppendMetric(&out, "deletes", "Responses that expired a data cookie.", "counter");
  AppendSample(&out, "deletes_total", nullptr, nullptr, Read(&g_counters->deletes));
  smart_str_appends(&out, "# EOF\n");
  smart_str_0(&out);
  return out.s;
}

void ScCountersInfo() {
  if (g_counters == nullptr) {
    php_info_print_table_row(2, "Counters", SCG(counters_enabled) ? "unavailable" : "off");
    return;
  }
  char text[512];
  snprintf(text, sizeof(text),
           "none %llu, valid %llu, resealed %llu, expired %llu, invalid %llu, revoked %llu",
           static_cast<unsigned long long>(Read(&g_counters->opens[SC_STATUS_NONE])),
           static_cast<unsigned long long>(Read(&g_counters->opens[SC_STATUS_VALID])),
           static_cast<unsigned long long>(Read(&g_counters->opens[SC_STATUS_RESEALED])),
           static_cast<unsigned long long>(Read(&g_counters->opens[SC_STATUS_EXPIRED])),
           static_cast<unsigned long long>(Read(&g_counters->opens[SC_STATUS_INVALID])),
           static_cast<unsigned long long>(Read(&g_counters->opens[SC_STATUS_REVOKED])));
  php_info_print_table_row(2, "Opens (this server, since start)", text);
  smart_str reasons = {};
  for (int r = SC_REASON_NONE + 1; r < SC_REASON_COUNT; ++r) {
    const uint64_t n = Read(&g_counters->reasons[r]);
    if (n == 0) continue;
    if (reasons.s != nullptr) smart_str_appends(&reasons, ", ");
    smart_str_appends(&reasons, kReasonNames[r]);
    smart_str_appendc(&reasons, ' ');
    smart_str_append_unsigned(&reasons, static_cast<zend_ulong>(n));
  }
  smart_str_0(&reasons);
  php_info_print_table_row(2, "Open failures", reasons.s != nullptr ? ZSTR_VAL(reasons.s) : "none");
  smart_str_free(&reasons);
  smart_str keys = {};
  for (size_t slot = 0; slot <= kUnknownKeySlot; ++slot) {
    if (!SlotShown(slot)) continue;
    if (keys.s != nullptr) smart_str_appends(&keys, ", ");
    AppendLabel(&keys, slot);
    smart_str_appends(&keys, ": opened ");
    smart_str_append_unsigned(&keys,
                              static_cast<zend_ulong>(Read(&g_counters->opens_by_key[slot])));
    smart_str_appends(&keys, ", sealed ");
    smart_str_append_unsigned(&keys,
                              static_cast<zend_ulong>(Read(&g_counters->seals_by_key[slot])));
  }
  smart_str_0(&keys);
  php_info_print_table_row(2, "By key", keys.s != nullptr ? ZSTR_VAL(keys.s) : "");
  smart_str_free(&keys);
  snprintf(text, sizeof(text), "%llu (%llu bytes); refused %llu; expired cookies %llu",
           static_cast<unsigned long long>(Read(&g_counters->seals)),
           static_cast<unsigned long long>(Read(&g_counters->bytes_sealed)),
           static_cast<unsigned long long>(RefusalsTotal()),
           static_cast<unsigned long long>(Read(&g_counters->deletes)));
  php_info_print_table_row(2, "Seals", text);
}
