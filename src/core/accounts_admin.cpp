#include "core/accounts_admin.hpp"

#include "core/secrets.hpp"
#include "core/validation.hpp"

namespace natter::core {

namespace asio = boost::asio;

account_admin::account_admin(store::database& db, password_hasher& hasher, session_guard& sessions, event_sink& events,
                             account_deletion& deletion, conversations& rooms, const clock& clock, admin_limits limits)
    : db_(db),
      hasher_(hasher),
      sessions_(sessions),
      events_(events),
      deletion_(deletion),
      conversations_(rooms),
      clock_(clock),
      limits_(limits) {}

store::audit_event account_admin::audit_event(std::optional<store::user_id> user, std::string what,
                                              const operator_info& by) const {
  return make_audit_event(clock_, user, "admin." + what, by.who, "by " + by.name);
}

asio::awaitable<status> account_admin::require_admin(const access_claims& caller) {
  auto query = [id = caller.user](store::store& s) -> status {
    const auto state = s.account_state_of(id);
    if (!state.admin_since || state.disabled_at) return error(errc::forbidden, "Server administrators only.");
    return ok;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<store::user_record>> account_admin::find(std::string username) {
  username = normalize_username(username);
  if (username.empty() || username.size() > 64) co_return error(errc::user_not_found);
  auto query = [username](store::store& s) -> result<store::user_record> {
    auto found = s.user_by_username(username);
    if (!found) return errc::user_not_found;
    return std::move(*found);
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<admin_user_page>> account_admin::users(std::string prefix, std::string after, int limit) {
  prefix = normalize_username(prefix);
  after = normalize_username(after);
  if (prefix.size() > 64) co_return validation_error("prefix", "At most 64 characters.");
  if (limit < 1 || limit > limits_.max_page) {
    co_return validation_error("limit", "Between 1 and " + std::to_string(limits_.max_page) + ".");
  }
  auto query = [prefix, after, limit](store::store& s) -> result<admin_user_page> {
    admin_user_page page;
    for (auto& user : s.users_with_prefix(prefix, after, limit + 1)) {
      const auto state = s.account_state_of(user.id);
      page.users.push_back({std::move(user), state, 0});
    }
    if (page.users.size() > static_cast<std::size_t>(limit)) {
      page.users.pop_back();
      page.next_after = page.users.back().user.username;
    }
    return page;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<admin_user_view>> account_admin::show(std::string username) {
  auto user = co_await find(std::move(username));
  if (!user) co_return std::move(user).err();
  auto query = [user = *user, now = clock_.now_ms()](store::store& s) -> result<admin_user_view> {
    const auto sessions = s.sessions_of(user.id, now, accounts::max_sessions_listed);
    return admin_user_view{user, s.account_state_of(user.id), static_cast<int>(sessions.size())};
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<status> account_admin::set_admin(std::string username, bool admin, operator_info by) {
  auto user = co_await find(std::move(username));
  if (!user) co_return std::move(user).err();
  std::optional<unix_ms> since;
  if (admin) since = clock_.now_ms();
  auto change = [this, id = user->id, since, by](store::store& s) -> status {
    if (!s.set_server_admin(id, since)) return errc::user_not_found;
    s.append_audit_event(audit_event(id, since ? "grant" : "revoke", by));
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

namespace {
// The sessions a transaction ended, for end_sessions after the commit.
struct ended {
  store::user_id user = 0;
  std::vector<std::string> families;
};
}  // namespace

asio::awaitable<status> account_admin::set_disabled(std::string username, bool disabled, operator_info by) {
  auto user = co_await find(std::move(username));
  if (!user) co_return std::move(user).err();
  const unix_ms now = clock_.now_ms();
  std::optional<unix_ms> at;
  if (disabled) at = now;
  auto change = [this, id = user->id, at, now, by](store::store& s) -> result<ended> {
    if (!s.set_account_disabled(id, at)) return errc::user_not_found;
    ended out{id, {}};
    if (at) out.families = s.revoke_refresh_tokens_of_user(id, now, std::nullopt);
    s.append_audit_event(audit_event(id, at ? "disable" : "enable", by));
    return out;
  };
  auto announce = [this](const result<ended>& r) { end_sessions(sessions_, events_, r->user, r->families); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

asio::awaitable<result<std::string>> account_admin::set_password(std::string username, std::string password,
                                                                 operator_info by) {
  if (password.empty()) password = random_token(12);  // 96 bits, 16 characters
  if (auto valid = validate_password(password); !valid) co_return std::move(valid).err();
  auto user = co_await find(std::move(username));
  if (!user) co_return std::move(user).err();
  auto hash = co_await hasher_.hash(password);
  if (!hash) co_return std::move(hash).err();
  const unix_ms now = clock_.now_ms();
  store::user_credentials replacement{user->id, std::move(*hash)};
  auto change = [this, replacement, now, by](store::store& s) -> result<ended> {
    s.set_credentials(replacement);
    ended out{replacement.user, s.revoke_refresh_tokens_of_user(replacement.user, now, std::nullopt)};
    s.append_audit_event(audit_event(replacement.user, "set_password", by));
    return out;
  };
  auto announce = [this](const result<ended>& r) { end_sessions(sessions_, events_, r->user, r->families); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return password;
}

asio::awaitable<status> account_admin::remove(std::string username, operator_info by) {
  auto user = co_await find(std::move(username));
  if (!user) co_return std::move(user).err();
  if (auto removed = co_await deletion_.remove_by_operator(user->id, by.who); !removed) co_return removed;
  auto change = [this, id = user->id, by](store::store& s) -> status {
    s.append_audit_event(audit_event(id, "delete_user", by));
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

}  // namespace natter::core
