#pragma once

#include "api/http.hpp"

namespace natter::transport {

// The headers every HTTP response carries: a CSP without inline script or
// style, nosniff, no referrer, no framing; HSTS when served over TLS.
void add_security_headers(api::response& res, bool secure);

}  // namespace natter::transport
