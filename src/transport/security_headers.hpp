#pragma once

#include "transport/http_types.hpp"

namespace natter::transport {

// The headers every HTTP response carries: a CSP without inline script or
// style, nosniff, no referrer, no framing; HSTS when served over TLS.
void add_security_headers(response& res, bool secure);

}  // namespace natter::transport
