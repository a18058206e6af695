#pragma once
// The storage interface. One instance is one connection to one database; it is
// used by one thread at a time (the database executor guarantees that).
//
// Expected failures (a taken username) are values; anything else (disk full,
// connection lost, corrupt file) throws store::failure, which the executor turns
// into errc::store_unavailable at the async boundary. A backend throws
// store::retryable_failure when the failure ended the whole transaction
// without keeping any of it, so that running it again may well succeed.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/conversation_store.hpp"
#include "store/key_store.hpp"
#include "store/media_store.hpp"
#include "store/records.hpp"

namespace natter::store {

class failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The open transaction failed and was (or must be) rolled back as a whole:
// a serialization failure, a deadlock, a connection lost before COMMIT. The
// executor runs a write group again a few times before reporting it.
class retryable_failure : public failure {
 public:
  using failure::failure;
};

// The whole store: accounts (below) and conversations (conversation_store.hpp).
class store : public conversation_store, public media_store, public key_store {
 public:
  ~store() override = default;

  // --- transactions (used by the executor only) ---
  virtual void begin_transaction() = 0;
  virtual void commit_transaction() = 0;
  virtual void rollback_transaction() = 0;
  virtual void begin_savepoint() = 0;
  virtual void release_savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;

  // A read job runs between these two, so that all its queries see one
  // consistent snapshot (used on reader connections only).
  virtual void begin_read() = 0;
  virtual void end_read() = 0;

  // True when the database answers a trivial query.
  virtual bool ping() = 0;
  // Rewrites one row with the value it already has: a real write, so that a
  // database that cannot take writes (a full disk) throws here. For
  // readiness checks; call inside a write transaction.
  virtual void probe_write() = 0;

  // --- users ---
  // Users come back as profiles; their credentials only from the calls under
  // "credentials" below.
  // Errors: email_taken, username_taken (email_taken when both are).
  virtual result<user_record> insert_user(const new_user& user) = 0;
  virtual std::optional<user_record> user_by_id(user_id id) = 0;
  // login is an email (matched case-insensitively) or a username.
  virtual std::optional<user_record> user_by_login(std::string_view login) = 0;
  virtual std::optional<user_record> user_by_username(std::string_view username) = 0;
  // Usernames starting with prefix and sorting after `after`, ascending, at
  // most limit (limit <= 0: none).
  virtual std::vector<user_record> users_with_prefix(std::string_view prefix, std::string_view after, int limit) = 0;
  // Errors: not_found, email_taken, username_taken.
  virtual result<user_record> update_profile(user_id id, const profile_update& update) = 0;

  // --- credentials (core::accounts only: scripts/check_layers.py) ---
  // login as in user_by_login.
  virtual std::optional<user_credentials> credentials_by_login(std::string_view login) = 0;
  virtual std::optional<user_credentials> credentials_of(user_id id) = 0;
  // Replaces the password hash of credentials.user.
  virtual void set_credentials(const user_credentials& credentials) = 0;

  // --- refresh tokens ---
  // Returns the assigned id.
  virtual std::int64_t insert_refresh_token(const refresh_token_record& token) = 0;
  virtual std::optional<refresh_token_record> refresh_token_by_hash(std::string_view token_hash) = 0;
  virtual void mark_refresh_token_rotated(std::int64_t token_id, unix_ms at) = 0;
  // Revokes every not yet revoked token of the family.
  virtual void revoke_refresh_family(std::string_view family, unix_ms at) = 0;
  // Revokes every token of the user, except those of except_family when given.
  // Returns the families that had a token revoked, sorted, each once.
  virtual std::vector<std::string> revoke_refresh_tokens_of_user(user_id user, unix_ms at,
                                                                 std::optional<std::string_view> except_family) = 0;
  // The user's open sessions (a family whose current token is neither revoked
  // nor expired at `now`), most recently used first, at most limit.
  virtual std::vector<session_record> sessions_of(user_id user, unix_ms now, int limit) = 0;
  // True while the user's family (one login session) has a token that is not
  // revoked: its access tokens are still honoured.
  virtual bool refresh_family_active(std::string_view family, user_id user) = 0;

  // --- account deletion ---
  // Erases the user's personal data: the profile becomes `e`'s tombstone (no
  // password, no avatar, no bio), their contacts, blocks (both ways), group
  // invitations (theirs and those they sent) and password resets are
  // deleted, and their username is reserved until e.reserve_until. Their
  // refresh tokens and memberships are for the caller to end.
  virtual void erase_account(user_id user, const account_erasure& e) = 0;
  // True while a deleted account's username is reserved at `now`.
  virtual bool username_reserved(std::string_view username, unix_ms now) = 0;

