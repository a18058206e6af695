#pragma once
// The HTTP messages natterd reads and writes: Beast's, with string bodies.
//
// They belong to transport, which parses and sends them. The layers it hands
// a request to take them as they are: api's routes (request in, response out)
// and realtime's WebSocket upgrade. So this one header of transport may be
// included by api and realtime, and it includes nothing of the project
// (scripts/check_layers.py holds both rules).

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace natter::transport {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

}  // namespace natter::transport
