#pragma once
// The framing rules natterd adds to Beast's request parser, so that no two
// readers of a request can disagree on where its body ends (request
// smuggling). Beast already refuses two Content-Length headers and
// Content-Length together with chunked coding. It accepts, and natterd
// refuses (400, connection closed):
// - a Transfer-Encoding whose last coding is not chunked: Beast reads the
//   request as bodiless (or by its Content-Length) and would parse what
//   follows as the next request (RFC 9112, 6.3);
// - a Transfer-Encoding in an HTTP/1.0 request (RFC 9112, 6.1);
// - anything but one line saying "chunked": Beast frames by the last coding
//   of the last line (skipping a malformed one) while the message's own
//   chunked() reads the first line, and natterd decodes no other coding.

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <string_view>

namespace natter::transport {

// Call once the parser has read the header.
template <class Body, class Allocator>
bool has_unreliable_framing(const boost::beast::http::request_parser<Body, Allocator>& parser) {
  namespace http = boost::beast::http;
  const auto& header = parser.get();
  const auto lines = header.count(http::field::transfer_encoding);
  if (lines == 0) return false;
  if (lines > 1 || header.version() < 11 || !parser.chunked()) return true;
  std::string_view coding = header[http::field::transfer_encoding];
  while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
  while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
  return !boost::beast::iequals(coding, "chunked");
}

}  // namespace natter::transport
