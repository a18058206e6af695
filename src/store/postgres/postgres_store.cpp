#include "store/postgres/postgres_store.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "store/postgres/guarded.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

// The executor's savepoint around each write job, and the store's own around
// a statement whose failure is an expected one.
constexpr std::string_view job_savepoint = "job";
constexpr std::string_view expected_failure_savepoint = "expected_failure";

// ASCII only, on purpose: it is what the uniqueness key promises, and it never
// changes the byte length or breaks a UTF-8 sequence.
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A LIKE pattern matching every text that starts with prefix: its
// metacharacters escaped with LIKE's default escape, the backslash.
std::string starts_with_pattern(std::string_view prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out + '%';
}

std::string select_users(std::string_view rest) {
  return "SELECT " + user_columns("") + " FROM users " + std::string(rest);
}

const statement ping_statement{"ping", "SELECT 1"};
const statement probe_write_statement{"probe_write",
                                      "UPDATE schema_migrations SET applied_at = applied_at WHERE version = 1"};
const statement insert_user_statement{
    "insert_user",
    "INSERT INTO users (email, email_lower, username, display_name, password_hash, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id"};
const statement user_by_id_statement{"user_by_id", select_users("WHERE id = $1")};
const statement user_by_email_statement{"user_by_email", select_users("WHERE email_lower = $1")};
const statement user_by_username_statement{"user_by_username", select_users("WHERE username = $1")};
// LIKE on the "C"-collated username uses its unique index as a range.
const statement users_with_prefix_statement{
    "users_with_prefix", select_users("WHERE username LIKE $1 AND username > $2 ORDER BY username LIMIT $3")};
const statement update_profile_statement{
    "update_profile",
    "UPDATE users SET email = coalesce($1, email), email_lower = coalesce($2, email_lower), "
    "username = coalesce($3, username), display_name = coalesce($4, display_name), bio = coalesce($5, bio), "
    "avatar = CASE WHEN $7::text IS NULL THEN avatar ELSE nullif($7, '') END, "
    "email_verified_at = CASE WHEN $2::text IS NULL OR $2 = email_lower THEN email_verified_at END "
    "WHERE id = $6 RETURNING " +
        user_columns("")};
const statement credentials_by_email_statement{"credentials_by_email",
                                               "SELECT id, password_hash FROM users WHERE email_lower = $1"};
const statement credentials_by_username_statement{"credentials_by_username",
                                                  "SELECT id, password_hash FROM users WHERE username = $1"};
const statement credentials_of_statement{"credentials_of", "SELECT id, password_hash FROM users WHERE id = $1"};
const statement set_credentials_statement{"set_credentials", "UPDATE users SET password_hash = $2 WHERE id = $1"};
const statement taken_by_other_statement{"taken_by_other",
                                         "SELECT EXISTS (SELECT 1 FROM users WHERE email_lower = $1 AND id <> $3), "
                                         "EXISTS (SELECT 1 FROM users WHERE username = $2 AND id <> $3)"};

