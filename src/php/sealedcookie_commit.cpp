// What the response does with the data cookie of the session now open:
// the facts of the request go to the core's DecideCookie
// (include/sealedcookie/decision.h), and the answer is carried out here —
// sealing the session into SCG(request).response.pending, expiring the cookie,
// or warning that a change made after the headers cannot reach the client.
// A cookie whose attributes would carry a session.cookie_* value a Set-Cookie
// line cannot hold is refused here, before sealing, as a too large one is.
// The Set-Cookie lines themselves are written when the headers go out
// (sealedcookie_outgoing.cpp).
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

// php.h must come first, so these are not sorted.
// clang-format off
extern "C" {
#include "php.h"
#include "ext/session/php_session.h"
}
// clang-format on

#include "php_sealedcookie.h"
#include "sealedcookie/chunks.h"
#include "sealedcookie/decision.h"
#include "sealedcookie/sealer.h"
#include "sealedcookie_internal.h"

namespace {

using sealedcookie::CookieAction;
using sealedcookie::CookieEvent;
using sealedcookie::CookieFacts;

// The pending entry of the data cookie now open: a sealed value to set, null
// to expire it, or none.
void PendingClear() {
  HashTable* pending = SCG(request).response.pending;
  if (pending != nullptr) zend_hash_del(pending, SCG(request).cookie_name);
}

void PendingPut(zval* entry) {
  HashTable*& pending = SCG(request).response.pending;
  if (pending == nullptr) {
    ALLOC_HASHTABLE(pending);
    zend_hash_init(pending, 2, nullptr, ZVAL_PTR_DTOR, 0);
  }
  zend_hash_update(pending, SCG(request).cookie_name, entry);
}

void PendingSetValue(zend_string* sealed) {  // takes `sealed`
  zval entry;
  ZVAL_STR(&entry, sealed);
  PendingPut(&entry);
}

void PendingDelete() {
  zval entry;
  ZVAL_NULL(&entry);
  PendingPut(&entry);
}

bool PendingIsSet() {
  const HashTable* pending = SCG(request).response.pending;
  const zval* entry =
      pending != nullptr ? zend_hash_find(pending, SCG(request).cookie_name) : nullptr;
  return entry != nullptr && Z_TYPE_P(entry) == IS_STRING;
}

// True when the last session committed in this request is session `id` under
// the data cookie now open (PHP keeps the id when session_name() changes).
bool WrittenFor(const zend_string* id) {
  const sc_written& written = SCG(request).written;
  return ScEquals(written.id, id) && ScEquals(written.name, SCG(request).cookie_name);
}

void RememberWritten(zend_string* id, zend_string* plain, bool sent) {
  sc_written& written = SCG(request).written;
  ScAssign(&written.name, SCG(request).cookie_name);
  ScAssign(&written.id, id);
  ScAssign(&written.plain, plain);
  written.sent = sent;
  ScRememberId(id);
}

CookieFacts FactsFor(CookieEvent event, const zend_string* id, const zend_string* plain) {
  const sc_request& request = SCG(request);
  CookieFacts facts;
  facts.event = event;
  facts.headers_sent = request.response.headers_sent;
  facts.incoming_present = request.incoming.present;
  facts.incoming_valid = ScIncomingValidFor(id);
  facts.incoming_equal = facts.incoming_valid && zend_string_equals(request.incoming.plain, plain);
  facts.refresh_due =
      facts.incoming_valid && ScSealer()->NeedsRefresh(request.incoming.result, ScLifetimes());
  facts.written_before = WrittenFor(id);
  facts.written_equal = facts.written_before && ScEquals(request.written.plain, plain);
  facts.written_sent = request.written.sent;
  facts.pending_set = PendingIsSet();
  facts.empty = ZSTR_LEN(plain) == 0;
  facts.attributes_refused =
      ScOutgoingRefusedAttribute(ScSessionCookieSettings()) != kScAttributeCount;
  return facts;
}

// Seal's scratch memory for an envelope too large for its stack: emalloc'd,
// so it counts against memory_limit (the core bounds it by max_size). Plain
// data, released by Free() right after Seal: no destructor in a Zend frame.
class EmallocScratch final : public sealedcookie::SessionBuffer {
 public:
  uint8_t* Resize(size_t size) override {
    bytes_ = static_cast<uint8_t*>(erealloc(bytes_, size));
    return bytes_;
  }
  void Free() {
    if (bytes_ != nullptr) efree(bytes_);
    bytes_ = nullptr;
  }

