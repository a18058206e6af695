#pragma once
// Accounts and sessions: registration, login, refresh-token rotation with reuse
// detection, logout, profile and password changes, user lookup.
//
// The only module that reads a user's credentials (store::user_credentials):
// every user it returns is a profile, without the password hash.
//
// Every method is a coroutine that completes on the caller's executor; none
// blocks it: database work runs on the database executor and Argon2id on the
// password hasher's pool. Every security-relevant action is written to the
// audit log in the same transaction as the change it records.
//
// Sessions that end (logout, logout of all, password change, a reused refresh
// token) end at once: after the commit, the session guard refuses their access
// tokens and the event sink closes their WebSockets on every node.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/access_tokens.hpp"
#include "core/event_sink.hpp"
#include "core/password_hasher.hpp"
#include "core/rate_limiter.hpp"
#include "core/session_guard.hpp"
#include "store/database.hpp"

namespace natter::core {

// Who may create an account (--registration).
enum class registration_mode {
  open,    // anyone
  invite,  // whoever holds an unused invite code (core/accounts_admin.hpp makes them)
  closed,  // nobody
};

struct account_limits {
  rate_limit login_per_address{30, 30};  // burst, per minute
  rate_limit login_per_account{10, 10};
  rate_limit register_per_address{10, 10};
  registration_mode registration = registration_mode::open;
  std::chrono::seconds refresh_ttl{std::chrono::hours(24 * 30)};
};

// Who is asking; recorded in the audit log.
struct client_info {
  std::string remote_addr;
  std::string user_agent;  // at most max_user_agent_bytes; shown in the sessions list
};
inline constexpr std::size_t max_user_agent_bytes = 256;

// A session in its owner's list.
struct session_view {
  store::session_record session;
  bool current = false;  // the session of the access token that asked
};

struct registration {
  std::string email;
  std::string username;
  std::string password;
  std::string display_name;
  std::string invite;  // the invite code; required when registration is invite-only
};

// What a successful login or refresh hands out.
struct session_tokens {
  issued_access_token access;
  std::string refresh_token;  // the only copy; the store keeps its hash
  unix_ms refresh_expires_at = 0;
  store::user_record user;
};

struct user_page {
  std::vector<store::user_record> users;
  std::optional<std::string> next_after;  // pass as `after` for the next page
};

// Someone's public profile as one viewer sees it.
struct profile_view {
  store::user_record user;
  bool blocked = false;  // the viewer blocked them (never whether they blocked the viewer)
};

// What the audit log records of a security-relevant action (and logs it,
// without secrets): for accounts and the services beside it.
store::audit_event make_audit_event(const clock& clock, std::optional<store::user_id> user, std::string kind,
                                    const client_info& who, std::string detail = {});

// After the commit that ended sessions (families) of user: the guard refuses
// their access tokens here, and the sink closes their WebSockets everywhere;
// then the guard's end listener hears of it.
void end_sessions(session_guard& sessions, event_sink& events, store::user_id user,
                  const std::vector<std::string>& families);

class accounts {
 public:
  accounts(store::database& db, password_hasher& hasher, const access_tokens& tokens, session_guard& sessions,
           event_sink& events, const clock& clock, account_limits limits);

  // In invite mode the invite is used up in the transaction that creates the
  // account. Errors: forbidden (registration is closed), invite_invalid (invite
  // mode: missing, unknown, used, revoked or expired; one answer for all),
  // validation_failed, email_taken, username_taken, rate_limited, busy,
  // store_unavailable.
  boost::asio::awaitable<result<store::user_record>> register_user(registration r, client_info who);
  // Who may register here (GET /api/v1/server tells clients).
  registration_mode registration_rule() const noexcept { return limits_.registration; }

  // login is an email or a username. Errors: invalid_credentials (the same for
  // an unknown login and a wrong password), account_disabled (only once the
  // password is right), rate_limited, busy, store_unavailable.
  boost::asio::awaitable<result<session_tokens>> login(std::string login, std::string password, client_info who);

  // Exchanges a refresh token for a new pair; the presented one stops working.
  // Presenting an already-rotated token revokes its whole family (reuse).
  // Errors: unauthorized, token_expired, account_disabled, store_unavailable.
  boost::asio::awaitable<result<session_tokens>> refresh(std::string refresh_token, client_info who);

  // Revokes the session of refresh_token, or of the access token's session when
  // no refresh token is given; with all, every session of the user.
  // Errors: unauthorized.
  boost::asio::awaitable<status> logout(std::optional<std::string> refresh_token, std::optional<access_claims> caller,
                                        bool all, client_info who);

