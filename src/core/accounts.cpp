#include "core/accounts.hpp"

#include <spdlog/spdlog.h>

#include "common/log_line.hpp"
#include "core/attachments.hpp"
#include "core/secrets.hpp"
#include "core/validation.hpp"

namespace natter::core {

using store::user_record;
namespace asio = boost::asio;

accounts::accounts(store::database& db, password_hasher& hasher, const access_tokens& tokens, session_guard& sessions,
                   event_sink& events, const clock& clock, account_limits limits)
    : db_(db),
      hasher_(hasher),
      tokens_(tokens),
      sessions_(sessions),
      events_(events),
      clock_(clock),
      limits_(limits),
      login_by_address_(limits.login_per_address, clock),
      login_by_account_(limits.login_per_account, clock),
      register_by_address_(limits.register_per_address, clock) {}

store::audit_event make_audit_event(const clock& clock, std::optional<store::user_id> user, std::string kind,
                                    const client_info& who, std::string detail) {
  log_line line("audit");
  line.tag("kind", kind);
  if (user) line.num("user_id", *user);
  line.str("remote", who.remote_addr).info();
  return store::audit_event{0, clock.now_ms(), user, std::move(kind), who.remote_addr, std::move(detail)};
}

void end_sessions(session_guard& sessions, event_sink& events, store::user_id user,
                  const std::vector<std::string>& families) {
  if (families.empty()) return;
  sessions.ended(families);
  events.sessions_ended(user, families);
  sessions.ended_here(user);  // e.g. their devices went with them: e2ee_keys announces it
}

store::audit_event accounts::audit_event(std::optional<store::user_id> user, std::string kind, const client_info& who,
                                         std::string detail) const {
  return make_audit_event(clock_, user, std::move(kind), who, std::move(detail));
}

asio::awaitable<void> accounts::audit(std::optional<store::user_id> user, std::string kind, client_info who,
                                      std::string detail) {
  auto event = audit_event(user, std::move(kind), who, std::move(detail));
  auto change = [event](store::store& s) -> status {
    s.append_audit_event(event);
    return ok;
  };
  auto written = co_await db_.write(std::move(change));
  if (!written) spdlog::warn("audit event {} not stored: {}", event.kind, info(written.err().code).code);
}

static status validate(const registration& r) {
  if (auto s = validate_email(r.email); !s) return s;
  if (auto s = validate_new_username(r.username); !s) return s;
  if (auto s = validate_password(r.password); !s) return s;
  return validate_display_name(r.display_name);
}

asio::awaitable<result<user_record>> accounts::register_user(registration r, client_info who) {
  if (limits_.registration == registration_mode::closed) {
    co_return error(errc::forbidden, "Registration is closed on this server.");
  }
  // Invite mode: the code is checked first, so that without one nothing is
  // learned (not even whether a name is taken) and no Argon2 work is spent.
  std::optional<std::string> invite_hash;
  if (limits_.registration == registration_mode::invite) {
    if (r.invite.empty() || r.invite.size() > 128) co_return error(errc::invite_invalid);
    invite_hash = sha256_hex(r.invite);
  }
  r.username = normalize_username(r.username);
  if (auto s = validate(r); !s) co_return std::move(s).err();
  if (auto wait = register_by_address_.acquire(who.remote_addr)) co_return rate_limited_error(*wait);

  // Refuse taken names before spending Argon2 work on them; insert_user still
  // decides races.
  auto query = [r, invite_hash, now = clock_.now_ms()](store::store& s) -> status {
    if (invite_hash && !s.invite_usable(*invite_hash, now)) return errc::invite_invalid;
    if (s.user_by_login(r.email)) return errc::email_taken;
    if (s.user_by_username(r.username) || s.username_reserved(r.username, now)) return errc::username_taken;
    return ok;
  };
  auto taken = co_await db_.read(std::move(query));
  if (!taken) co_return std::move(taken).err();

  auto hash = co_await hasher_.hash(r.password);
  if (!hash) co_return std::move(hash).err();
  store::new_user user{r.email, r.username, r.display_name, std::move(*hash), clock_.now_ms()};
  auto change = [this, user, invite_hash, who](store::store& s) -> result<user_record> {
    auto created = s.insert_user(user);
    if (!created) return created;
    std::string detail;
    if (invite_hash) {
      // The same code may have been used since the check: this decides.
      auto invite = s.use_invite(*invite_hash, created->id, user.created_at);
      if (!invite) return errc::invite_invalid;
      detail = "invite " + *invite;
    }
    s.append_audit_event(audit_event(created->id, "register", who, detail));
    return created;
  };
  co_return co_await db_.write(std::move(change));
}

// The per-account attempt budget of an account, shared by every name it logs
// in with (username, email in any case) and by password changes.
static std::string account_key(store::user_id id) {
  return "#" + std::to_string(id);
}

asio::awaitable<result<session_tokens>> accounts::login(std::string login, std::string password, client_info who) {
  if (auto wait = login_by_address_.acquire(who.remote_addr)) co_return rate_limited_error(*wait);

  // One query whether or not the login names an account: until the hash is
  // checked, both cost the same.
  auto query = [login](store::store& s) -> result<std::optional<store::user_credentials>> {
    return s.credentials_by_login(login);
  };
  auto found = co_await db_.read(std::move(query));
  if (!found) co_return std::move(found).err();

  auto& account = *found;
  // Keyed by the account once the login names one, so that its username and
  // email do not each get a budget; an unknown login has its own.
  std::string budget = "?" + normalize_username(login);
  if (account) budget = account_key(account->user);
  if (auto wait = login_by_account_.acquire(budget)) co_return rate_limited_error(*wait);
  // One co_await per statement, never inside ?: : GCC 12 destroys a
  // conditional's coroutine temporaries twice (heap corruption under load).
  result<bool> verified = false;
  if (account) {
    verified = co_await hasher_.verify(account->password_hash, std::move(password));
  } else {
    verified = co_await hasher_.verify_nobody(std::move(password));
  }
  if (!verified) co_return std::move(verified).err();
  if (!*verified) {
    std::optional<store::user_id> who_failed;
    if (account) who_failed = account->user;
    co_await audit(who_failed, "login.failed", who);
    co_return error(errc::invalid_credentials);
  }
  login_by_account_.reset(budget);
  auto profile = co_await enabled_profile(account->user, who);
  if (!profile) co_return std::move(profile).err();
  co_return co_await open_session(std::move(*profile), std::move(who));
}

asio::awaitable<result<user_record>> accounts::enabled_profile(store::user_id id, const client_info& who) {
  auto query = [id](store::store& s) -> result<user_record> {
    auto found = s.user_by_id(id);
    if (!found) return errc::not_found;
    if (s.account_state_of(id).disabled_at) return errc::account_disabled;
    return std::move(*found);
  };
  auto profile = co_await db_.read(std::move(query));
  if (!profile && profile.err().code == errc::account_disabled) co_await audit(id, "login.disabled", who);
  co_return profile;
}

asio::awaitable<result<session_tokens>> accounts::open_session(user_record user, client_info who) {
  session_tokens out;
  out.refresh_token = random_token();
  out.refresh_expires_at = clock_.now_ms() + std::chrono::milliseconds(limits_.refresh_ttl).count();
  store::refresh_token_record record{
      0,  user.id,        random_token(16), sha256_hex(out.refresh_token), clock_.now_ms(), out.refresh_expires_at, {},
      {}, who.user_agent, who.remote_addr};
  auto change = [this, record, who](store::store& s) -> status {
    s.insert_refresh_token(record);
    s.append_audit_event(audit_event(record.user, "login.ok", who));
    return ok;
  };
  auto stored = co_await db_.write(std::move(change));
  if (!stored) co_return std::move(stored).err();
  out.access = tokens_.issue(user.id, record.family);
  out.user = std::move(user);
  co_return out;
}

void accounts::announce_ended(store::user_id user, const std::vector<std::string>& families) {
  end_sessions(sessions_, events_, user, families);
}

namespace {
// What the refresh transaction found; reuse is a success for the transaction
// (its revocation must commit) but a failure for the caller.
struct rotation {
  bool reused = false;
  std::optional<user_record> user;
  store::refresh_token_record successor;
  store::user_id owner = 0;  // reused: whose family was revoked
  std::string family;
};

// The sessions a transaction ended.
struct ended_sessions {
  store::user_id user = 0;
  std::vector<std::string> families;
};
}  // namespace

asio::awaitable<result<session_tokens>> accounts::refresh(std::string refresh_token, client_info who) {
  const unix_ms now = clock_.now_ms();
  const std::string token_hash = sha256_hex(refresh_token);
  session_tokens out;
  out.refresh_token = random_token();
  out.refresh_expires_at = now + std::chrono::milliseconds(limits_.refresh_ttl).count();
  const std::string successor_hash = sha256_hex(out.refresh_token);

  auto change = [&, who](store::store& s) -> result<rotation> {
    auto current = s.refresh_token_by_hash(token_hash);
    if (!current || (current->revoked_at && !current->rotated_at)) return errc::unauthorized;
    if (current->rotated_at) {
      s.revoke_refresh_family(current->family, now);
      s.append_audit_event(audit_event(current->user, "refresh.reuse_detected", who));
      return rotation{true, {}, {}, current->user, current->family};
    }
    if (current->expires_at <= now) return errc::token_expired;
    if (s.account_state_of(current->user).disabled_at) return errc::account_disabled;
    s.mark_refresh_token_rotated(current->id, now);
    rotation r{false, s.user_by_id(current->user), {}, current->user, {}};
    r.successor = {0,  current->user,  current->family, successor_hash, now, out.refresh_expires_at, {},
                   {}, who.user_agent, who.remote_addr};
    s.insert_refresh_token(r.successor);
    return r;
  };
  auto announce = [this](const result<rotation>& r) {
    if (r->reused) announce_ended(r->owner, {r->family});
  };
  auto rotated = co_await db_.write(std::move(change), std::move(announce));
  if (!rotated) co_return std::move(rotated).err();
  if (rotated->reused || !rotated->user) co_return error(errc::unauthorized);
  out.access = tokens_.issue(rotated->user->id, rotated->successor.family);
  out.user = std::move(*rotated->user);
  co_return out;
}

asio::awaitable<status> accounts::logout(std::optional<std::string> refresh_token, std::optional<access_claims> caller,
                                         bool all, client_info who) {
  const unix_ms now = clock_.now_ms();
  std::optional<std::string> token_hash;
  if (refresh_token) token_hash = sha256_hex(*refresh_token);
  auto change = [this, token_hash, caller, all, now, who](store::store& s) -> result<ended_sessions> {
    ended_sessions out;
    std::string family;
    if (token_hash) {
      auto token = s.refresh_token_by_hash(*token_hash);
      if (!token || token->revoked_at) return errc::unauthorized;
      out.user = token->user;
      family = token->family;
    } else if (caller) {
      out.user = caller->user;
      family = caller->session;
    } else {
      return errc::unauthorized;
    }
    if (all) {
      out.families = s.revoke_refresh_tokens_of_user(out.user, now, std::nullopt);
    } else {
      s.revoke_refresh_family(family, now);
      out.families.push_back(family);
    }
    s.append_audit_event(audit_event(out.user, all ? "logout.all" : "logout", who));
    return out;
  };
  auto announce = [this](const result<ended_sessions>& r) { announce_ended(r->user, r->families); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

asio::awaitable<result<access_claims>> accounts::authenticate(std::string access_token) {
  auto claims = tokens_.verify(access_token);
  if (!claims) co_return std::move(claims).err();
  auto open = co_await sessions_.check(*claims);
  if (!open) co_return std::move(open).err();
  co_return std::move(*claims);
}

asio::awaitable<result<accounts::authenticated>> accounts::authenticate_user(std::string access_token) {
  auto claims = tokens_.verify(access_token);
  if (!claims) co_return std::move(claims).err();
  if (claims->session.empty()) co_return error(errc::unauthorized);
  const auto known = sessions_.lookup(claims->session);
  if (known == session_guard::verdict::ended) co_return error(errc::unauthorized);
  struct found {
    bool open = true;
    std::optional<user_record> user;
    std::string chosen;
  };
  const bool ask = known == session_guard::verdict::unknown;
  auto query = [ask, family = claims->session, id = claims->user](store::store& s) -> result<found> {
    found out;
    if (ask) out.open = s.refresh_family_active(family, id);
    if (!out.open) return out;
    out.user = s.user_by_id(id);
    if (out.user) out.chosen = s.chosen_status(id);
    return out;
  };
  auto read = co_await db_.read(std::move(query));
  if (!read) co_return std::move(read).err();
  if (ask) {
    auto open = sessions_.learned(claims->session, read->open);
    if (!open) co_return std::move(open).err();
  }
  if (!read->user) co_return error(errc::unauthorized);
  co_return authenticated{std::move(*claims), std::move(*read->user), std::move(read->chosen)};
}

asio::awaitable<result<user_record>> accounts::user(store::user_id id) {
  auto query = [id](store::store& s) -> result<user_record> {
    auto found = s.user_by_id(id);
    if (!found) return errc::not_found;
    return std::move(*found);
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<user_record>> accounts::user_by_username(std::string username) {
  username = normalize_username(username);
  if (!validate_username(username)) co_return error(errc::not_found);
  auto query = [username](store::store& s) -> result<user_record> {
    auto found = s.user_by_username(username);
    if (!found) return errc::not_found;
    return std::move(*found);
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<profile_view>> accounts::profile_for(store::user_id viewer, std::string username) {
  username = normalize_username(username);
  if (!validate_username(username)) co_return error(errc::not_found);
  auto query = [viewer, username](store::store& s) -> result<profile_view> {
    auto found = s.user_by_username(username);
    if (!found) return errc::not_found;
    const bool blocked = s.is_blocked(viewer, found->id);
    return profile_view{std::move(*found), blocked};
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<user_page>> accounts::search(std::string prefix, std::string after, int limit) {
  prefix = normalize_username(prefix);
  after = normalize_username(after);
  if (prefix.size() > 32) co_return validation_error("prefix", "At most 32 characters.");
  if (limit < 1 || limit > 100) co_return validation_error("limit", "Between 1 and 100.");
  auto query = [prefix, after, limit](store::store& s) -> result<user_page> {
    user_page page;
    page.users = s.users_with_prefix(prefix, after, limit + 1);
    if (page.users.size() > static_cast<std::size_t>(limit)) {
      page.users.pop_back();
      page.next_after = page.users.back().username;
    }
    return page;
  };
  co_return co_await db_.read(std::move(query));
}

static status validate(store::profile_update& update) {
  if (update.username) *update.username = normalize_username(*update.username);
  if (update.username) {
    if (auto s = validate_new_username(*update.username); !s) return s;
  }
  if (update.display_name) {
    if (auto s = validate_display_name(*update.display_name); !s) return s;
  }
  if (update.bio) return validate_bio(*update.bio);
  return ok;
}

asio::awaitable<status> accounts::verify_own_password(const access_claims& caller, std::string password,
                                                      const own_password& check, client_info who) {
  if (auto wait = login_by_account_.acquire(account_key(caller.user))) co_return rate_limited_error(*wait);
  auto query = [id = caller.user](store::store& s) -> result<store::user_credentials> {
    auto found = s.credentials_of(id);
    if (!found) return errc::not_found;
    return std::move(*found);
  };
  auto current = co_await db_.read(std::move(query));
  if (!current) co_return std::move(current).err();
  auto verified = co_await hasher_.verify(current->password_hash, std::move(password));
  if (!verified) co_return std::move(verified).err();
  if (!*verified) {
    co_await audit(caller.user, std::string(check.audit_kind), who);
    co_return validation_error(std::string(check.field), std::string(check.wrong));
  }
  co_return ok;
}

asio::awaitable<result<user_record>> accounts::update_profile(const access_claims& caller, store::profile_update update,
                                                              client_info who) {
  update.email.reset();  // a new address is confirmed first: core/accounts_email
  if (auto s = validate(update); !s) co_return std::move(s).err();
  const unix_ms now = clock_.now_ms();
  auto change = [this, id = caller.user, update, who, now](store::store& s) -> result<profile_change> {
    auto before = s.user_by_id(id);
    if (!before) return errc::not_found;
    if (update.username && *update.username != before->username &&
        s.username_reserved_against(*update.username, id, now)) {
      return errc::username_taken;
    }
    if (update.avatar) {
      if (auto taken = take_avatar(s, id, *update.avatar); !taken) return std::move(taken).err();
    }
    auto after = s.update_profile(id, update);
    if (!after) return std::move(after).err();
    profile_change out{std::move(*after), {}};
    if (out.user.username != before->username) {
      s.append_audit_event(audit_event(id, "username.changed", who, before->username + " -> " + out.user.username));
      s.reserve_username(before->username, now + std::chrono::milliseconds(username_reserve).count(), id);
    }
    if (out.user.username != before->username || out.user.display_name != before->display_name) {
      out.audience = s.profile_audience(id, max_profile_audience);
      out.audience.push_back(id);
    }
    return out;
  };
  // Every session of theirs (the WebSocket session takes the new name) and
  // the people who show them by name hear of it at once, on every node.
  auto announce = [this](const result<profile_change>& r) {
    if (r->audience.empty()) return;
    events_.to_users(r->audience, protocol::user_updated_event{r->user.id, r->user.username, r->user.display_name});
  };
  auto changed = co_await db_.write(std::move(change), std::move(announce));
  if (!changed) co_return std::move(changed).err();
  co_return std::move(changed->user);
}

asio::awaitable<status> accounts::change_password(const access_claims& caller, std::string current_password,
                                                  std::string new_password, client_info who) {
  if (auto s = validate_password(new_password, "new_password"); !s) co_return s;
  const own_password check{"current_password", "The current password is wrong.", "password.change_failed"};
  if (auto right = co_await verify_own_password(caller, std::move(current_password), check, who); !right) {
    co_return right;
  }
  auto hash = co_await hasher_.hash(std::move(new_password));
  if (!hash) co_return std::move(hash).err();
  const unix_ms now = clock_.now_ms();
  store::user_credentials replacement{caller.user, std::move(*hash)};
  auto change = [this, caller, replacement, now, who](store::store& s) -> result<ended_sessions> {
    s.set_credentials(replacement);
    ended_sessions out{caller.user, s.revoke_refresh_tokens_of_user(caller.user, now, caller.session)};
    s.append_audit_event(audit_event(caller.user, "password.changed", who));
    return out;
  };
  auto announce = [this](const result<ended_sessions>& r) { announce_ended(r->user, r->families); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

}  // namespace natter::core
