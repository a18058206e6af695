// sqlite_store: email confirmations (links that confirm an address).

#include <SQLiteCpp/VariadicBind.h>

#include "store/sqlite/email_statements.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

email_statements::email_statements(SQLite::Database& db)
    : forget(db, "DELETE FROM email_confirmations WHERE expires_at < ?1"),
      retire_others(db, "UPDATE email_confirmations SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL"),
      insert(db,
             "INSERT INTO email_confirmations (token_hash, user_id, email, created_at, expires_at) "
             "VALUES (?1, ?2, ?3, ?4, ?5)"),
      use(db,
          "UPDATE email_confirmations SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL "
          "AND expires_at > ?2 RETURNING user_id, email, created_at, expires_at"),
      state(db,
            "SELECT u.email_verified_at IS NOT NULL, (SELECT c.email FROM email_confirmations c "
            "WHERE c.user_id = u.id AND c.used_at IS NULL AND c.expires_at > ?2 AND lower(c.email) <> u.email_lower "
            "ORDER BY c.created_at DESC LIMIT 1) FROM users u WHERE u.id = ?1"),
      set_verified(db, "UPDATE users SET email_verified_at = ?2 WHERE id = ?1"),
      erase_of_user(db, "DELETE FROM email_confirmations WHERE user_id = ?1") {}

std::unique_ptr<email_statements> make_email_statements(SQLite::Database& db) {
  return std::make_unique<email_statements>(db);
}

void sqlite_store::insert_email_confirmation(const email_confirmation_record& c) {
  guarded("insert_email_confirmation", [&] {
    {
      statement_use q(email_->forget);
      q->bind(1, c.created_at - 24 * 3600 * 1000);
      q->exec();
    }
    {
      statement_use q(email_->retire_others);
      SQLite::bind(*q, c.user, c.created_at);
      q->exec();
    }
    statement_use q(email_->insert);
    SQLite::bind(*q, c.token_hash, c.user, c.email, c.created_at, c.expires_at);
    q->exec();
  });
}

std::optional<email_confirmation_record> sqlite_store::use_email_confirmation(std::string_view token_hash, unix_ms at) {
  return guarded("use_email_confirmation", [&]() -> std::optional<email_confirmation_record> {
    statement_use q(email_->use);
    bind_text(*q, 1, token_hash);
    q->bind(2, at);
    if (!q->executeStep()) return std::nullopt;
    email_confirmation_record c{std::string(token_hash), q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                                q->getColumn(2).getInt64(), q->getColumn(3).getInt64()};
    finish_steps(*q);
    return c;
  });
}

email_state sqlite_store::email_state_of(user_id user, unix_ms at) {
  return guarded("email_state_of", [&] {
    statement_use q(email_->state);
    SQLite::bind(*q, user, at);
    email_state out;
    if (!q->executeStep()) return out;
    out.verified = q->getColumn(0).getInt() != 0;
    if (!q->isColumnNull(1)) out.pending = q->getColumn(1).getString();
    finish_steps(*q);
    return out;
  });
}

void sqlite_store::set_email_verified(user_id user, unix_ms at) {
  guarded("set_email_verified", [&] {
    statement_use q(email_->set_verified);
    SQLite::bind(*q, user, at);
    q->exec();
  });
}

}  // namespace natter::store::sqlite
