#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>

#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/user_json.hpp"
#include "core/validation.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

namespace {

// The caller as they see themself: with their address's state.
asio::awaitable<transport::response> me_response(core::accounts& accounts, core::email_addresses& emails,
                                                 store::user_id id) {
  auto user = co_await accounts.user(id);
  if (!user) co_return error_response(user.err());
  auto email = co_await emails.state(id);
  if (!email) co_return error_response(email.err());
  auto json = own_user_json(*user);
  json["email_verified"] = email->verified;
  json["pending_email"] = email->pending ? boost::json::value(*email->pending) : boost::json::value(nullptr);
  co_return json_response(http::status::ok, object{{"user", std::move(json)}});
}

asio::awaitable<transport::response> get_me(core::accounts& accounts, core::email_addresses& emails,
                                            request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  co_return co_await me_response(accounts, emails, caller->user);
}

result<store::profile_update> profile_update_of(const object& body) {
  store::profile_update update;
  for (auto [field, target] : {std::pair{"email", &update.email},
                               {"username", &update.username},
                               {"display_name", &update.display_name},
                               {"bio", &update.bio},
                               {"avatar", &update.avatar}}) {
    auto value = optional_string(body, field);
    if (!value) return std::move(value).err();
    *target = std::move(*value);
  }
  return update;
}

// The other fields are saved first; a new email is then mailed a link and
// becomes the address only once it is opened (pending_email until then).
asio::awaitable<transport::response> patch_me(core::accounts& accounts, core::email_addresses& emails,
                                              request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto update = profile_update_of(*body);
  if (!update) co_return error_response(update.err());
  auto email = std::move(update->email);
  if (email) {
    if (auto valid = core::validate_email(*email); !valid) co_return error_response(valid.err());
  }
  auto user = co_await accounts.update_profile(*caller, std::move(*update), client_of(ctx));
  if (!user) co_return error_response(user.err());
  if (email) {
    auto requested = co_await emails.request_change(caller->user, std::move(*email), client_of(ctx));
    if (!requested) co_return error_response(requested.err());
  }
  co_return co_await me_response(accounts, emails, caller->user);
}

asio::awaitable<transport::response> change_password(core::accounts& accounts, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto current = required_string(*body, "current_password");
  if (!current) co_return error_response(current.err());
  auto next = required_string(*body, "new_password");
  if (!next) co_return error_response(next.err());
  auto done = co_await accounts.change_password(*caller, std::move(*current), std::move(*next), client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> get_user(core::accounts& accounts, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto shown = co_await accounts.profile_for(caller->user, ctx.params["username"]);
  if (!shown) co_return error_response(shown.err());
  auto user = public_user_json(shown->user);
  user["blocked"] = shown->blocked;
  co_return json_response(http::status::ok, object{{"user", std::move(user)}});
}

result<int> limit_param(const request_context& ctx) {
  auto text = query_param(ctx.req.target(), "limit");
  if (text.empty()) return 20;
  int limit = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return error(errc::bad_request, "limit must be a whole number.", "limit");
  }
  return limit;
}

asio::awaitable<transport::response> search_users(core::accounts& accounts, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto limit = limit_param(ctx);
  if (!limit) co_return error_response(limit.err());
  auto page =
      co_await accounts.search(query_param(ctx.req.target(), "prefix"), query_param(ctx.req.target(), "after"), *limit);
  if (!page) co_return error_response(page.err());
  boost::json::array users;
  for (const auto& u : page->users) users.push_back(public_user_json(u));
  object body{{"users", std::move(users)}, {"next", nullptr}};
  if (page->next_after) body["next"] = *page->next_after;
  co_return json_response(http::status::ok, body);
}

}  // namespace

void add_user_routes(router& r, core::accounts& accounts, core::email_addresses& emails) {
  auto bind = [&accounts](auto fn) { return [&accounts, fn](request_context& ctx) { return fn(accounts, ctx); }; };
  auto me = [&accounts, &emails](auto fn) {
    return [&accounts, &emails, fn](request_context& ctx) { return fn(accounts, emails, ctx); };
  };
  r.add(http::verb::get, "/api/v1/me", me(get_me));
  r.add(http::verb::patch, "/api/v1/me", me(patch_me));
  r.add(http::verb::post, "/api/v1/me/password", bind(change_password));
  r.add(http::verb::get, "/api/v1/users", bind(search_users));
  r.add(http::verb::get, "/api/v1/users/{username}", bind(get_user));
}

}  // namespace natter::api