  // Bearer-token check: the signature and expiry, then whether its session is
  // still open (session_guard: usually no I/O). Errors: unauthorized,
  // token_expired, busy, store_unavailable.
  boost::asio::awaitable<result<access_claims>> authenticate(std::string access_token);

  // authenticate, the token's user and the presence they chose, in one store
  // read: a connect's sign-in crosses to the database readers once. Errors: as
  // authenticate; unauthorized when the user no longer exists.
  struct authenticated {
    access_claims claims;
    store::user_record user;
    std::string chosen;  // the stored presence choice (presence::connected)
  };
  boost::asio::awaitable<result<authenticated>> authenticate_user(std::string access_token);

  boost::asio::awaitable<result<store::user_record>> user(store::user_id id);
  boost::asio::awaitable<result<store::user_record>> user_by_username(std::string username);
  // username's public profile for viewer, with whether viewer blocked them.
  // Errors: not_found.
  boost::asio::awaitable<result<profile_view>> profile_for(store::user_id viewer, std::string username);
  boost::asio::awaitable<result<user_page>> search(std::string prefix, std::string after, int limit);

  // Display name, username, bio, avatar. The email is left alone: a new
  // address is confirmed first (core/accounts_email.hpp). A username given
  // up is reserved for username_reserve (the user may take it back); a new
  // username or display name is announced as user.updated to the user's
  // sessions and to at most max_profile_audience people who share a
  // conversation (not a room) or a contact with them. Errors:
  // validation_failed, username_taken, not_found.
  boost::asio::awaitable<result<store::user_record>> update_profile(const access_claims& caller,
                                                                    store::profile_update update, client_info who);

  // Ends every other session of the user. Errors: validation_failed (wrong
  // current password: field current_password), rate_limited.
  boost::asio::awaitable<status> change_password(const access_claims& caller, std::string current_password,
                                                 std::string new_password, client_info who);

  // The caller's open sessions (at most max_sessions_listed), most recently
  // used first.
  boost::asio::awaitable<result<std::vector<session_view>>> sessions(const access_claims& caller);
  // Ends one of the caller's sessions (its WebSockets close at once).
  // Errors: not_found (no open session of the caller's by that id).
  boost::asio::awaitable<status> end_session(const access_claims& caller, std::string id, client_info who);
  // Ends every session of the caller's but the caller's own.
  boost::asio::awaitable<status> end_other_sessions(const access_claims& caller, client_info who);
  static constexpr int max_sessions_listed = 100;

  // For deleting the account (core/accounts_deletion.hpp): the caller's
  // password, checked like a password change's current one. Errors:
  // validation_failed (field "password"), rate_limited.
  boost::asio::awaitable<status> check_password(const access_claims& caller, std::string password, client_info who);
  // Erases the caller's account (store::erase_account), ends every session
  // of it and reserves its username for username_reserve.
  boost::asio::awaitable<status> erase(const access_claims& caller, client_info who);
  static constexpr std::chrono::hours username_reserve{24 * 30};
  static constexpr int max_profile_audience = 10000;

 private:
  struct profile_change {
    store::user_record user;
    std::vector<store::user_id> audience;  // empty: nothing others see changed
  };
  boost::asio::awaitable<result<session_tokens>> open_session(store::user_record user, client_info who);
  // The profile of a user who just proved their password, unless an operator
  // disabled the account (audited). Errors: account_disabled, not_found.
  boost::asio::awaitable<result<store::user_record>> enabled_profile(store::user_id id, const client_info& who);
  // How a wrong password is answered and audited.
  struct own_password {
    std::string_view field;
    std::string_view wrong;
    std::string_view audit_kind;
  };
  // Checks the caller's password against the per-account attempt budget.
  // Errors: validation_failed (check.field), rate_limited, not_found.
  boost::asio::awaitable<status> verify_own_password(const access_claims& caller, std::string password,
                                                     const own_password& check, client_info who);
  // After the commit that ended them: refused here, closed everywhere.
  void announce_ended(store::user_id user, const std::vector<std::string>& families);
  boost::asio::awaitable<void> audit(std::optional<store::user_id> user, std::string kind, client_info who,
                                     std::string detail = {});
  store::audit_event audit_event(std::optional<store::user_id> user, std::string kind, const client_info& who,
                                 std::string detail = {}) const;

  store::database& db_;
  password_hasher& hasher_;
  const access_tokens& tokens_;
  session_guard& sessions_;
  event_sink& events_;
  const clock& clock_;
  account_limits limits_;
  rate_limiter login_by_address_;
  rate_limiter login_by_account_;
  rate_limiter register_by_address_;
};

}  // namespace natter::core
