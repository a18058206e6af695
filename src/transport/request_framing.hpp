#pragma once
// The framing rules natterd adds to Beast's request parser (RFC 9112, 6.1
// and 6.3). A request whose Transfer-Encoding does not end in chunked has no
// body length a server can determine, and one in an HTTP/1.0 request cannot
// be trusted. Beast reads the first as having no body (or, with a
// Content-Length, as that many bytes) and would parse whatever follows as the
// next request: behind a proxy that reads the body otherwise (say, as
// chunked), that is request smuggling. natterd refuses both with 400 and
// closes the connection.

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>

namespace natter::transport {

// Call once the parser has read the header.
template <class Body, class Allocator>
bool has_unreliable_framing(const boost::beast::http::request_parser<Body, Allocator>& parser) {
  const auto& header = parser.get();
  if (header.count(boost::beast::http::field::transfer_encoding) == 0) return false;
  return !parser.chunked() || header.version() < 11;
}

}  // namespace natter::transport