  // --- people: renames and chosen status ---
  // Reserves a username a rename freed until `until`, for everyone but
  // freed_by (who may take it back); replaces an earlier reservation.
  virtual void reserve_username(std::string_view username, unix_ms until, user_id freed_by) = 0;
  // True while username is reserved at `now` against taker: always for a
  // deleted account's, and for a renamed one's unless taker freed it.
  virtual bool username_reserved_against(std::string_view username, user_id taker, unix_ms now) = 0;
  // Who is told of u's new username or display name: u's contacts both ways
  // and fellow members of u's groups and direct chats (requests too; not
  // rooms). Ascending ids, never u, at most limit.
  virtual std::vector<user_id> profile_audience(user_id u, int limit) = 0;
  // The status u chose (presence.set: online, away, busy, invisible); kept
  // across sessions and restarts. "online" for a user who never chose.
  virtual void set_chosen_status(user_id u, std::string_view status) = 0;
  virtual std::string chosen_status(user_id u) = 0;
  // When c is a direct chat whose request was declined by someone other
  // than writer (writer is the one who declined), it is accepted; returns the
  // requester then, nothing otherwise.
  virtual std::optional<user_id> reopen_declined_request(conversation_id c, user_id writer) = 0;

  // --- password resets ---
  // Stores a reset (and forgets resets that expired a day before it was made).
  virtual void insert_password_reset(const password_reset_record& reset) = 0;
  // Uses the reset of token_hash if it is unused and unexpired at `at`, and
  // with it every other unused reset of its user; returns the user. Nothing
  // for an unknown, used or expired token.
  virtual std::optional<user_id> use_password_reset(std::string_view token_hash, unix_ms at) = 0;
  // The user of the reset of token_hash if use_password_reset would use it now.
  virtual std::optional<user_id> password_reset_user(std::string_view token_hash, unix_ms at) = 0;

  // --- email confirmations ---
  // Stores c; the user's earlier unused confirmations stop working (one link
  // at a time), and confirmations that expired a day before c are forgotten.
  virtual void insert_email_confirmation(const email_confirmation_record& c) = 0;
  // Uses the confirmation of token_hash if it is unused and unexpired at
  // `at`; nothing for an unknown, used or expired token.
  virtual std::optional<email_confirmation_record> use_email_confirmation(std::string_view token_hash, unix_ms at) = 0;
  virtual email_state email_state_of(user_id user, unix_ms at) = 0;
  // Marks the user's current address confirmed (at). update_profile with a
  // new email makes it unconfirmed again.
  virtual void set_email_verified(user_id user, unix_ms at) = 0;

  // --- audit ---
  virtual void append_audit_event(const audit_event& event) = 0;
  // Newest first.
  virtual std::vector<audit_event> audit_events_of_user(user_id user, int limit) = 0;
  virtual std::vector<audit_event> audit_events_of_kind(std::string_view kind, int limit) = 0;

  // --- administration (migration 12) ---
  // Both empty when the user does not exist.
  virtual account_state account_state_of(user_id user) = 0;
  // Grants (since given) or revokes (nullopt) server administration. False
  // when there is no such user.
  virtual bool set_server_admin(user_id user, std::optional<unix_ms> since) = 0;
  // Disables (at given) or enables (nullopt) the account. False when there is
  // no such user. Ending its sessions is for the caller.
  virtual bool set_account_disabled(user_id user, std::optional<unix_ms> at) = 0;
  // Audit events matching every condition of the filter, newest first, at
  // most filter.limit (<= 0: none).
  virtual std::vector<audit_event> audit_events_matching(const audit_filter& filter) = 0;
  virtual void insert_invite(const invite_record& invite) = 0;
  // True if use_invite would use the invite of code_hash at `at`.
  virtual bool invite_usable(std::string_view code_hash, unix_ms at) = 0;
  // Uses the invite of code_hash if it is unused, unrevoked and unexpired at
  // `at`, for user `by`; returns its id. Nothing otherwise.
  virtual std::optional<std::string> use_invite(std::string_view code_hash, user_id by, unix_ms at) = 0;
  // Invites neither used, revoked nor expired at `now`, newest first, at most limit.
  virtual std::vector<invite_record> open_invites(unix_ms now, int limit) = 0;
  // Revokes the invite of that id if it is still open at `at`; false otherwise.
  virtual bool revoke_invite(std::string_view id, unix_ms at) = 0;
  // Marks a room or group deleted: room_by_name, rooms and groups no longer
  // find it, and a room's name may be taken again. Its members and log are
  // for the caller. False when it is neither or already deleted.
  virtual bool delete_conversation(conversation_id room, unix_ms at) = 0;
  // Groups by id after `after`, at most limit, with their member counts.
  virtual std::vector<group_summary> groups(conversation_id after, int limit) = 0;
  // --- end administration ---
};

}  // namespace natter::store
