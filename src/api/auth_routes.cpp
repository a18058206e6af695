#include <fmt/format.h>
#include <boost/json/object.hpp>

#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/user_json.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

// The User-Agent as the sessions list shows it: printable ASCII (anything else
// becomes '?'), at most max_user_agent_bytes.
core::client_info client_of(const request_context& ctx) {
  std::string_view header = ctx.req[http::field::user_agent];
  std::string agent(header.substr(0, core::max_user_agent_bytes));
  for (char& c : agent) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return {ctx.remote_addr, std::move(agent)};
}

asio::awaitable<result<core::access_claims>> bearer_claims(const request_context& ctx, core::accounts& accounts) {
  std::string_view header = ctx.req[http::field::authorization];
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size() || header.substr(0, scheme.size()) != scheme) {
    co_return error(errc::unauthorized);
  }
  std::string token(header.substr(scheme.size()));
  co_return co_await accounts.authenticate(std::move(token));
}

namespace {

std::string cookie_header(const request_context& ctx, std::string_view value, long long max_age) {
  return fmt::format("{}={}; Path=/api/v1/auth; Max-Age={}; HttpOnly; SameSite=Strict{}", refresh_cookie, value,
                     max_age, ctx.secure ? "; Secure" : "");
}

// The refresh cookie's value, or empty.
std::string cookie_value(const request_context& ctx) {
  std::string_view cookies = ctx.req[http::field::cookie];
  const std::string key = std::string(refresh_cookie) + "=";
  for (std::size_t pos = 0; pos < cookies.size();) {
    while (pos < cookies.size() && cookies[pos] == ' ') ++pos;
    auto end = cookies.find(';', pos);
    if (end == std::string_view::npos) end = cookies.size();
    auto item = cookies.substr(pos, end - pos);
    if (item.substr(0, key.size()) == key) return std::string(item.substr(key.size()));
    pos = end + 1;
  }
  return {};
}

// The refresh token from the body, or from the cookie when the request also
// carries X-Requested-With (a header a cross-site form cannot set).
result<std::optional<std::string>> presented_refresh_token(const request_context& ctx, const object& body) {
  auto in_body = optional_string(body, "refresh_token");
  if (!in_body || *in_body) return in_body;
  if (ctx.req["X-Requested-With"].empty()) return std::optional<std::string>{};
  auto cookie = cookie_value(ctx);
  if (cookie.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(std::move(cookie));
}

transport::response session_response(const request_context& ctx, const core::session_tokens& s) {
  object body{{"access_token", s.access.token},
              {"token_type", "Bearer"},
              {"expires_in", s.access.expires_in.count()},
              {"refresh_token", s.refresh_token},
              {"user", own_user_json(s.user)}};
  auto res = json_response(http::status::ok, body);
  const auto max_age = (s.refresh_expires_at - s.access.claims.issued_at) / 1000;
  res.set(http::field::set_cookie, cookie_header(ctx, s.refresh_token, max_age));
  return res;
}

// An empty body counts as {} for the routes whose fields are all optional.
result<object> optional_body(const request_context& ctx) {
  if (ctx.req.body().empty()) return object{};
  return json_object_body(ctx.req);
}

// What a client needs to know before anyone signs in.
asio::awaitable<transport::response> server_info(core::accounts& accounts, request_context&) {
  std::string_view mode = "open";
  if (accounts.registration_rule() == core::registration_mode::invite) mode = "invite";
  if (accounts.registration_rule() == core::registration_mode::closed) mode = "closed";
  co_return json_response(http::status::ok, object{{"registration", mode}, {"invite_required", mode == "invite"}});
}

asio::awaitable<transport::response> register_user(core::accounts& accounts, core::email_addresses& emails,
                                                   request_context& ctx) {
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  core::registration r;
  for (auto [field, target] : {std::pair{"email", &r.email}, {"username", &r.username}, {"password", &r.password}}) {
    auto value = required_string(*body, field);
    if (!value) co_return error_response(value.err());
    *target = std::move(*value);
  }
  auto display_name = optional_string(*body, "display_name");
  if (!display_name) co_return error_response(display_name.err());
  r.display_name = display_name->value_or("");
  auto invite = optional_string(*body, "invite");
  if (!invite) co_return error_response(invite.err());
  r.invite = invite->value_or("");
  auto user = co_await accounts.register_user(std::move(r), client_of(ctx));
  if (!user) co_return error_response(user.err());
  // The account exists either way; a link that could not be sent is asked
  // for again with POST /api/v1/me/email/verify.
  auto mailed = co_await emails.welcome(user->id, client_of(ctx));
  (void)mailed;
  co_return json_response(http::status::created, object{{"user", own_user_json(*user)}});
}

asio::awaitable<transport::response> login(core::accounts& accounts, request_context& ctx) {
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto login = required_string(*body, "login");
  if (!login) co_return error_response(login.err());
  auto password = required_string(*body, "password");
  if (!password) co_return error_response(password.err());
  auto session = co_await accounts.login(std::move(*login), std::move(*password), client_of(ctx));
  if (!session) co_return error_response(session.err());
  co_return session_response(ctx, *session);
}

asio::awaitable<transport::response> refresh(core::accounts& accounts, request_context& ctx) {
  auto body = optional_body(ctx);
  if (!body) co_return error_response(body.err());
  auto token = presented_refresh_token(ctx, *body);
  if (!token) co_return error_response(token.err());
  if (!*token) co_return error_response(error(errc::unauthorized, "No refresh token."));
  auto session = co_await accounts.refresh(std::move(**token), client_of(ctx));
  if (!session) co_return error_response(session.err());
  co_return session_response(ctx, *session);
}

asio::awaitable<transport::response> logout(core::accounts& accounts, request_context& ctx) {
  auto body = optional_body(ctx);
  if (!body) co_return error_response(body.err());
  auto all = optional_bool(*body, "all");
  if (!all) co_return error_response(all.err());
  auto token = presented_refresh_token(ctx, *body);
  if (!token) co_return error_response(token.err());
  std::optional<core::access_claims> caller;
  auto claims = co_await bearer_claims(ctx, accounts);
  if (claims) caller = *claims;
  auto done = co_await accounts.logout(std::move(*token), caller, all->value_or(false), client_of(ctx));
  if (!done) co_return error_response(done.err());
  auto res = no_content();
  res.set(http::field::set_cookie, cookie_header(ctx, "", 0));
  co_return res;
}

}  // namespace

void add_auth_routes(router& r, core::accounts& accounts, core::email_addresses& emails) {
  auto bind = [&accounts](auto fn) { return [&accounts, fn](request_context& ctx) { return fn(accounts, ctx); }; };
  r.add(http::verb::post, "/api/v1/auth/register",
        [&accounts, &emails](request_context& ctx) { return register_user(accounts, emails, ctx); });
  r.add(http::verb::get, "/api/v1/server", bind(server_info));
  r.add(http::verb::post, "/api/v1/auth/login", bind(login));
  r.add(http::verb::post, "/api/v1/auth/refresh", bind(refresh));
  r.add(http::verb::post, "/api/v1/auth/logout", bind(logout));
}

}  // namespace natter::api
