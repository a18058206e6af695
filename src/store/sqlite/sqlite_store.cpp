#include "store/sqlite/sqlite_store.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/VariadicBind.h>
#include <sqlite3.h>
#include <algorithm>
#include <string>
#include <utility>

#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/email_statements.hpp"
#include "store/sqlite/media_statements.hpp"
#include "store/sqlite/people_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/search_statement.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

// ASCII only, on purpose: it is what the uniqueness key promises, and it never
// changes the byte length or breaks a UTF-8 sequence.
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string select_users(std::string_view rest) {
  return "SELECT " + user_columns("") + " FROM users " + std::string(rest);
}

// For statements without parameters or rows.
void execute(const char* operation, SQLite::Statement& statement) {
  guarded(operation, [&] { statement_use(statement)->exec(); });
}

}  // namespace

sqlite_store::sqlite_store(SQLite::Database connection) try
    : db_(std::move(connection)),
      begin_(db_, "BEGIN IMMEDIATE"),  // take the write lock now, not at the first write
      commit_(db_, "COMMIT"),
      rollback_(db_, "ROLLBACK"),
      savepoint_(db_, "SAVEPOINT w"),
      release_(db_, "RELEASE w"),
      rollback_to_(db_, "ROLLBACK TO w"),
      ping_(db_, "SELECT 1"),
      probe_write_(db_, "UPDATE schema_migrations SET applied_at = applied_at WHERE version = 1"),
      insert_user_(db_,
                   "INSERT INTO users (email, email_lower, username, display_name, password_hash, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)"),
      user_by_id_(db_, select_users("WHERE id = ?")),
      user_by_email_(db_, select_users("WHERE email_lower = ?")),
      user_by_username_(db_, select_users("WHERE username = ?")),
      users_in_range_(db_, select_users("WHERE username >= ?1 AND username < ?2 AND username > ?3 "
                                        "ORDER BY username LIMIT ?4")),
      update_profile_(db_,
                      "UPDATE users SET email = coalesce(?1, email), email_lower = coalesce(?2, email_lower), "
                      "username = coalesce(?3, username), display_name = coalesce(?4, display_name), "
                      "bio = coalesce(?5, bio), avatar = CASE WHEN ?7 IS NULL THEN avatar ELSE nullif(?7, '') END, "
                      "email_verified_at = CASE WHEN ?2 IS NULL OR ?2 = email_lower THEN email_verified_at END "
                      "WHERE id = ?6 RETURNING " +
                          user_columns("")),
      credentials_by_email_(db_, "SELECT id, password_hash FROM users WHERE email_lower = ?"),
      credentials_by_username_(db_, "SELECT id, password_hash FROM users WHERE username = ?"),
      credentials_of_(db_, "SELECT id, password_hash FROM users WHERE id = ?"),
      set_credentials_(db_, "UPDATE users SET password_hash = ? WHERE id = ?"),
      email_taken_by_other_(db_, "SELECT EXISTS (SELECT 1 FROM users WHERE email_lower = ? AND id <> ?)"),
      username_taken_by_other_(db_, "SELECT EXISTS (SELECT 1 FROM users WHERE username = ? AND id <> ?)"),
      insert_refresh_token_(db_,
                            "INSERT INTO refresh_tokens (user_id, family, token_hash, created_at, expires_at, "
                            "rotated_at, revoked_at, user_agent, remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      refresh_token_by_hash_(db_,
                             "SELECT id, user_id, family, token_hash, created_at, expires_at, rotated_at, "
                             "revoked_at FROM refresh_tokens WHERE token_hash = ?"),
      mark_refresh_token_rotated_(db_, "UPDATE refresh_tokens SET rotated_at = ? WHERE id = ?"),
      revoke_refresh_family_(db_, "UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL"),
      revoke_refresh_tokens_of_user_(db_,
                                     "UPDATE refresh_tokens SET revoked_at = ?1 WHERE user_id = ?2 "
                                     "AND revoked_at IS NULL AND (?3 IS NULL OR family <> ?3) RETURNING family"),
      sessions_of_(db_,
                   "SELECT t.family, (SELECT min(f.created_at) FROM refresh_tokens f WHERE f.family = t.family), "
                   "t.created_at, t.expires_at, t.user_agent, t.remote_addr FROM refresh_tokens t "
                   "WHERE t.user_id = ?1 AND t.revoked_at IS NULL AND t.rotated_at IS NULL AND t.expires_at > ?2 "
                   "ORDER BY t.created_at DESC, t.id DESC LIMIT ?3"),
      refresh_family_active_(db_,
                             "SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family = ? AND user_id = ? "
                             "AND revoked_at IS NULL)"),
      reserve_username_(db_,
                        "INSERT INTO reserved_usernames (username, until) SELECT username, ?2 FROM users WHERE id = ?1 "
                        "ON CONFLICT (username) DO UPDATE SET until = max(until, excluded.until)"),
      erase_user_(db_,
                  "UPDATE users SET username = ?2, email = ?3, email_lower = ?3, display_name = ?4, bio = '', "
                  "avatar = NULL, password_hash = '', deleted_at = ?5 WHERE id = ?1"),
      erase_contacts_(db_, "DELETE FROM contacts WHERE owner_id = ?1 OR contact_id = ?1"),
      erase_blocks_(db_, "DELETE FROM blocks WHERE blocker_id = ?1 OR blocked_id = ?1"),
      erase_invitations_(db_, "DELETE FROM group_invitations WHERE user_id = ?1 OR invited_by = ?1"),
      erase_password_resets_(db_, "DELETE FROM password_resets WHERE user_id = ?1"),
      username_reserved_(db_, "SELECT EXISTS (SELECT 1 FROM reserved_usernames WHERE username = ?1 AND until > ?2)"),
      forget_password_resets_(db_, "DELETE FROM password_resets WHERE expires_at < ?"),
      insert_password_reset_(db_,
                             "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?)"),
      use_password_reset_(db_,
                          "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL "
                          "AND expires_at > ?2 RETURNING user_id"),
      password_reset_user_(db_,
                           "SELECT user_id FROM password_resets WHERE token_hash = ?1 AND used_at IS NULL "
                           "AND expires_at > ?2"),
      use_up_password_resets_(db_, "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL"),
      append_audit_event_(db_,
                          "INSERT INTO audit_events (occurred_at, kind, remote_addr, detail, user_id) "
                          "VALUES (?, ?, ?, ?, ?)"),
      audit_events_of_user_(db_, std::string(audit_select) + "WHERE user_id = ? ORDER BY id DESC LIMIT ?"),
      audit_events_of_kind_(db_, std::string(audit_select) + "WHERE kind = ? ORDER BY id DESC LIMIT ?"),
      begin_read_(db_, "BEGIN"),  // deferred: a reader never takes the write lock
      end_read_(db_, "COMMIT"),
      conversations_(std::make_unique<conversation_statements>(db_)),
      media_(make_media_statements(db_)),
      email_(make_email_statements(db_)),
      search_(make_search_statement(db_)),
      people_(make_people_statements(db_)) {
} catch (const SQLite::Exception& e) {
  throw failure(std::string("sqlite: cannot prepare statements (is the schema migrated?): ") + e.what());
}

