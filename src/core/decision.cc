#include "sealedcookie/decision.h"

namespace sealedcookie {
namespace {

CookieAction DecideWrite(const CookieFacts& facts) {
  // The same value again (write() after the snapshot, or update_timestamp()).
  if (facts.written_before && facts.written_equal) return CookieAction::kLeave;
  if (facts.headers_sent) {
    // What the client now holds: the value committed earlier in this request
    // (which differs), else the one it sent if that opened, else nothing.
    bool client_has_it;
    if (facts.written_before && facts.written_sent) {
      client_has_it = false;
    } else if (facts.incoming_valid) {
      client_has_it = facts.incoming_equal;
    } else {
      client_has_it = facts.empty;
    }
    return client_has_it ? CookieAction::kLeave : CookieAction::kWarnLateChange;
  }
  if (facts.incoming_valid && facts.incoming_equal && !facts.refresh_due) {
    return CookieAction::kSendNothing;
  }
  // An empty session with no usable cookie needs none; a cookie that did not
  // open is expired rather than left to fail again on every request.
  if (!facts.incoming_valid && facts.empty) {
    return facts.incoming_present ? CookieAction::kDelete : CookieAction::kSendNothing;
  }
  return CookieAction::kSet;
}

CookieAction DecideDestroy(const CookieFacts& facts) {
  const bool client_has_cookie =
      facts.incoming_present || (facts.written_sent && facts.pending_set);
  if (facts.headers_sent) {
    return client_has_cookie ? CookieAction::kWarnLateDestroy : CookieAction::kLeave;
  }
  return client_has_cookie ? CookieAction::kDelete : CookieAction::kSendNothing;
}

}  // namespace

CookieAction DecideCookie(const CookieFacts& facts) {
  const CookieAction action =
      facts.event == CookieEvent::kDestroy ? DecideDestroy(facts) : DecideWrite(facts);
  // Only a Set-Cookie line carries the attributes.
  if (facts.attributes_refused &&
      (action == CookieAction::kSet || action == CookieAction::kDelete)) {
    return CookieAction::kRefuseAttributes;
  }
  return action;
}

}  // namespace sealedcookie
