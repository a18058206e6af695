#include "client/http_api.hpp"

#include <algorithm>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>

#include "client/file_names.hpp"
#include "client/http_connection.hpp"

namespace natter::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using detail::refusal;
using detail::use_tuple;

namespace detail {

// SNI; what SSL_set_tlsext_host_name does, without its C-style cast.
void set_server_name(SSL* ssl, const std::string& host) {
  SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str()));
}

failure dropped(const beast::error_code& ec, std::string_view what) {
  return failure::connection(std::string(what) + ": " + ec.message());
}

failure refusal(const http_api::response& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  const auto* o = ec ? nullptr : v.if_object();
  const auto* e = o ? o->if_contains("error") : nullptr;
  if (e && e->is_object() && e->as_object().contains("code") && e->at("code").is_string()) {
    const auto* message = e->as_object().if_contains("message");
    return failure::refused(std::string(e->at("code").get_string()),
                            message && message->is_string() ? std::string(message->get_string()) : std::string());
  }
  return failure::refused("HTTP_" + std::to_string(r.status), "Unexpected answer from the server.");
}

}  // namespace detail

namespace {

constexpr std::size_t max_response_bytes = 1 << 20;

template <class Stream>
asio::awaitable<outcome<http_api::response>> round_trip(Stream& stream, http::request<http::string_body> req,
                                                        std::chrono::seconds timeout) {
  beast::get_lowest_layer(stream).expires_after(timeout);
  auto [wec, written] = co_await http::async_write(stream, req, use_tuple);
  if (wec) co_return detail::dropped(wec, "write");
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_response_bytes);
  auto [rec, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
  if (rec) co_return detail::dropped(rec, "read");
  auto res = parser.release();
  co_return http_api::response{static_cast<int>(res.result_int()), std::move(res.body())};
}

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t int_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

account account_of(const json::object& o) {
  return {int_of(o, "id"),   text_of(o, "username"), text_of(o, "display_name"),
          text_of(o, "bio"), text_of(o, "email"),    int_of(o, "created_at")};
}

// The JSON object of a successful answer, or the failure to return.
outcome<json::object> body_of(const outcome<http_api::response>& r, int expected_status) {
  if (!r) return r.error();
  if (r->status != expected_status) return refusal(r.value());
  boost::system::error_code ec;
  auto v = json::parse(r->body, ec);
  if (ec || !v.is_object()) return failure::local("BAD_RESPONSE", "The server's answer is not a JSON object.");
  return std::move(v.as_object());
}

outcome<tokens> tokens_of(const outcome<http_api::response>& r) {
  auto body = body_of(r, 200);
  if (!body) return body.error();
  const auto* user = body->if_contains("user");
  tokens t{text_of(*body, "access_token"), text_of(*body, "refresh_token"),
           std::chrono::seconds(int_of(*body, "expires_in")),
           user && user->is_object() ? account_of(user->as_object()) : account{}};
  if (t.access_token.empty()) return failure::local("BAD_RESPONSE", "No access token in the answer.");
  return t;
}

outcome<account> user_of(const outcome<http_api::response>& r, int expected_status) {
  auto body = body_of(r, expected_status);
  if (!body) return body.error();
  const auto* user = body->if_contains("user");
  if (!user || !user->is_object()) return failure::local("BAD_RESPONSE", "No user in the answer.");
  return account_of(user->as_object());
}

}  // namespace

http_api::http_api(server_url server, std::shared_ptr<asio::ssl::context> tls, std::chrono::seconds timeout)
    : server_(std::move(server)), tls_(std::move(tls)), timeout_(timeout) {}

outcome<http_api::response> http_api::exchange(std::string_view method, std::string_view target, std::string body,
                                               std::string_view bearer) const {
  if (server_.tls && !tls_) return failure::local("BAD_URL", "https needs TLS settings.");
  http::request<http::string_body> req{http::string_to_verb(method), server_.prefix + std::string(target), 11};
  req.set(http::field::host, server_.authority());
  req.set(http::field::user_agent, "natter-client/0.1");
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + std::string(bearer));
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  auto exchange = [req = std::move(req), timeout = timeout_](auto& stream) mutable {
    return round_trip(stream, std::move(req), timeout);
  };
  return detail::run_blocking(detail::with_connection<response>(server_, tls_, timeout_, std::move(exchange)));
}

outcome<account> http_api::register_account(const registration& r) const {
  json::object body{{"email", r.email}, {"username", r.username}, {"password", r.password}};
  if (!r.display_name.empty()) body["display_name"] = r.display_name;
  return user_of(exchange("POST", "/api/v1/auth/register", json::serialize(body), {}), 201);
}