sqlite_store::~sqlite_store() = default;  // here, where the statement structs are complete

// --- transactions ---

void sqlite_store::begin_transaction() {
  execute("begin", begin_);
}
void sqlite_store::commit_transaction() {
  execute("commit", commit_);
}
void sqlite_store::rollback_transaction() {
  execute("rollback", rollback_);
}
void sqlite_store::begin_savepoint() {
  execute("savepoint", savepoint_);
}
void sqlite_store::release_savepoint() {
  execute("release", release_);
}
void sqlite_store::rollback_to_savepoint() {
  execute("rollback to", rollback_to_);
}
void sqlite_store::begin_read() {
  execute("begin read", begin_read_);
}
void sqlite_store::end_read() {
  if (sqlite3_get_autocommit(db_.getHandle()) != 0) return;  // nothing open
  execute("end read", end_read_);
}

bool sqlite_store::ping() {
  try {
    statement_use q(ping_);
    return q->executeStep() && q->getColumn(0).getInt() == 1;
  } catch (const std::exception&) {
    return false;
  }
}

void sqlite_store::probe_write() {
  execute("probe write", probe_write_);
}

// --- users ---

result<user_record> sqlite_store::insert_user(const new_user& user) {
  return guarded("insert_user", [&]() -> result<user_record> {
    std::string email_lower = ascii_lower(user.email);
    try {
      statement_use q(insert_user_);
      SQLite::bind(*q, user.email, email_lower, user.username, user.display_name, user.password_hash, user.created_at);
      q->exec();
    } catch (const SQLite::Exception& e) {
      if (!is_unique_violation(e)) throw;
      if (auto taken = taken_by_other(std::move(email_lower), user.username, 0)) return *taken;
      throw;
    }
    user_record inserted;
    inserted.id = db_.getLastInsertRowid();
    inserted.email = user.email;
    inserted.username = user.username;
    inserted.display_name = user.display_name;
    inserted.created_at = user.created_at;
    return inserted;
  });
}