const statement insert_refresh_token_statement{
    "insert_refresh_token",
    "INSERT INTO refresh_tokens (user_id, family, token_hash, created_at, expires_at, rotated_at, revoked_at, "
    "user_agent, remote_addr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
const statement sessions_of_statement{
    "sessions_of",
    "SELECT t.family, (SELECT min(f.created_at) FROM refresh_tokens f WHERE f.family = t.family), t.created_at, "
    "t.expires_at, t.user_agent, t.remote_addr FROM refresh_tokens t WHERE t.user_id = $1 AND t.revoked_at IS NULL "
    "AND t.rotated_at IS NULL AND t.expires_at > $2 ORDER BY t.created_at DESC, t.id DESC LIMIT $3"};
const statement refresh_token_by_hash_statement{
    "refresh_token_by_hash",
    "SELECT id, user_id, family, token_hash, created_at, expires_at, rotated_at, revoked_at "
    "FROM refresh_tokens WHERE token_hash = $1"};
const statement mark_refresh_token_rotated_statement{"mark_refresh_token_rotated",
                                                     "UPDATE refresh_tokens SET rotated_at = $2 WHERE id = $1"};
const statement revoke_refresh_family_statement{
    "revoke_refresh_family", "UPDATE refresh_tokens SET revoked_at = $2 WHERE family = $1 AND revoked_at IS NULL"};
const statement revoke_refresh_tokens_of_user_statement{
    "revoke_refresh_tokens_of_user",
    "WITH revoked AS (UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL "
    "AND ($3::text IS NULL OR family <> $3) RETURNING family) "
    "SELECT DISTINCT family FROM revoked"};
const statement refresh_family_active_statement{
    "refresh_family_active",
    "SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family = $1 AND user_id = $2 AND revoked_at IS NULL)"};

// A deleted account: its username reserved, its profile a tombstone, and
// what tied it to others gone, in one statement.
const statement erase_account_statement{
    "erase_account",
    "WITH reserved AS (INSERT INTO reserved_usernames (username, until) SELECT username, $6::bigint FROM users WHERE "
    "id = $1 "
    "ON CONFLICT (username) DO UPDATE SET until = greatest(reserved_usernames.until, excluded.until)), "
    "contacts_gone AS (DELETE FROM contacts WHERE owner_id = $1 OR contact_id = $1), "
    "blocks_gone AS (DELETE FROM blocks WHERE blocker_id = $1 OR blocked_id = $1), "
    "invitations_gone AS (DELETE FROM group_invitations WHERE user_id = $1 OR invited_by = $1), "
    "resets_gone AS (DELETE FROM password_resets WHERE user_id = $1), "
    "confirmations_gone AS (DELETE FROM email_confirmations WHERE user_id = $1) "
    "UPDATE users SET username = $2, email = $3, email_lower = $3, display_name = $4, bio = '', avatar = NULL, "
    "password_hash = '', deleted_at = $5 WHERE id = $1"};
const statement username_reserved_statement{
    "username_reserved", "SELECT EXISTS (SELECT 1 FROM reserved_usernames WHERE username = $1 AND until > $2)"};

// Forgets resets that expired a day before this one was made, then stores it.
const statement insert_password_reset_statement{
    "insert_password_reset",
    "WITH forgotten AS (DELETE FROM password_resets WHERE expires_at < $3::bigint - 86400000) "
    "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"};
// Uses the token's reset and every other unused reset of its user.
const statement use_password_reset_statement{
    "use_password_reset",
    "WITH used AS (UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL "
    "AND expires_at > $2 RETURNING user_id), "
    "rest AS (UPDATE password_resets p SET used_at = $2 FROM used WHERE p.user_id = used.user_id "
    "AND p.used_at IS NULL AND p.token_hash <> $1) "
    "SELECT user_id FROM used"};

const statement password_reset_user_statement{
    "password_reset_user",
    "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"};

const statement append_audit_event_statement{
    "append_audit_event",
    "INSERT INTO audit_events (occurred_at, kind, remote_addr, detail, user_id) VALUES ($1, $2, $3, $4, $5)"};
const statement audit_events_of_user_statement{
    "audit_events_of_user", std::string(audit_select) + "WHERE user_id = $1 ORDER BY id DESC LIMIT $2"};
const statement audit_events_of_kind_statement{"audit_events_of_kind",
                                               std::string(audit_select) + "WHERE kind = $1 ORDER BY id DESC LIMIT $2"};
const statement audit_events_matching_statement{
    "audit_events_matching", std::string(audit_select) +
                                 "WHERE ($1::bigint IS NULL OR user_id = $1) AND ($2::text IS NULL OR kind = $2) "
                                 "ORDER BY id DESC LIMIT $3"};

}  // namespace

postgres_store::postgres_store(std::unique_ptr<connection> session) : db_(std::move(session)) {}

postgres_store::~postgres_store() = default;

// --- transactions ---

void postgres_store::begin_transaction() {
  // Explicitly READ COMMITTED whatever the server's default: a writer blocked
  // on a conversation's row lock must then see the seq its predecessor left.
  db_->begin("BEGIN ISOLATION LEVEL READ COMMITTED");
}
void postgres_store::commit_transaction() {
  db_->commit();
}
void postgres_store::rollback_transaction() {
  db_->rollback();
}
void postgres_store::begin_savepoint() {
  db_->savepoint(job_savepoint);
}
void postgres_store::release_savepoint() {
  db_->release_savepoint(job_savepoint);
}
void postgres_store::rollback_to_savepoint() {
  db_->rollback_to_savepoint(job_savepoint);
}
void postgres_store::begin_read() {
  db_->begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}
void postgres_store::end_read() {
  db_->rollback();  // read only: nothing to commit
}

