#include "store/mariadb/mariadb_store.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

// The executor's savepoint around each write job.
constexpr std::string_view job_savepoint = "job";

// ASCII only, on purpose: it is what the uniqueness key promises, and it never
// changes the byte length or breaks a UTF-8 sequence.
std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A LIKE pattern matching every text that starts with prefix: its
// metacharacters escaped with LIKE's default escape, the backslash.
std::string like_prefix(std::string_view prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out + '%';
}

std::string users_where(std::string_view rest) {
  return "SELECT " + user_columns("") + " FROM users " + std::string(rest);
}

const statement ping_sql{"ping", "SELECT 1"};
const statement probe_write_sql{"probe_write",
                                "UPDATE schema_migrations SET applied_at = applied_at ORDER BY version LIMIT 1"};
const statement insert_user_sql{
    "insert_user",
    "INSERT INTO users (email, email_lower, username, display_name, password_hash, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"};
const statement user_by_id_sql{"user_by_id", users_where("WHERE id = ?")};
const statement user_by_email_sql{"user_by_email", users_where("WHERE email_lower = ?")};
const statement user_by_username_sql{"user_by_username", users_where("WHERE username = ?")};
// LIKE on the binary-collated username uses its unique index as a range.
const statement users_with_prefix_sql{"users_with_prefix",
                                      users_where("WHERE username LIKE ? AND username > ? ORDER BY username LIMIT ?")};
// Parameters: email, email_lower, username, display_name, bio, avatar (twice),
// email_lower (twice), id. The session's SIMULTANEOUS_ASSIGNMENT makes every
// right-hand side read the row as it was, as in standard SQL.
const statement update_profile_sql{
    "update_profile",
    "UPDATE users SET email = COALESCE(?, email), email_lower = COALESCE(?, email_lower), "
    "username = COALESCE(?, username), display_name = COALESCE(?, display_name), bio = COALESCE(?, bio), "
    "avatar = CASE WHEN ? IS NULL THEN avatar ELSE NULLIF(?, '') END, "
    "email_verified_at = CASE WHEN ? IS NULL OR ? = email_lower THEN email_verified_at END "
    "WHERE id = ?"};
const statement credentials_by_email_sql{"credentials_by_email",
                                         "SELECT id, password_hash FROM users WHERE email_lower = ?"};
const statement credentials_by_username_sql{"credentials_by_username",
                                            "SELECT id, password_hash FROM users WHERE username = ?"};
const statement credentials_of_sql{"credentials_of", "SELECT id, password_hash FROM users WHERE id = ?"};
const statement set_credentials_sql{"set_credentials", "UPDATE users SET password_hash = ? WHERE id = ?"};
const statement taken_by_other_sql{"taken_by_other",
                                   "SELECT EXISTS (SELECT 1 FROM users WHERE email_lower = ? AND id <> ?), "
                                   "EXISTS (SELECT 1 FROM users WHERE username = ? AND id <> ?)"};

const statement insert_refresh_token_sql{
    "insert_refresh_token",
    "INSERT INTO refresh_tokens (user_id, family, token_hash, created_at, expires_at, rotated_at, revoked_at, "
    "user_agent, remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"};
const statement sessions_of_sql{
    "sessions_of",
    "SELECT t.family, (SELECT MIN(f.created_at) FROM refresh_tokens f WHERE f.family = t.family), t.created_at, "
    "t.expires_at, t.user_agent, t.remote_addr FROM refresh_tokens t WHERE t.user_id = ? AND t.revoked_at IS NULL "
    "AND t.rotated_at IS NULL AND t.expires_at > ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?"};
const statement refresh_token_by_hash_sql{
    "refresh_token_by_hash",
    "SELECT id, user_id, family, token_hash, created_at, expires_at, rotated_at, revoked_at "
    "FROM refresh_tokens WHERE token_hash = ?"};
const statement mark_refresh_token_rotated_sql{"mark_refresh_token_rotated",
                                               "UPDATE refresh_tokens SET rotated_at = ? WHERE id = ?"};
const statement revoke_refresh_family_sql{
    "revoke_refresh_family", "UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL"};
// Parameters: user, except_family (twice); FOR UPDATE, so that the UPDATE
// after it revokes exactly these rows' families.
const statement families_to_revoke_sql{
    "families_to_revoke",
    "SELECT DISTINCT family FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL "
    "AND (? IS NULL OR family <> ?) FOR UPDATE"};