std::optional<errc> sqlite_store::taken_by_other(std::optional<std::string> email_lower,
                                                 std::optional<std::string> username, user_id self) {
  const auto exists = [self](SQLite::Statement& statement, const std::string& key) {
    statement_use q(statement);
    q->bind(1, key);
    q->bind(2, self);
    return q->executeStep() && q->getColumn(0).getInt() != 0;
  };
  if (email_lower && exists(email_taken_by_other_, *email_lower)) return errc::email_taken;
  if (username && exists(username_taken_by_other_, *username)) return errc::username_taken;
  return std::nullopt;
}

std::optional<user_record> sqlite_store::one_user(SQLite::Statement& query) {
  if (!query.executeStep()) return std::nullopt;
  return read_user(query);
}

std::optional<user_record> sqlite_store::user_by_id(user_id id) {
  return guarded("user_by_id", [&] {
    statement_use q(user_by_id_);
    q->bind(1, id);
    return one_user(*q);
  });
}

std::optional<user_record> sqlite_store::user_by_login(std::string_view login) {
  if (login.find('@') != std::string_view::npos) {
    return guarded("user_by_login", [&] {
      statement_use q(user_by_email_);
      q->bind(1, ascii_lower(login));
      return one_user(*q);
    });
  }
  return user_by_username(login);
}

std::optional<user_record> sqlite_store::user_by_username(std::string_view username) {
  return guarded("user_by_username", [&] {
    statement_use q(user_by_username_);
    q->bind(1, ascii_lower(username));
    return one_user(*q);
  });
}

std::vector<user_record> sqlite_store::users_with_prefix(std::string_view prefix, std::string_view after, int limit) {
  std::vector<user_record> users;
  if (limit <= 0) return users;  // SQLite would read a negative LIMIT as "no limit"
  return guarded("users_with_prefix", [&] {
    // A range instead of LIKE: no metacharacters to escape, and it uses the
    // username index. 0xFF never occurs in UTF-8, so every username that
    // starts with prefix sorts below prefix + "\xFF".
    statement_use q(users_in_range_);
    bind_text(*q, 1, prefix);
    q->bind(2, std::string(prefix) + '\xFF');
    bind_text(*q, 3, after);
    q->bind(4, limit);
    while (q->executeStep()) users.push_back(read_user(*q));
    return users;
  });
}

result<user_record> sqlite_store::update_profile(user_id id, const profile_update& update) {
  return guarded("update_profile", [&]() -> result<user_record> {
    std::optional<std::string> email_lower;
    if (update.email) email_lower = ascii_lower(*update.email);
    try {
      statement_use q(update_profile_);
      bind_optional(*q, 1, update.email);
      bind_optional(*q, 2, email_lower);
      bind_optional(*q, 3, update.username);
      bind_optional(*q, 4, update.display_name);
      bind_optional(*q, 5, update.bio);
      q->bind(6, id);
      bind_optional(*q, 7, update.avatar);
      if (!q->executeStep()) return errc::not_found;
      user_record updated = read_user(*q);
      // Step RETURNING to its end rather than leave the UPDATE to finish on reset.
      while (q->executeStep()) {
      }
      return updated;
    } catch (const SQLite::Exception& e) {
      if (!is_unique_violation(e)) throw;
      if (auto taken = taken_by_other(std::move(email_lower), update.username, id)) return *taken;
      throw;
    }
  });
}

// --- credentials ---