outcome<tokens> http_api::login(std::string_view login, std::string_view password) const {
  const json::object body{{"login", login}, {"password", password}};
  return tokens_of(exchange("POST", "/api/v1/auth/login", json::serialize(body), {}));
}

outcome<tokens> http_api::refresh(std::string_view refresh_token) const {
  const json::object body{{"refresh_token", refresh_token}};
  return tokens_of(exchange("POST", "/api/v1/auth/refresh", json::serialize(body), {}));
}

outcome<success> http_api::logout(std::string_view refresh_token) const {
  const json::object body{{"refresh_token", refresh_token}};
  auto r = exchange("POST", "/api/v1/auth/logout", json::serialize(body), {});
  if (!r) return r.error();
  if (r->status != 204) return refusal(r.value());
  return success{};
}

outcome<account> http_api::me(std::string_view access_token) const {
  return user_of(exchange("GET", "/api/v1/me", {}, access_token), 200);
}

outcome<account> http_api::user(std::string_view access_token, std::string_view username) const {
  const bool plain = !username.empty() && std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
  if (!plain) return failure::refused("NOT_FOUND", "No such user.");
  return user_of(exchange("GET", "/api/v1/users/" + std::string(username), {}, access_token), 200);
}

outcome<account> http_api::update_me(std::string_view access_token, const profile_changes& changes) const {
  json::object body;
  if (changes.display_name) body["display_name"] = *changes.display_name;
  if (changes.bio) body["bio"] = *changes.bio;
  return user_of(exchange("PATCH", "/api/v1/me", json::serialize(body), access_token), 200);
}

namespace {

outcome<success> no_content_of(const outcome<http_api::response>& r) {
  if (!r) return r.error();
  if (r->status != 204) return refusal(r.value());
  return success{};
}

}  // namespace

outcome<success> http_api::change_password(std::string_view access_token, std::string_view current,
                                           std::string_view next) const {
  const json::object body{{"current_password", current}, {"new_password", next}};
  return no_content_of(exchange("POST", "/api/v1/me/password", json::serialize(body), access_token));
}

outcome<std::vector<session_info>> http_api::sessions(std::string_view access_token) const {
  auto body = body_of(exchange("GET", "/api/v1/me/sessions", {}, access_token), 200);
  if (!body) return body.error();
  const auto* list = body->if_contains("sessions");
  if (!list || !list->is_array()) return failure::local("BAD_RESPONSE", "No sessions in the answer.");
  std::vector<session_info> out;
  for (const auto& v : list->get_array()) {
    if (!v.is_object()) continue;
    const auto& o = v.get_object();
    const auto* current = o.if_contains("current");
    out.push_back({text_of(o, "id"), current && current->is_bool() && current->get_bool(), text_of(o, "user_agent"),
                   text_of(o, "address"), int_of(o, "created_at"), int_of(o, "last_used_at")});
  }
  return out;
}

outcome<success> http_api::end_sessions(std::string_view access_token, std::string_view id) const {
  const std::string target = id.empty() ? "/api/v1/me/sessions" : "/api/v1/me/sessions/" + std::string(id);
  return no_content_of(exchange("DELETE", target, {}, access_token));
}

outcome<search_results> http_api::search(std::string_view access_token, const search_query& query) const {
  std::string target = "/api/v1/search?q=" + percent_encoded(query.text) + "&limit=" + std::to_string(query.limit);
  if (query.conversation_id) target += "&conversation_id=" + std::to_string(*query.conversation_id);
  if (!query.sender.empty()) target += "&sender=" + percent_encoded(query.sender);
  if (!query.cursor.empty()) target += "&cursor=" + percent_encoded(query.cursor);
  auto body = body_of(exchange("GET", target, {}, access_token), 200);
  if (!body) return body.error();
  const auto* list = body->if_contains("results");
  if (!list || !list->is_array()) return failure::local("BAD_RESPONSE", "No results in the answer.");
  search_results out;
  for (const auto& v : list->get_array()) {
    if (!v.is_object()) continue;
    const auto& o = v.get_object();
    out.hits.push_back({int_of(o, "conversation_id"), int_of(o, "message_id"), int_of(o, "seq"), text_of(o, "sender"),
                        int_of(o, "ts"), text_of(o, "snippet")});
  }
  out.next_cursor = text_of(*body, "next_cursor");
  return out;
}

}  // namespace natter::client