const statement revoke_refresh_tokens_of_user_sql{
    "revoke_refresh_tokens_of_user",
    "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL "
    "AND (? IS NULL OR family <> ?)"};
const statement refresh_family_active_sql{
    "refresh_family_active",
    "SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family = ? AND user_id = ? AND revoked_at IS NULL)"};

// A deleted account: its username reserved, its profile a tombstone, and
// what tied it to others gone.
const statement reserve_username_of_sql{
    "reserve_username_of",
    "INSERT INTO reserved_usernames (username, until) SELECT username, ? FROM users WHERE id = ? "
    "ON DUPLICATE KEY UPDATE until = GREATEST(until, VALUES(until))"};
const statement erase_contacts_sql{"erase_contacts", "DELETE FROM contacts WHERE owner_id = ? OR contact_id = ?"};
const statement erase_blocks_sql{"erase_blocks", "DELETE FROM blocks WHERE blocker_id = ? OR blocked_id = ?"};
const statement erase_invitations_sql{"erase_invitations",
                                      "DELETE FROM group_invitations WHERE user_id = ? OR invited_by = ?"};
const statement erase_resets_sql{"erase_resets", "DELETE FROM password_resets WHERE user_id = ?"};
const statement erase_confirmations_sql{"erase_confirmations", "DELETE FROM email_confirmations WHERE user_id = ?"};
const statement tombstone_sql{
    "tombstone",
    "UPDATE users SET username = ?, email = ?, email_lower = ?, display_name = ?, bio = '', avatar = NULL, "
    "password_hash = '', deleted_at = ? WHERE id = ?"};
const statement username_reserved_sql{
    "username_reserved", "SELECT EXISTS (SELECT 1 FROM reserved_usernames WHERE username = ? AND until > ?)"};

const statement forget_old_resets_sql{"forget_old_resets", "DELETE FROM password_resets WHERE expires_at < ?"};
const statement insert_password_reset_sql{
    "insert_password_reset",
    "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)"};
const statement usable_reset_sql{
    "usable_reset",
    "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? FOR UPDATE"};
const statement use_resets_of_user_sql{"use_resets_of_user",
                                       "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL"};
const statement password_reset_user_sql{
    "password_reset_user",
    "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"};

const statement append_audit_event_sql{
    "append_audit_event",
    "INSERT INTO audit_events (occurred_at, kind, remote_addr, detail, user_id) VALUES (?, ?, ?, ?, ?)"};
const statement audit_events_of_user_sql{"audit_events_of_user",
                                         std::string(audit_select) + "WHERE user_id = ? ORDER BY id DESC LIMIT ?"};
const statement audit_events_of_kind_sql{"audit_events_of_kind",
                                         std::string(audit_select) + "WHERE kind = ? ORDER BY id DESC LIMIT ?"};
const statement audit_events_matching_sql{
    "audit_events_matching",
    std::string(audit_select) +
        "WHERE (? IS NULL OR user_id = ?) AND (? IS NULL OR kind = ?) ORDER BY id DESC LIMIT ?"};

}  // namespace

mariadb_store::mariadb_store(std::unique_ptr<connection> session) : db_(std::move(session)) {}

mariadb_store::~mariadb_store() = default;

// --- transactions ---