std::optional<user_credentials> sqlite_store::one_credentials(SQLite::Statement& query) {
  if (!query.executeStep()) return std::nullopt;
  return read_credentials(query);
}

std::optional<user_credentials> sqlite_store::credentials_by_login(std::string_view login) {
  const bool email = login.find('@') != std::string_view::npos;
  return guarded("credentials_by_login", [&] {
    statement_use q(email ? credentials_by_email_ : credentials_by_username_);
    q->bind(1, ascii_lower(login));
    return one_credentials(*q);
  });
}

std::optional<user_credentials> sqlite_store::credentials_of(user_id id) {
  return guarded("credentials_of", [&] {
    statement_use q(credentials_of_);
    q->bind(1, id);
    return one_credentials(*q);
  });
}

void sqlite_store::set_credentials(const user_credentials& credentials) {
  guarded("set_credentials", [&] {
    statement_use q(set_credentials_);
    SQLite::bind(*q, credentials.password_hash, credentials.user);
    q->exec();
  });
}

// --- refresh tokens ---

std::int64_t sqlite_store::insert_refresh_token(const refresh_token_record& token) {
  return guarded("insert_refresh_token", [&] {
    statement_use q(insert_refresh_token_);
    SQLite::bind(*q, token.user, token.family, token.token_hash, token.created_at, token.expires_at);
    bind_optional(*q, 6, token.rotated_at);
    bind_optional(*q, 7, token.revoked_at);
    q->bind(8, token.user_agent);
    q->bind(9, token.remote_addr);
    q->exec();
    return db_.getLastInsertRowid();
  });
}

std::optional<refresh_token_record> sqlite_store::refresh_token_by_hash(std::string_view token_hash) {
  return guarded("refresh_token_by_hash", [&]() -> std::optional<refresh_token_record> {
    statement_use q(refresh_token_by_hash_);
    bind_text(*q, 1, token_hash);
    if (!q->executeStep()) return std::nullopt;
    return read_refresh_token(*q);
  });
}

void sqlite_store::mark_refresh_token_rotated(std::int64_t token_id, unix_ms at) {
  guarded("mark_refresh_token_rotated", [&] {
    statement_use q(mark_refresh_token_rotated_);
    SQLite::bind(*q, at, token_id);
    q->exec();
  });
}

void sqlite_store::revoke_refresh_family(std::string_view family, unix_ms at) {
  guarded("revoke_refresh_family", [&] {
    statement_use q(revoke_refresh_family_);
    SQLite::bind(*q, at, std::string(family));
    q->exec();
    remove_devices_of_session(family);  // a device lives as long as its session
  });
}

std::vector<std::string> sqlite_store::revoke_refresh_tokens_of_user(user_id user, unix_ms at,
                                                                     std::optional<std::string_view> except_family) {
  return guarded("revoke_refresh_tokens_of_user", [&] {
    statement_use q(revoke_refresh_tokens_of_user_);
    SQLite::bind(*q, at, user);
    if (except_family) bind_text(*q, 3, *except_family);  // else NULL: no family is spared
    std::vector<std::string> families;
    while (q->executeStep()) families.push_back(q->getColumn(0).getString());
    std::sort(families.begin(), families.end());
    families.erase(std::unique(families.begin(), families.end()), families.end());
    for (const auto& f : families) remove_devices_of_session(f);  // a device lives as long as its session
    return families;
  });
}

std::vector<session_record> sqlite_store::sessions_of(user_id user, unix_ms now, int limit) {
  return guarded("sessions_of", [&] {
    statement_use q(sessions_of_);
    SQLite::bind(*q, user, now, limit);
    std::vector<session_record> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                     q->getColumn(3).getInt64(), q->getColumn(4).getString(), q->getColumn(5).getString()});
    }
    return out;
  });
}

bool sqlite_store::refresh_family_active(std::string_view family, user_id user) {
  return guarded("refresh_family_active", [&] {
    statement_use q(refresh_family_active_);
    bind_text(*q, 1, family);
    q->bind(2, user);
    return single_int(*q) != 0;
  });
}

// --- account deletion ---

