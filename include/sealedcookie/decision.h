// What a response does with a data cookie, decided in one place.
//
// ext/session tells the save handler about a session through write(),
// update_timestamp() and destroy(), sometimes several times per request and
// sometimes after the response headers are gone. Each call is described by
// CookieFacts; DecideCookie says what the response must now do with that
// session's data cookie. The glue gathers the facts, acts on the answer, and
// decides nothing itself.
//
// A session.cookie_* value that cannot go into a Set-Cookie line is a fact
// (kRefuseAttributes). Carrying out a kSet can still be refused, keeping the
// cookie the client holds (the response sends nothing for it, with a
// warning): a value over sealedcookie.max_size (known only once sealed), a
// response whose header block would pass sealedcookie.response_header_budget
// (known only when the headers go out, with all of them), an attribute changed
// between this decision and the headers. Those are limits of carrying out the
// decision: none of them makes the response send what the decision did not say.
#ifndef SEALEDCOOKIE_DECISION_H_
#define SEALEDCOOKIE_DECISION_H_

namespace sealedcookie {

enum class CookieEvent {
  kWrite,    // write() or update_timestamp(), or the snapshot taken as headers go out
  kDestroy,  // destroy(): session_destroy() or session_regenerate_id(true)
};

// Everything the decision depends on, for the session named by the call (its
// id under the data cookie now open).
struct CookieFacts {
  CookieEvent event = CookieEvent::kWrite;
  // The response headers have left: no cookie can be added any more.
  bool headers_sent = false;
  // The request carried this data cookie, whether or not it opened.
  bool incoming_present = false;
  // It opened for this session id ...
  bool incoming_valid = false;
  // ... and holds exactly the value being written now.
  bool incoming_equal = false;
  // An unchanged value should still be re-sealed: opened with an older key, or
  // a quarter of the idle timeout has passed since its last write.
  bool refresh_due = false;
  // This request already committed this session under this data cookie ...
  bool written_before = false;
  // ... with exactly the value being written now ...
  bool written_equal = false;
  // The last commit of this request succeeded: what it decided is what the
  // response carries.
  bool written_sent = false;
  // The response is, as of now, set to carry a sealed value for this cookie.
  bool pending_set = false;
  // The value being written is empty (an empty session).
  bool empty = false;
  // A session.cookie_* value the data cookie would carry holds a byte that
  // cannot go into a Set-Cookie line (CR, LF, NUL: header injection).
  bool attributes_refused = false;
};

enum class CookieAction {
  kLeave,             // change nothing: what is decided (or sent) already holds
  kSendNothing,       // the client's cookie is right as it is (or none is needed):
                      // drop anything pending for this cookie
  kSet,               // seal the value and set the cookie
  kDelete,            // expire the cookie the client holds
  kWarnLateChange,    // headers gone, and the client's cookie differs from the value
  kWarnLateDestroy,   // headers gone, and the client keeps a cookie it should lose
  kRefuseAttributes,  // the cookie should be set or expired, but its attributes
                      // cannot be written: send nothing for it, warn; the client
                      // keeps what it has
};

[[nodiscard]] CookieAction DecideCookie(const CookieFacts& facts);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_DECISION_H_
