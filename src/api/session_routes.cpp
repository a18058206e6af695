// GET /api/v1/me/sessions, DELETE /api/v1/me/sessions (every other one),
// DELETE /api/v1/me/sessions/{id}, and DELETE /api/v1/me (the account).
#include <boost/json.hpp>

#include "api/json_body.hpp"
#include "api/routes.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

namespace {

object session_json(const core::session_view& v) {
  const auto& s = v.session;
  return {{"id", s.family},
          {"current", v.current},
          {"user_agent", s.user_agent},
          {"address", s.remote_addr},
          {"created_at", s.created_at},
          {"last_used_at", s.last_used_at},
          {"expires_at", s.expires_at}};
}

asio::awaitable<transport::response> list_sessions(core::accounts& accounts, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto sessions = co_await accounts.sessions(*caller);
  if (!sessions) co_return error_response(sessions.err());
  boost::json::array out;
  for (const auto& s : *sessions) out.push_back(session_json(s));
  co_return json_response(http::status::ok, object{{"sessions", std::move(out)}});
}

asio::awaitable<transport::response> end_session(core::accounts& accounts, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto done = co_await accounts.end_session(*caller, std::string(ctx.params["id"]), client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> end_others(core::accounts& accounts, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto done = co_await accounts.end_other_sessions(*caller, client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> delete_account(core::accounts& accounts, core::account_deletion& deletion,
                                                    request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto password = required_string(*body, "password");
  if (!password) co_return error_response(password.err());
  auto done = co_await deletion.remove(*caller, std::move(*password), client_of(ctx));
  if (!done) co_return error_response(done.err());
  auto res = no_content();
  res.set(http::field::set_cookie,
          std::string(refresh_cookie) + "=; Path=/api/v1/auth; Max-Age=0; HttpOnly; SameSite=Strict");
  co_return res;
}

}  // namespace

void add_deletion_route(router& r, core::accounts& accounts, core::account_deletion& deletion) {
  r.add(http::verb::delete_, "/api/v1/me",
        [&accounts, &deletion](request_context& ctx) { return delete_account(accounts, deletion, ctx); });
}

void add_session_routes(router& r, core::accounts& accounts) {
  auto bind = [&accounts](auto fn) { return [&accounts, fn](request_context& ctx) { return fn(accounts, ctx); }; };
  r.add(http::verb::get, "/api/v1/me/sessions", bind(list_sessions));
  r.add(http::verb::delete_, "/api/v1/me/sessions", bind(end_others));
  r.add(http::verb::delete_, "/api/v1/me/sessions/{id}", bind(end_session));
}

}  // namespace natter::api