bool postgres_store::ping() {
  try {
    const pqxx::result r = db_->exec(ping_statement);
    return r.size() == 1 && int_at(r[0], 0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

void postgres_store::probe_write() {
  db_->exec(probe_write_statement);
}

// --- users ---

result<user_record> postgres_store::insert_user(const new_user& user) {
  return guarded("insert_user", [&]() -> result<user_record> {
    const std::string email_lower = ascii_lower(user.email);
    const pqxx::result r = db_->exec(insert_user_statement, user.email, email_lower, user.username, user.display_name,
                                     user.password_hash, user.created_at);
    if (r.empty()) {  // ON CONFLICT DO NOTHING: the email or username is taken
      if (auto taken = taken_by_other(email_lower, user.username, 0)) return *taken;
      throw failure("postgres insert_user: refused, yet neither its email nor its username is taken");
    }
    user_record inserted;
    inserted.id = int_at(r[0], 0);
    inserted.email = user.email;
    inserted.username = user.username;
    inserted.display_name = user.display_name;
    inserted.created_at = user.created_at;
    return inserted;
  });
}

std::optional<errc> postgres_store::taken_by_other(const std::optional<std::string>& email_lower,
                                                   const std::optional<std::string>& username, user_id self) {
  const pqxx::result r = db_->exec(taken_by_other_statement, email_lower, username, self);
  if (r[0][0].as<bool>()) return errc::email_taken;
  if (r[0][1].as<bool>()) return errc::username_taken;
  return std::nullopt;
}

std::optional<user_record> postgres_store::user_by_id(user_id id) {
  return guarded("user_by_id", [&] { return first_user(db_->exec(user_by_id_statement, id)); });
}

std::optional<user_record> postgres_store::user_by_login(std::string_view login) {
  if (login.find('@') == std::string_view::npos) return user_by_username(login);
  return guarded("user_by_login", [&] { return first_user(db_->exec(user_by_email_statement, ascii_lower(login))); });
}

std::optional<user_record> postgres_store::user_by_username(std::string_view username) {
  return guarded("user_by_username",
                 [&] { return first_user(db_->exec(user_by_username_statement, ascii_lower(username))); });
}

std::vector<user_record> postgres_store::users_with_prefix(std::string_view prefix, std::string_view after, int limit) {
  if (limit <= 0) return {};  // PostgreSQL refuses a negative LIMIT
  return guarded("users_with_prefix", [&] {
    std::vector<user_record> users;
    for (const pqxx::row& r : db_->exec(users_with_prefix_statement, starts_with_pattern(prefix), after, limit)) {
      users.push_back(read_user(r));
    }
    return users;
  });
}

result<user_record> postgres_store::update_profile(user_id id, const profile_update& update) {
  return guarded("update_profile", [&]() -> result<user_record> {
    std::optional<std::string> email_lower;
    if (update.email) email_lower = ascii_lower(*update.email);
    // Only a new email or username can collide. Inside a transaction the
    // collision must not abort it, so the UPDATE gets a savepoint of its own
    // (queued: it travels with the UPDATE, no round trip of its own).
    const bool fenced = (update.email || update.username) && db_->in_transaction();
    if (fenced) db_->savepoint(expected_failure_savepoint);
    try {
      auto updated = apply_profile_update(id, update, email_lower);
      if (fenced) db_->release_savepoint(expected_failure_savepoint);
      if (!updated) return errc::not_found;
      return std::move(*updated);
    } catch (const unique_violation&) {
      if (fenced) {
        db_->rollback_to_savepoint(expected_failure_savepoint);
        db_->release_savepoint(expected_failure_savepoint);
      }
      if (auto taken = taken_by_other(email_lower, update.username, id)) return *taken;
      throw;
    }
  });
}

std::optional<user_record> postgres_store::apply_profile_update(user_id id, const profile_update& update,
                                                                const std::optional<std::string>& email_lower) {
  return first_user(db_->exec(update_profile_statement, update.email, email_lower, update.username, update.display_name,
                              update.bio, id, update.avatar));
}

// --- credentials ---

std::optional<user_credentials> postgres_store::credentials_by_login(std::string_view login) {
  const bool email = login.find('@') != std::string_view::npos;
  return guarded("credentials_by_login", [&] {
    const auto& by = email ? credentials_by_email_statement : credentials_by_username_statement;
    return first_credentials(db_->exec(by, ascii_lower(login)));
  });
}

std::optional<user_credentials> postgres_store::credentials_of(user_id id) {
  return guarded("credentials_of", [&] { return first_credentials(db_->exec(credentials_of_statement, id)); });
}

void postgres_store::set_credentials(const user_credentials& credentials) {
  guarded("set_credentials",
          [&] { db_->exec(set_credentials_statement, credentials.user, credentials.password_hash); });
}

// --- refresh tokens ---

std::int64_t postgres_store::insert_refresh_token(const refresh_token_record& token) {
  return guarded("insert_refresh_token", [&] {
    const pqxx::result r =
        db_->exec(insert_refresh_token_statement, token.user, token.family, token.token_hash, token.created_at,
                  token.expires_at, token.rotated_at, token.revoked_at, token.user_agent, token.remote_addr);
    return int_at(r[0], 0);
  });
}

std::optional<refresh_token_record> postgres_store::refresh_token_by_hash(std::string_view token_hash) {
  return guarded("refresh_token_by_hash", [&]() -> std::optional<refresh_token_record> {
    const pqxx::result r = db_->exec(refresh_token_by_hash_statement, token_hash);
    if (r.empty()) return std::nullopt;
    return read_refresh_token(r[0]);
  });
}

void postgres_store::mark_refresh_token_rotated(std::int64_t token_id, unix_ms at) {
  guarded("mark_refresh_token_rotated", [&] { db_->exec(mark_refresh_token_rotated_statement, token_id, at); });
}

void postgres_store::revoke_refresh_family(std::string_view family, unix_ms at) {
  guarded("revoke_refresh_family", [&] { db_->exec(revoke_refresh_family_statement, family, at); });
  remove_devices_of_session(family);  // a device lives as long as its session
}

std::vector<std::string> postgres_store::revoke_refresh_tokens_of_user(user_id user, unix_ms at,
                                                                       std::optional<std::string_view> except_family) {
  return guarded("revoke_refresh_tokens_of_user", [&] {
    std::vector<std::string> families;
    for (const pqxx::row& r : db_->exec(revoke_refresh_tokens_of_user_statement, user, at, except_family)) {
      families.push_back(r[0].as<std::string>());
    }
    std::sort(families.begin(), families.end());  // bytewise, as the other backends: not the server's collation
    for (const auto& f : families) remove_devices_of_session(f);  // a device lives as long as its session
    return families;
  });
}

std::vector<session_record> postgres_store::sessions_of(user_id user, unix_ms now, int limit) {
  return guarded("sessions_of", [&] {
    const pqxx::result r = db_->exec(sessions_of_statement, user, now, limit);
    std::vector<session_record> out;
    out.reserve(r.size());
    for (const auto& row : r) {
      out.push_back(
          {text_at(row, 0), int_at(row, 1), int_at(row, 2), int_at(row, 3), text_at(row, 4), text_at(row, 5)});
    }
    return out;
  });
}

bool postgres_store::refresh_family_active(std::string_view family, user_id user) {
  return guarded("refresh_family_active",
                 [&] { return db_->exec(refresh_family_active_statement, family, user)[0][0].as<bool>(); });
}

// --- account deletion ---

void postgres_store::erase_account(user_id user, const account_erasure& e) {
  guarded("erase_account", [&] {
    db_->exec(erase_account_statement, user, e.username, e.email, e.display_name, e.at, e.reserve_until);
  });
  erase_keys_of(user);
}

bool postgres_store::username_reserved(std::string_view username, unix_ms now) {
  return guarded("username_reserved",
                 [&] { return db_->exec(username_reserved_statement, username, now)[0][0].as<bool>(); });
}

// --- password resets ---

void postgres_store::insert_password_reset(const password_reset_record& reset) {
  guarded("insert_password_reset", [&] {
    db_->exec(insert_password_reset_statement, reset.token_hash, reset.user, reset.created_at, reset.expires_at);
  });
}

std::optional<user_id> postgres_store::use_password_reset(std::string_view token_hash, unix_ms at) {
  return guarded("use_password_reset", [&]() -> std::optional<user_id> {
    const pqxx::result r = db_->exec(use_password_reset_statement, token_hash, at);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<user_id>();
  });
}

std::optional<user_id> postgres_store::password_reset_user(std::string_view token_hash, unix_ms at) {
  return guarded("password_reset_user", [&]() -> std::optional<user_id> {
    const pqxx::result r = db_->exec(password_reset_user_statement, token_hash, at);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<user_id>();
  });
}

// --- audit ---

void postgres_store::append_audit_event(const audit_event& event) {
  guarded("append_audit_event", [&] {
    db_->exec(append_audit_event_statement, event.at, event.kind, event.remote_addr, event.detail, event.user);
  });
}

std::vector<audit_event> postgres_store::audit_events_of_user(user_id user, int limit) {
  if (limit <= 0) return {};
  return guarded("audit_events_of_user",
                 [&] { return audit_events_in(db_->exec(audit_events_of_user_statement, user, limit)); });
}

std::vector<audit_event> postgres_store::audit_events_of_kind(std::string_view kind, int limit) {
  if (limit <= 0) return {};
  return guarded("audit_events_of_kind",
                 [&] { return audit_events_in(db_->exec(audit_events_of_kind_statement, kind, limit)); });
}

// --- administration ---

std::vector<audit_event> postgres_store::audit_events_matching(const audit_filter& filter) {
  if (filter.limit <= 0) return {};
  return guarded("audit_events_matching", [&] {
    return audit_events_in(db_->exec(audit_events_matching_statement, filter.user, filter.kind, filter.limit));
  });
}

}  // namespace natter::store::postgres
