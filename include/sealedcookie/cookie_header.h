// Reading cookie headers: the response's Set-Cookie lines and the request's
// Cookie header, enough to tell which cookies a response sets and how large
// the next request's Cookie header will be; and the checks a Set-Cookie line
// written from settings must pass (no header injection).
//
// A header line is the whole "Name: value" line as the SAPI keeps it, without
// the line break. Only what the estimate needs is parsed: the cookie pair and
// the Max-Age attribute; path, domain and the rest are ignored.
#ifndef SEALEDCOOKIE_COOKIE_HEADER_H_
#define SEALEDCOOKIE_COOKIE_HEADER_H_

#include <cstddef>
#include <string_view>

namespace sealedcookie {

// True when header line `line` is a Set-Cookie header ("Set-Cookie:",
// case-insensitive).
[[nodiscard]] bool IsSetCookieHeader(std::string_view line);

// A Set-Cookie header line's cookie: the pair "name=value", its name, and
// whether the line expires the cookie (Max-Age <= 0, as PHP's setcookie() and
// this extension write an expiry). The views point into the line.
struct SetCookie {
  std::string_view pair;
  std::string_view name;
  bool expires = false;
};

// Fills *out from a Set-Cookie line. False for any other header, or a
// Set-Cookie without '=' in its pair.
[[nodiscard]] bool ParseSetCookie(std::string_view line, SetCookie* out);

// True when `line` sets data cookie `base` or one of its chunks (ChunkIndexOf).
[[nodiscard]] bool SetsDataCookie(std::string_view line, std::string_view base);

// Counts the cookies of a Cookie header value ("a=1; b=2").
[[nodiscard]] size_t CountCookies(std::string_view header);

// The wire size of cookie `name` ("name=value") in a Cookie header value, or 0.
[[nodiscard]] size_t CookieWireSize(std::string_view header, std::string_view name);

// The size of the next request's "Cookie: ..." header line after this
// response: the request's Cookie header value `request_cookies` (empty when
// none) with each cookie replaced, added or removed as the response's header
// lines say (lines other than Set-Cookie are ignored; for a name set twice the
// last line wins, as in browsers). Path and domain are not considered: every
// cookie is assumed to come back, so the estimate errs high. Counts "Cookie: ".
//
// When a quick first pass (nothing removed) already fits `budget`, returns
// that upper bound instead of walking the request header for every cookie
// set; so the result is > budget exactly when the full estimate is, and exact
// whenever it is > budget.
[[nodiscard]] size_t EstimateNextCookieHeader(std::string_view request_cookies,
                                              const std::string_view* lines, size_t line_count,
                                              size_t budget);

// True when `value` may follow "; path=", "; domain=" or "; SameSite=" in a
// Set-Cookie line: it holds none of the bytes PHP's setcookie() refuses in a
// path or domain (',', ';', space, tab, CR, LF, \013, \014: php-src
// ext/standard/head.c) and no NUL. A refused byte would end the attribute
// early (';', ','), add one, or start another header line (CR, LF).
[[nodiscard]] bool IsAllowedAttributeValue(std::string_view value);

// True when `line` may go out as one header line: no CR, LF or NUL, the bytes
// PHP's sapi_header_op() refuses in any header.
[[nodiscard]] bool IsAllowedHeaderLine(std::string_view line);

}  // namespace sealedcookie

#endif  // SEALEDCOOKIE_COOKIE_HEADER_H_
