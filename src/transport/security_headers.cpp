#include "transport/security_headers.hpp"

namespace natter::transport {

void add_security_headers(response& res, bool secure) {
  // A route may set a stricter policy of its own (media downloads: nothing
  // runs, sandboxed); every other answer gets the app's. worker-src allows
  // the web app's own service worker (/sw.js) and nothing from elsewhere.
  // 'wasm-unsafe-eval' lets the app compile its own WebAssembly (libolm's
  // olm.wasm, served from /assets/): it allows no eval() of strings.
  if (res.find("Content-Security-Policy") == res.end()) {
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; font-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; "
            "frame-ancestors 'none'");
  }
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (secure) res.set(http::field::strict_transport_security, "max-age=31536000");
}

}  // namespace natter::transport
