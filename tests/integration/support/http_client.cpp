#include "integration/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace natter::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

boost::json::value http_reply::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

std::string http_reply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string http_reply::error_code() const {
  auto v = json();
  if (!v.is_object() || !v.as_object().contains("error")) return {};
  const auto& e = v.at("error");
  return e.is_object() && e.as_object().contains("code") ? std::string(e.at("code").as_string()) : std::string();
}

static std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

http_reply http_client::request(http::verb method, const std::string& target, const std::string& body,
                                const std::map<std::string, std::string>& headers,
                                const std::string& content_type) const {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!body.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == http::verb::head) parser.skip(true);
  http::read(socket, buffer, parser);
  auto res = parser.release();
  http_reply out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) out.headers.emplace(lower(std::string(field.name_string())), field.value());
  out.body = std::move(res.body());
  return out;
}

static std::map<std::string, std::string> auth(const std::string& bearer) {
  if (bearer.empty()) return {};
  return {{"Authorization", "Bearer " + bearer}};
}

http_reply http_client::get(const std::string& target, const std::string& bearer) const {
  return request(http::verb::get, target, {}, auth(bearer));
}

http_reply http_client::post(const std::string& target, const boost::json::value& body,
                             const std::string& bearer) const {
  return request(http::verb::post, target, boost::json::serialize(body), auth(bearer));
}

http_reply http_client::patch(const std::string& target, const boost::json::value& body,
                              const std::string& bearer) const {
  return request(http::verb::patch, target, boost::json::serialize(body), auth(bearer));
}

std::string http_client::raw(const std::string& bytes) const {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  asio::write(socket, asio::buffer(bytes));
  std::string out;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(out), ec);  // until the server closes
  return out;
}

}  // namespace natter::testing
