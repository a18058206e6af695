#include "transport/request_framing.hpp"

#include <boost/beast/core/string.hpp>

namespace natter::transport {

std::optional<std::string_view> framing_problem(const http::request_header<>& header) {
  const auto encodings = header.count(http::field::transfer_encoding);
  if (encodings == 0) return std::nullopt;
  if (header.version() < 11) return "Transfer-Encoding is not allowed in a version 1.0 request.";
  if (encodings > 1) return "More than one Transfer-Encoding header.";
  if (!boost::beast::iequals(header[http::field::transfer_encoding], "chunked")) {
    return "Transfer-Encoding other than chunked.";
  }
  if (header.count(http::field::content_length) > 0) return "Both Content-Length and Transfer-Encoding.";
  return std::nullopt;
}

}  // namespace natter::transport
