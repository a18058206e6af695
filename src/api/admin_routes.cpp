// /api/v1/admin/*: what a server administrator does over HTTP, through the
// same core::account_admin as natterd admin. Every route needs the Bearer
// token of an administrator whose account is enabled: none is 401, anyone
// else 403 FORBIDDEN.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>

#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/user_json.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

namespace {

struct admin_deps {
  core::accounts& accounts;
  core::account_admin& admin;
  core::password_recovery& recovery;
};

// The caller, once known to be an administrator, as the audit log names them.
asio::awaitable<result<core::operator_info>> admin_caller(admin_deps& d, const request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, d.accounts);
  if (!caller) co_return std::move(caller).err();
  if (auto allowed = co_await d.admin.require_admin(*caller); !allowed) co_return std::move(allowed).err();
  auto me = co_await d.accounts.user(caller->user);
  if (!me) co_return std::move(me).err();
  co_return core::operator_info{caller->user, me->username, client_of(ctx)};
}

result<int> int_param_or(const request_context& ctx, std::string_view name, int fallback) {
  auto text = query_param(ctx.req.target(), name);
  if (text.empty()) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return error(errc::bad_request, std::string(name) + " must be a whole number.", std::string(name));
  }
  return value;
}

object admin_user_json(const core::admin_user_view& v) {
  object out = own_user_json(v.user);
  out["last_seen"] = v.user.last_seen ? boost::json::value(*v.user.last_seen) : nullptr;
  out["admin"] = v.state.admin_since.has_value();
  out["disabled"] = v.state.disabled_at.has_value();
  out["disabled_at"] = v.state.disabled_at ? boost::json::value(*v.state.disabled_at) : nullptr;
  return out;
}

asio::awaitable<transport::response> list_users(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto limit = int_param_or(ctx, "limit", 50);
  if (!limit) co_return error_response(limit.err());
  const auto& target = ctx.req.target();
  auto page = co_await d.admin.users(query_param(target, "search"), query_param(target, "after"), *limit);
  if (!page) co_return error_response(page.err());
  boost::json::array users;
  for (const auto& v : page->users) users.push_back(admin_user_json(v));
  object body{{"users", std::move(users)}, {"next", nullptr}};
  if (page->next_after) body["next"] = *page->next_after;
  co_return json_response(http::status::ok, body);
}

asio::awaitable<transport::response> show_user(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto shown = co_await d.admin.show(ctx.params["username"]);
  if (!shown) co_return error_response(shown.err());
  object user = admin_user_json(*shown);
  user["open_sessions"] = shown->open_sessions;
  co_return json_response(http::status::ok, object{{"user", std::move(user)}});
}

asio::awaitable<transport::response> set_disabled(admin_deps& d, request_context& ctx, bool disabled) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto done = co_await d.admin.set_disabled(ctx.params["username"], disabled, *by);
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> delete_user(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto done = co_await d.admin.remove(ctx.params["username"], *by);
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> set_password(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  object body;
  if (!ctx.req.body().empty()) {
    auto parsed = json_object_body(ctx.req);
    if (!parsed) co_return error_response(parsed.err());
    body = std::move(*parsed);
  }
  auto password = optional_string(body, "password");
  if (!password) co_return error_response(password.err());
  auto set = co_await d.admin.set_password(ctx.params["username"], password->value_or(""), *by);
  if (!set) co_return error_response(set.err());
  co_return json_response(http::status::ok, object{{"password", *set}});
}

asio::awaitable<transport::response> send_reset(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto shown = co_await d.admin.show(ctx.params["username"]);
  if (!shown) co_return error_response(shown.err());
  auto sent = co_await d.recovery.request(shown->user.email, by->who);
  if (!sent) co_return error_response(sent.err());
  co_return json_response(http::status::accepted, object{{"status", "sent"}});
}

// ?after=NAME&limit=N (1..100, default 50).
asio::awaitable<transport::response> list_rooms(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto limit = int_param_or(ctx, "limit", 50);
  if (!limit) co_return error_response(limit.err());
  auto rooms = co_await d.admin.rooms(query_param(ctx.req.target(), "after"), *limit);
  if (!rooms) co_return error_response(rooms.err());
  boost::json::array out;
  for (const auto& r : *rooms) {
    out.push_back(object{{"id", r.id}, {"name", r.name}, {"topic", r.topic}, {"member_count", r.member_count}});
  }
  object body{{"rooms", std::move(out)}, {"next", nullptr}};
  if (static_cast<int>(rooms->size()) == *limit && !rooms->empty()) body["next"] = rooms->back().name;
  co_return json_response(http::status::ok, body);
}

// ?after=ID&limit=N (1..100, default 50).
asio::awaitable<transport::response> list_groups(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto limit = int_param_or(ctx, "limit", 50);
  if (!limit) co_return error_response(limit.err());
  auto after = int_param_or(ctx, "after", 0);
  if (!after) co_return error_response(after.err());
  auto groups = co_await d.admin.groups(*after, *limit);
  if (!groups) co_return error_response(groups.err());
  boost::json::array out;
  for (const auto& g : *groups) {
    out.push_back(
        object{{"id", g.id}, {"name", g.name}, {"created_at", g.created_at}, {"member_count", g.member_count}});
  }
  object body{{"groups", std::move(out)}, {"next", nullptr}};
  if (static_cast<int>(groups->size()) == *limit && !groups->empty()) body["next"] = groups->back().id;
  co_return json_response(http::status::ok, body);
}

asio::awaitable<transport::response> delete_room(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto done = co_await d.admin.delete_room(ctx.params["name"], *by);
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> delete_group(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  const auto& text = ctx.params["id"];
  store::conversation_id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) co_return error_response(errc::not_found);
  auto done = co_await d.admin.delete_group(id, *by);
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

object audit_json(const store::audit_event& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"user", e.user ? boost::json::value(*e.user) : nullptr},
          {"kind", e.kind},
          {"address", e.remote_addr},
          {"detail", e.detail}};
}