// The writer's session is READ COMMITTED, the readers' REPEATABLE READ READ
// ONLY (mariadb_backend.cpp).
void mariadb_store::begin_transaction() {
  db_->begin("START TRANSACTION");
}
void mariadb_store::commit_transaction() {
  db_->commit();
}
void mariadb_store::rollback_transaction() {
  db_->rollback();
}
void mariadb_store::begin_savepoint() {
  db_->savepoint(job_savepoint);
}
void mariadb_store::release_savepoint() {
  db_->release_savepoint(job_savepoint);
}
void mariadb_store::rollback_to_savepoint() {
  db_->rollback_to_savepoint(job_savepoint);
}
void mariadb_store::begin_read() {
  db_->begin("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}
void mariadb_store::end_read() {
  db_->rollback();  // read only: nothing to commit
}

bool mariadb_store::ping() {
  try {
    const rows r = db_->exec(ping_sql);
    return r.size() == 1 && int_at(r[0], 0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

void mariadb_store::probe_write() {
  db_->exec(probe_write_sql);
}

// --- users ---

result<user_record> mariadb_store::insert_user(const new_user& user) {
  const std::string email_lower = lower_ascii(user.email);
  rows r;
  try {
    r = db_->exec(insert_user_sql, user.email, email_lower, user.username, user.display_name, user.password_hash,
                  user.created_at);
  } catch (const unique_violation&) {  // only the INSERT was undone
    if (auto taken = taken_by_other(email_lower, user.username, 0)) return *taken;
    throw;
  }
  user_record inserted;
  inserted.id = static_cast<user_id>(r.insert_id);
  inserted.email = user.email;
  inserted.username = user.username;
  inserted.display_name = user.display_name;
  inserted.created_at = user.created_at;
  return inserted;
}

std::optional<errc> mariadb_store::taken_by_other(const std::optional<std::string>& email_lower,
                                                  const std::optional<std::string>& username, user_id self) {
  const rows r = db_->exec(taken_by_other_sql, email_lower, self, username, self);
  if (bool_at(r[0], 0)) return errc::email_taken;
  if (bool_at(r[0], 1)) return errc::username_taken;
  return std::nullopt;
}

std::optional<user_record> mariadb_store::user_by_id(user_id id) {
  return first_user(db_->exec(user_by_id_sql, id));
}

std::optional<user_record> mariadb_store::user_by_login(std::string_view login) {
  if (login.find('@') == std::string_view::npos) return user_by_username(login);
  return first_user(db_->exec(user_by_email_sql, lower_ascii(login)));
}

std::optional<user_record> mariadb_store::user_by_username(std::string_view username) {
  return first_user(db_->exec(user_by_username_sql, lower_ascii(username)));
}

std::vector<user_record> mariadb_store::users_with_prefix(std::string_view prefix, std::string_view after, int limit) {
  if (limit <= 0) return {};
  std::vector<user_record> users;
  for (const rows::row& r : db_->exec(users_with_prefix_sql, like_prefix(prefix), after, limit)) {
    users.push_back(read_user(r));
  }
  return users;
}

result<user_record> mariadb_store::update_profile(user_id id, const profile_update& update) {
  std::optional<std::string> email_lower;
  if (update.email) email_lower = lower_ascii(*update.email);
  try {
    auto updated = apply_profile_update(id, update, email_lower);
    if (!updated) return errc::not_found;
    return std::move(*updated);
  } catch (const unique_violation&) {  // only the UPDATE was undone
    if (auto taken = taken_by_other(email_lower, update.username, id)) return *taken;
    throw;
  }
}

std::optional<user_record> mariadb_store::apply_profile_update(user_id id, const profile_update& update,
                                                               const std::optional<std::string>& email_lower) {
  const rows changed = db_->exec(update_profile_sql, update.email, email_lower, update.username, update.display_name,
                                 update.bio, update.avatar, update.avatar, email_lower, email_lower, id);
  if (changed.affected_rows == 0) return std::nullopt;
  return user_by_id(id);
}

// --- credentials ---

std::optional<user_credentials> mariadb_store::credentials_by_login(std::string_view login) {
  const bool email = login.find('@') != std::string_view::npos;
  const auto& by = email ? credentials_by_email_sql : credentials_by_username_sql;
  return first_credentials(db_->exec(by, lower_ascii(login)));
}

std::optional<user_credentials> mariadb_store::credentials_of(user_id id) {
  return first_credentials(db_->exec(credentials_of_sql, id));
}

void mariadb_store::set_credentials(const user_credentials& credentials) {
  db_->exec(set_credentials_sql, credentials.password_hash, credentials.user);
}

// --- refresh tokens ---

std::int64_t mariadb_store::insert_refresh_token(const refresh_token_record& token) {
  const rows r = db_->exec(insert_refresh_token_sql, token.user, token.family, token.token_hash, token.created_at,
                           token.expires_at, token.rotated_at, token.revoked_at, token.user_agent, token.remote_addr);
  return static_cast<std::int64_t>(r.insert_id);
}

std::optional<refresh_token_record> mariadb_store::refresh_token_by_hash(std::string_view token_hash) {
  const rows r = db_->exec(refresh_token_by_hash_sql, token_hash);
  if (r.empty()) return std::nullopt;
  return read_refresh_token(r[0]);
}

void mariadb_store::mark_refresh_token_rotated(std::int64_t token_id, unix_ms at) {
  db_->exec(mark_refresh_token_rotated_sql, at, token_id);
}

void mariadb_store::revoke_refresh_family(std::string_view family, unix_ms at) {
  db_->exec(revoke_refresh_family_sql, at, family);
  remove_devices_of_session(family);  // a device lives as long as its session
}

std::vector<std::string> mariadb_store::revoke_refresh_tokens_of_user(user_id user, unix_ms at,
                                                                      std::optional<std::string_view> except_family) {
  std::vector<std::string> families;
  for (const rows::row& r : db_->exec(families_to_revoke_sql, user, except_family, except_family)) {
    families.push_back(text_at(r, 0));
  }
  db_->exec(revoke_refresh_tokens_of_user_sql, at, user, except_family, except_family);
  std::sort(families.begin(), families.end());  // bytewise, as the other backends
  families.erase(std::unique(families.begin(), families.end()), families.end());
  for (const auto& f : families) remove_devices_of_session(f);  // a device lives as long as its session
  return families;
}

std::vector<session_record> mariadb_store::sessions_of(user_id user, unix_ms now, int limit) {
  if (limit <= 0) return {};
  const rows found = db_->exec(sessions_of_sql, user, now, limit);
  std::vector<session_record> out;
  out.reserve(found.size());
  for (const auto& r : found) {
    out.push_back({text_at(r, 0), int_at(r, 1), int_at(r, 2), int_at(r, 3), text_at(r, 4), text_at(r, 5)});
  }
  return out;
}

bool mariadb_store::refresh_family_active(std::string_view family, user_id user) {
  return bool_at(db_->exec(refresh_family_active_sql, family, user)[0], 0);
}

// --- account deletion ---

void mariadb_store::erase_account(user_id user, const account_erasure& e) {
  db_->exec(reserve_username_of_sql, e.reserve_until, user);
  db_->exec(erase_contacts_sql, user, user);
  db_->exec(erase_blocks_sql, user, user);
  db_->exec(erase_invitations_sql, user, user);
  db_->exec(erase_resets_sql, user);
  db_->exec(erase_confirmations_sql, user);
  db_->exec(tombstone_sql, e.username, e.email, e.email, e.display_name, e.at, user);
  erase_keys_of(user);
}

bool mariadb_store::username_reserved(std::string_view username, unix_ms now) {
  return bool_at(db_->exec(username_reserved_sql, username, now)[0], 0);
}

// --- password resets ---

// Forgets resets that expired a day before this one was made, then stores it.
void mariadb_store::insert_password_reset(const password_reset_record& reset) {
  db_->exec(forget_old_resets_sql, reset.created_at - 86'400'000);
  db_->exec(insert_password_reset_sql, reset.token_hash, reset.user, reset.created_at, reset.expires_at);
}

// Uses the token's reset and every other unused reset of its user.
std::optional<user_id> mariadb_store::use_password_reset(std::string_view token_hash, unix_ms at) {
  const rows found = db_->exec(usable_reset_sql, token_hash, at);
  if (found.empty()) return std::nullopt;
  const user_id user = int_at(found[0], 0);
  db_->exec(use_resets_of_user_sql, at, user);
  return user;
}

std::optional<user_id> mariadb_store::password_reset_user(std::string_view token_hash, unix_ms at) {
  const rows found = db_->exec(password_reset_user_sql, token_hash, at);
  if (found.empty()) return std::nullopt;
  return int_at(found[0], 0);
}

// --- audit ---

void mariadb_store::append_audit_event(const audit_event& event) {
  db_->exec(append_audit_event_sql, event.at, event.kind, event.remote_addr, event.detail, event.user);
}

std::vector<audit_event> mariadb_store::audit_events_of_user(user_id user, int limit) {
  if (limit <= 0) return {};
  return audit_events_in(db_->exec(audit_events_of_user_sql, user, limit));
}

std::vector<audit_event> mariadb_store::audit_events_of_kind(std::string_view kind, int limit) {
  if (limit <= 0) return {};
  return audit_events_in(db_->exec(audit_events_of_kind_sql, kind, limit));
}

std::vector<audit_event> mariadb_store::audit_events_matching(const audit_filter& filter) {
  if (filter.limit <= 0) return {};
  return audit_events_in(
      db_->exec(audit_events_matching_sql, filter.user, filter.user, filter.kind, filter.kind, filter.limit));
}

}  // namespace natter::store::mariadb