 private:
  uint8_t* bytes_ = nullptr;
};

// Refuses a sealed value of `sealed_size` characters (0: a compressed one,
// stopped once past the limit): the client keeps its cookie.
zend_result RefuseTooLarge(size_t sealed_size) {
  const size_t name_size = ZSTR_LEN(SCG(request).cookie_name);
  const sealedcookie::ChunkLayout layout =
      sealedcookie::PlanChunks(name_size, sealed_size, SIZE_MAX);
  PendingClear();
  if (sealed_size == 0) {
    ScDiagnose(SC_DIAG_TOO_LARGE, 0);
  } else if (layout.count != 0) {
    ScDiagnose(SC_DIAG_TOO_LARGE, layout.wire_size);
  } else {
    ScDiagnose(SC_DIAG_TOO_MANY_CHUNKS, sealed_size);
  }
  return FAILURE;
}

// kRefuseAttributes: nothing goes out for this cookie (a CR or LF in a
// session.cookie_* value would inject a header); the client keeps its cookie.
void RefuseAttributes() {
  PendingClear();
  ScDiagnose(SC_DIAG_REFUSED_ATTRIBUTE, ScOutgoingRefusedAttribute(ScSessionCookieSettings()));
}

// Seals `plain` for session `id` into the pending data cookie.
zend_result SealPending(zend_string* id, zend_string* plain) {
  const sc_request& request = SCG(request);
  sealedcookie::SealOptions options;
  options.max_sealed_size = sealedcookie::MaxSealedSizeForWire(ZSTR_LEN(request.cookie_name),
                                                               static_cast<size_t>(SCG(max_size)));
  options.compress = SCG(compress);
  options.revoked_before_seconds = SCG(revoked_before);
  // Kept across session_regenerate_id(): the absolute lifetime counts from login.
  options.created_at_seconds =
      request.incoming.plain != nullptr ? request.incoming.result.created_at_seconds : 0;
  // At most max_size's worth however large the session: the core refuses
  // what cannot fit (or could not be read back) before copying or compressing it.
  const size_t out_size = sealedcookie::SealBufferSize(ZSTR_LEN(plain), options.max_sealed_size);
  zend_string* out = zend_string_alloc(out_size, 0);
  const sealedcookie::SealContext context{ScStringView(request.cookie_name), ScStringView(id),
                                          ScApplication()};
  EmallocScratch scratch;
  const sealedcookie::SealResult sealed =
      ScSealer()->Seal(context, ScStringView(plain), options, ZSTR_VAL(out), out_size, &scratch);
  scratch.Free();
  if (sealed.error != sealedcookie::SealError::kNone) {
    zend_string_efree(out);
    if (sealed.error == sealedcookie::SealError::kTooLarge) {
      return RefuseTooLarge(sealed.sealed_size);
    }
    PendingClear();
    if (sealed.error == sealedcookie::SealError::kSessionTooLarge) {
      ScDiagnose(SC_DIAG_SESSION_TOO_LARGE, ZSTR_LEN(plain));
      return FAILURE;
    }
    php_error_docref(nullptr, E_WARNING, "Session data could not be sealed");
    return FAILURE;
  }
  ZSTR_LEN(out) = sealed.sealed_size;
  ZSTR_VAL(out)[sealed.sealed_size] = '\0';
  ScObserveSeal(sealed.key_id, sealed.sealed_size);
  PendingSetValue(out);
  return SUCCESS;
}

}  // namespace

zend_result ScCommitWrite(zend_string* id, zend_string* plain) {
  const CookieAction action = DecideCookie(FactsFor(CookieEvent::kWrite, id, plain));
  if (action == CookieAction::kLeave) return SUCCESS;
  if (action == CookieAction::kWarnLateChange) {
    ScObserveRefusal(SC_REFUSAL_LATE_CHANGE);
    php_error_docref(nullptr, E_WARNING,
                     "Session data changed after the response headers were sent; the change "
                     "cannot reach the client (call session_write_close() before any output)");
    return SUCCESS;
  }
  // Remembered first: a warning raised while sealing may send the headers, and
  // the hook's snapshot must then find this session already decided.
  RememberWritten(id, plain, false);
  zend_result result = SUCCESS;
  if (action == CookieAction::kRefuseAttributes) {
    RefuseAttributes();
    result = FAILURE;
  } else if (action == CookieAction::kSet) {
    result = SealPending(id, plain);
  } else if (action == CookieAction::kDelete) {
    PendingDelete();
    ScObserveDelete();
  } else {
    PendingClear();
  }
  SCG(request).written.sent = result == SUCCESS;
  return SUCCESS;
}

zend_result ScCommitDestroy(zend_string* id) {
  const CookieAction action = DecideCookie(FactsFor(CookieEvent::kDestroy, id, ZSTR_EMPTY_ALLOC()));
  if (action == CookieAction::kLeave) return SUCCESS;
  if (action == CookieAction::kWarnLateDestroy) {
    ScObserveRefusal(SC_REFUSAL_LATE_DESTROY);
    php_error_docref(nullptr, E_WARNING,
                     "Session destroyed after the response headers were sent; the data cookie "
                     "cannot be expired");
    return FAILURE;
  }
  // Remembered first, as in ScCommitWrite(); not sent while refused.
  RememberWritten(id, ZSTR_EMPTY_ALLOC(), false);
  if (action == CookieAction::kRefuseAttributes) {
    RefuseAttributes();
    return FAILURE;
  }
  if (action == CookieAction::kDelete) {
    PendingDelete();
    ScObserveDelete();
  } else {
    PendingClear();
  }
  SCG(request).written.sent = true;
  return SUCCESS;
}

zend_string* ScCommittedFor(const zend_string* id) {
  const sc_written& written = SCG(request).written;
  return written.sent && WrittenFor(id) ? written.plain : nullptr;
}