void sqlite_store::erase_account(user_id user, const account_erasure& e) {
  guarded("erase_account", [&] {
    {
      statement_use q(reserve_username_);
      SQLite::bind(*q, user, e.reserve_until);
      q->exec();
    }
    {
      statement_use q(erase_user_);
      SQLite::bind(*q, user, e.username, e.email, e.display_name, e.at);
      q->exec();
    }
    for (auto* s :
         {&erase_contacts_, &erase_blocks_, &erase_invitations_, &erase_password_resets_, &email_->erase_of_user}) {
      statement_use q(*s);
      q->bind(1, user);
      q->exec();
    }
    erase_keys_of(user);
  });
}

bool sqlite_store::username_reserved(std::string_view username, unix_ms now) {
  return guarded("username_reserved", [&] {
    statement_use q(username_reserved_);
    bind_text(*q, 1, username);
    q->bind(2, now);
    return single_int(*q) != 0;
  });
}

// --- password resets ---

void sqlite_store::insert_password_reset(const password_reset_record& reset) {
  guarded("insert_password_reset", [&] {
    {
      statement_use q(forget_password_resets_);
      q->bind(1, reset.created_at - 24 * 3600 * 1000);
      q->exec();
    }
    statement_use q(insert_password_reset_);
    bind_text(*q, 1, reset.token_hash);
    q->bind(2, reset.user);
    q->bind(3, reset.created_at);
    q->bind(4, reset.expires_at);
    q->exec();
  });
}

std::optional<user_id> sqlite_store::use_password_reset(std::string_view token_hash, unix_ms at) {
  return guarded("use_password_reset", [&]() -> std::optional<user_id> {
    std::optional<user_id> user;
    {
      statement_use q(use_password_reset_);
      bind_text(*q, 1, token_hash);
      q->bind(2, at);
      if (q->executeStep()) {
        user = q->getColumn(0).getInt64();
        finish_steps(*q);
      }
    }
    if (!user) return std::nullopt;
    statement_use q(use_up_password_resets_);
    q->bind(1, *user);
    q->bind(2, at);
    q->exec();
    return user;
  });
}

std::optional<user_id> sqlite_store::password_reset_user(std::string_view token_hash, unix_ms at) {
  return guarded("password_reset_user", [&]() -> std::optional<user_id> {
    statement_use q(password_reset_user_);
    bind_text(*q, 1, token_hash);
    q->bind(2, at);
    if (!q->executeStep()) return std::nullopt;
    const user_id user = q->getColumn(0).getInt64();
    finish_steps(*q);
    return user;
  });
}

// --- audit ---

void sqlite_store::append_audit_event(const audit_event& event) {
  guarded("append_audit_event", [&] {
    statement_use q(append_audit_event_);
    SQLite::bind(*q, event.at, event.kind, event.remote_addr, event.detail);
    bind_optional(*q, 5, event.user);
    q->exec();
  });
}

std::vector<audit_event> sqlite_store::audit_events(SQLite::Statement& query, int limit) {
  std::vector<audit_event> events;
  query.bind(2, limit);
  while (query.executeStep()) events.push_back(read_audit_event(query));
  return events;
}

std::vector<audit_event> sqlite_store::audit_events_of_user(user_id user, int limit) {
  if (limit <= 0) return {};
  return guarded("audit_events_of_user", [&] {
    statement_use q(audit_events_of_user_);
    q->bind(1, user);
    return audit_events(*q, limit);
  });
}

std::vector<audit_event> sqlite_store::audit_events_of_kind(std::string_view kind, int limit) {
  if (limit <= 0) return {};
  return guarded("audit_events_of_kind", [&] {
    statement_use q(audit_events_of_kind_);
    bind_text(*q, 1, kind);
    return audit_events(*q, limit);
  });
}

// --- administration ---

std::vector<audit_event> sqlite_store::audit_events_matching(const audit_filter& filter) {
  if (filter.limit <= 0) return {};
  return guarded("audit_events_matching", [&] {
    SQLite::Statement q(db_, std::string(audit_select) +
                                 "WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR kind = ?2) "
                                 "ORDER BY id DESC LIMIT ?3");
    bind_optional(q, 1, filter.user);
    bind_optional(q, 2, filter.kind);
    q.bind(3, filter.limit);
    std::vector<audit_event> events;
    while (q.executeStep()) events.push_back(read_audit_event(q));
    return events;
  });
}

}  // namespace natter::store::sqlite