// ?user=USERNAME&kind=KIND&limit=N (1..200, default 50).
asio::awaitable<transport::response> read_audit(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto limit = int_param_or(ctx, "limit", 50);
  if (!limit) co_return error_response(limit.err());
  store::audit_filter filter;
  filter.limit = *limit;
  if (auto kind = query_param(ctx.req.target(), "kind"); !kind.empty()) filter.kind = std::move(kind);
  if (auto username = query_param(ctx.req.target(), "user"); !username.empty()) {
    auto shown = co_await d.admin.show(std::move(username));
    if (!shown) co_return error_response(shown.err());
    filter.user = shown->user.id;
  }
  auto events = co_await d.admin.audit(std::move(filter));
  if (!events) co_return error_response(events.err());
  boost::json::array out;
  for (const auto& e : *events) out.push_back(audit_json(e));
  co_return json_response(http::status::ok, object{{"events", std::move(out)}});
}

// {"expires_in_hours": N} (optional; 1..8760, default 168).
asio::awaitable<transport::response> create_invite(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  std::optional<std::chrono::hours> ttl;
  if (!ctx.req.body().empty()) {
    auto body = json_object_body(ctx.req);
    if (!body) co_return error_response(body.err());
    if (const auto* hours = body->if_contains("expires_in_hours"); hours && !hours->is_null()) {
      if (!hours->is_int64())
        co_return error_response(
            error(errc::bad_request, "expires_in_hours must be a whole number.", "expires_in_hours"));
      ttl = std::chrono::hours(hours->as_int64());
    }
  }
  auto invite = co_await d.admin.create_invite(ttl, *by);
  if (!invite) co_return error_response(invite.err());
  object out{{"id", invite->id}, {"code", invite->code}, {"expires_at", invite->expires_at}};
  if (auto link = d.recovery.web_link("#invite=" + invite->code); !link.empty()) out["link"] = link;
  co_return json_response(http::status::created, object{{"invite", std::move(out)}});
}

asio::awaitable<transport::response> list_invites(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto open = co_await d.admin.invites();
  if (!open) co_return error_response(open.err());
  boost::json::array out;
  for (const auto& i : *open) {
    out.push_back(object{{"id", i.id},
                         {"created_at", i.created_at},
                         {"expires_at", i.expires_at},
                         {"created_by", i.created_by ? boost::json::value(*i.created_by) : nullptr}});
  }
  co_return json_response(http::status::ok, object{{"invites", std::move(out)}});
}

asio::awaitable<transport::response> revoke_invite(admin_deps& d, request_context& ctx) {
  auto by = co_await admin_caller(d, ctx);
  if (!by) co_return error_response(by.err());
  auto done = co_await d.admin.revoke_invite(ctx.params["id"], *by);
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

}  // namespace

void add_admin_routes(router& r, core::accounts& accounts, core::account_admin& admin,
                      core::password_recovery& recovery) {
  auto deps = std::make_shared<admin_deps>(admin_deps{accounts, admin, recovery});
  auto bind = [deps](auto fn) { return [deps, fn](request_context& ctx) { return fn(*deps, ctx); }; };
  r.add(http::verb::get, "/api/v1/admin/users", bind(list_users));
  r.add(http::verb::get, "/api/v1/admin/users/{username}", bind(show_user));
  r.add(http::verb::delete_, "/api/v1/admin/users/{username}", bind(delete_user));
  r.add(http::verb::post, "/api/v1/admin/users/{username}/disable",
        bind([](admin_deps& d, request_context& ctx) { return set_disabled(d, ctx, true); }));
  r.add(http::verb::post, "/api/v1/admin/users/{username}/enable",
        bind([](admin_deps& d, request_context& ctx) { return set_disabled(d, ctx, false); }));
  r.add(http::verb::post, "/api/v1/admin/users/{username}/password", bind(set_password));
  r.add(http::verb::post, "/api/v1/admin/users/{username}/password-reset", bind(send_reset));
  r.add(http::verb::get, "/api/v1/admin/rooms", bind(list_rooms));
  r.add(http::verb::delete_, "/api/v1/admin/rooms/{name}", bind(delete_room));
  r.add(http::verb::get, "/api/v1/admin/groups", bind(list_groups));
  r.add(http::verb::delete_, "/api/v1/admin/groups/{id}", bind(delete_group));
  r.add(http::verb::get, "/api/v1/admin/audit", bind(read_audit));
  r.add(http::verb::get, "/api/v1/admin/invites", bind(list_invites));
  r.add(http::verb::post, "/api/v1/admin/invites", bind(create_invite));
  r.add(http::verb::delete_, "/api/v1/admin/invites/{id}", bind(revoke_invite));
}

}  // namespace natter::api
