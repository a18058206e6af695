#pragma once
// Server administration: what an operator does to accounts, rooms and invites, for
// both front ends (natterd admin on the command line, /api/v1/admin/* over
// HTTP): one implementation, two callers.
//
// Every change is audited in the transaction that makes it, as "admin.<what>"
// on the account it concerns, with "by <operator>" as its detail. Disabling an
// account, or setting its password, ends every session of it at once through
// the one mechanism accounts use (core::end_sessions: the guard refuses its
// access tokens here, the event sink closes its WebSockets on every node).
// Run offline (natterd admin), the event sink reaches no running server: its
// refresh tokens are revoked in the database, and a running server refuses
// the access tokens once its session guard asks the database again
// (--session-recheck-ms); see docs/operations.md.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/accounts.hpp"
#include "core/accounts_deletion.hpp"
#include "core/conversations.hpp"
#include "core/event_sink.hpp"
#include "core/password_hasher.hpp"
#include "core/session_guard.hpp"
#include "store/database.hpp"

namespace natter::core {

// Who does it: a server administrator over HTTP, or the command line.
struct operator_info {
  std::optional<store::user_id> id;  // empty: natterd admin
  std::string name;                  // for the audit log: a username or "natterd admin"
  client_info who;
};

// An account as an operator sees it.
struct admin_user_view {
  store::user_record user;
  store::account_state state;
  int open_sessions = 0;  // at most accounts::max_sessions_listed
};

struct admin_user_page {
  std::vector<admin_user_view> users;  // open_sessions is not counted in lists (0)
  std::optional<std::string> next_after;
};

// A new invite: the code exists only here (the store keeps its hash).
struct created_invite {
  std::string id;
  std::string code;
  unix_ms expires_at = 0;
};

struct admin_limits {
  int max_page = 100;                             // users per page
  int max_audit = 200;                            // audit events per read
  int max_invites_listed = 200;                   // open invites per list
  std::chrono::hours max_invite_ttl{24 * 365};    // longest an invite may stay open
  std::chrono::hours default_invite_ttl{24 * 7};  // when none is asked for
};

class account_admin {
 public:
  account_admin(store::database& db, password_hasher& hasher, session_guard& sessions, event_sink& events,
                account_deletion& deletion, conversations& rooms, const clock& clock, admin_limits limits = {});

  // Ok when the caller is a server administrator whose account is enabled.
  // Errors: forbidden, busy, store_unavailable.
  boost::asio::awaitable<status> require_admin(const access_claims& caller);

  // Usernames starting with prefix, after `after`, at most limit (1..max_page).
  // Errors: validation_failed (prefix, limit).
  boost::asio::awaitable<result<admin_user_page>> users(std::string prefix, std::string after, int limit);
  // Errors: user_not_found.
  boost::asio::awaitable<result<admin_user_view>> show(std::string username);

  // Errors (for each below): user_not_found, busy, store_unavailable.
  boost::asio::awaitable<status> set_admin(std::string username, bool admin, operator_info by);
  // Disabling ends every session of the account.
  boost::asio::awaitable<status> set_disabled(std::string username, bool disabled, operator_info by);
  // Sets a temporary password (password empty: a random one) and ends every
  // session of the account; returns the password. Errors also:
  // validation_failed (field "password").
  boost::asio::awaitable<result<std::string>> set_password(std::string username, std::string password,
                                                           operator_info by);
  // The same erasure as deleting one's own account (account_deletion).
  boost::asio::awaitable<status> remove(std::string username, operator_info by);

  // Rooms by name after `after`, at most limit (1..max_page), with their
  // member counts. Errors: validation_failed (limit).
  boost::asio::awaitable<result<std::vector<store::room_summary>>> rooms(std::string after, int limit);
  // Groups by id after `after`, at most limit (1..max_page), with their
  // member counts (names only: nothing of what they say). Errors:
  // validation_failed (limit).
  boost::asio::awaitable<result<std::vector<store::group_summary>>> groups(store::conversation_id after, int limit);
  // Removes every member (each gets member.left, by the operator), unlists the
  // room and frees its name (conversations::room_delete). Errors: room_not_found.
  boost::asio::awaitable<status> delete_room(std::string name, operator_info by);
  // Removes every member of group id (each sees member.left) and deletes it
  // (conversations::group_delete). Errors: not_found.
  boost::asio::awaitable<status> delete_group(store::conversation_id id, operator_info by);

  // Errors: validation_failed (limit: 1..max_audit).
  boost::asio::awaitable<result<std::vector<store::audit_event>>> audit(store::audit_filter filter);

  // ttl empty: default_invite_ttl. Errors: validation_failed (expires_in_hours).
  boost::asio::awaitable<result<created_invite>> create_invite(std::optional<std::chrono::hours> ttl, operator_info by);
  // Open invites, newest first (at most max_invites_listed).
  boost::asio::awaitable<result<std::vector<store::invite_record>>> invites();
  // Errors: not_found (no open invite of that id).
  boost::asio::awaitable<status> revoke_invite(std::string id, operator_info by);

 private:
  store::audit_event audit_event(std::optional<store::user_id> user, std::string what, const operator_info& by) const;
  // The account of username, or user_not_found.
  boost::asio::awaitable<result<store::user_record>> find(std::string username);

  store::database& db_;
  password_hasher& hasher_;
  session_guard& sessions_;
  event_sink& events_;
  account_deletion& deletion_;
  conversations& conversations_;
  const clock& clock_;
  admin_limits limits_;
};

}  // namespace natter::core
