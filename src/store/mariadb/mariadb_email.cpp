// mariadb_store: email confirmations (links that confirm an address).

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const statement forget_old_confirmations_sql{"forget_old_confirmations",
                                             "DELETE FROM email_confirmations WHERE expires_at < ?"};
const statement retire_confirmations_sql{
    "retire_confirmations", "UPDATE email_confirmations SET used_at = ? WHERE user_id = ? AND used_at IS NULL"};
const statement insert_email_confirmation_sql{
    "insert_email_confirmation",
    "INSERT INTO email_confirmations (token_hash, user_id, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"};
const statement usable_confirmation_sql{
    "usable_confirmation",
    "SELECT user_id, email, created_at, expires_at FROM email_confirmations WHERE token_hash = ? "
    "AND used_at IS NULL AND expires_at > ? FOR UPDATE"};
const statement use_confirmation_sql{"use_confirmation",
                                     "UPDATE email_confirmations SET used_at = ? WHERE token_hash = ?"};
// at, user.
const statement email_state_sql{
    "email_state_of",
    "SELECT u.email_verified_at IS NOT NULL, (SELECT c.email FROM email_confirmations c "
    "WHERE c.user_id = u.id AND c.used_at IS NULL AND c.expires_at > ? AND LOWER(c.email) <> u.email_lower "
    "ORDER BY c.created_at DESC LIMIT 1) FROM users u WHERE u.id = ?"};
const statement set_email_verified_sql{"set_email_verified", "UPDATE users SET email_verified_at = ? WHERE id = ?"};

}  // namespace

// Forgets confirmations that expired a day before this one was made, retires
// the user's unused ones, then stores it.
void mariadb_store::insert_email_confirmation(const email_confirmation_record& c) {
  db_->exec(forget_old_confirmations_sql, c.created_at - 86'400'000);
  db_->exec(retire_confirmations_sql, c.created_at, c.user);
  db_->exec(insert_email_confirmation_sql, c.token_hash, c.user, c.email, c.created_at, c.expires_at);
}

std::optional<email_confirmation_record> mariadb_store::use_email_confirmation(std::string_view token_hash,
                                                                               unix_ms at) {
  const rows r = db_->exec(usable_confirmation_sql, token_hash, at);
  if (r.empty()) return std::nullopt;
  db_->exec(use_confirmation_sql, at, token_hash);
  return email_confirmation_record{std::string(token_hash), int_at(r[0], 0), text_at(r[0], 1), int_at(r[0], 2),
                                   int_at(r[0], 3)};
}

email_state mariadb_store::email_state_of(user_id user, unix_ms at) {
  const rows r = db_->exec(email_state_sql, at, user);
  email_state out;
  if (r.empty()) return out;
  out.verified = bool_at(r[0], 0);
  if (!r[0].is_null(1)) out.pending = text_at(r[0], 1);
  return out;
}

void mariadb_store::set_email_verified(user_id user, unix_ms at) {
  db_->exec(set_email_verified_sql, at, user);
}

}  // namespace natter::store::mariadb
