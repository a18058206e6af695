// POST /api/v1/auth/password-reset and /api/v1/auth/password-reset/confirm.
#include <boost/json/object.hpp>

#include "api/json_body.hpp"
#include "api/routes.hpp"

namespace natter::api {

namespace asio = boost::asio;

namespace {

// The same answer whether or not an account has the address.
asio::awaitable<transport::response> request_reset(core::password_recovery& recovery, request_context& ctx) {
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto email = required_string(*body, "email");
  if (!email) co_return error_response(email.err());
  auto done = co_await recovery.request(std::move(*email), client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return json_response(http::status::accepted, boost::json::object{{"status", "sent_if_known"}});
}

asio::awaitable<transport::response> confirm_reset(core::password_recovery& recovery, request_context& ctx) {
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto token = required_string(*body, "token");
  if (!token) co_return error_response(token.err());
  auto password = required_string(*body, "new_password");
  if (!password) co_return error_response(password.err());
  auto done = co_await recovery.reset(std::move(*token), std::move(*password), client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

}  // namespace

void add_recovery_routes(router& r, core::password_recovery& recovery) {
  auto bind = [&recovery](auto fn) { return [&recovery, fn](request_context& ctx) { return fn(recovery, ctx); }; };
  r.add(http::verb::post, "/api/v1/auth/password-reset", bind(request_reset));
  r.add(http::verb::post, "/api/v1/auth/password-reset/confirm", bind(confirm_reset));
}

}  // namespace natter::api
