#pragma once
// The HTTP messages natterd reads and writes: Beast's, with string bodies.
//
// They belong to transport, which parses and sends them. The layers it hands
// a request to take them as they are: api's routes (request in, response out)
// and realtime's WebSocket upgrade. So this one header of transport may be
// included by api and realtime, and it includes nothing of the project
// (scripts/check_layers.py holds both rules).

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>
#include <string>
#include <string_view>

namespace natter::transport {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// A request body read piece by piece, for the routes that take large bodies
// (uploads) without holding them in memory.
class body_reader {
 public:
  virtual ~body_reader() = default;
  // The next piece (valid until the next call), or empty once the body has
  // been read whole. An error ends the body: http::error::body_limit past the
  // size limit, a timeout or a closed connection otherwise.
  virtual boost::asio::awaitable<std::string_view> next(boost::system::error_code& ec) = 0;
  // Whether the whole body was read (else the connection is closed after the
  // answer, since the rest of the body is still on it).
  virtual bool done() const = 0;
};

// A response body written piece by piece (downloads, exports). When the
// response it goes with carries Content-Length, next() gives exactly that
// many bytes in all; when it is chunked (response::chunked(true)), each piece
// is sent as a chunk.
class body_source {
 public:
  virtual ~body_source() = default;
  // The next piece; empty when all is sent. Throws on failure (the
  // connection is then closed mid-body).
  virtual boost::asio::awaitable<std::string> next() = 0;
};

}  // namespace natter::transport
