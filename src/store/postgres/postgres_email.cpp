// postgres_store: email confirmations (links that confirm an address).

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"

namespace natter::store::postgres {
namespace {

// Forgets confirmations that expired a day before this one was made, retires
// the user's unused ones, then stores it.
const statement insert_email_confirmation_sql{
    "insert_email_confirmation",
    "WITH forgotten AS (DELETE FROM email_confirmations WHERE expires_at < $4::bigint - 86400000), "
    "retired AS (UPDATE email_confirmations SET used_at = $4 WHERE user_id = $2 AND used_at IS NULL) "
    "INSERT INTO email_confirmations (token_hash, user_id, email, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5)"};
const statement use_email_confirmation_sql{
    "use_email_confirmation",
    "UPDATE email_confirmations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 "
    "RETURNING user_id, email, created_at, expires_at"};
const statement email_state_sql{
    "email_state_of",
    "SELECT u.email_verified_at IS NOT NULL, (SELECT c.email FROM email_confirmations c "
    "WHERE c.user_id = u.id AND c.used_at IS NULL AND c.expires_at > $2 AND lower(c.email) <> u.email_lower "
    "ORDER BY c.created_at DESC LIMIT 1) FROM users u WHERE u.id = $1"};
const statement set_email_verified_sql{"set_email_verified", "UPDATE users SET email_verified_at = $2 WHERE id = $1"};

}  // namespace

void postgres_store::insert_email_confirmation(const email_confirmation_record& c) {
  guarded("insert_email_confirmation",
          [&] { db_->exec(insert_email_confirmation_sql, c.token_hash, c.user, c.email, c.created_at, c.expires_at); });
}

std::optional<email_confirmation_record> postgres_store::use_email_confirmation(std::string_view token_hash,
                                                                                unix_ms at) {
  return guarded("use_email_confirmation", [&]() -> std::optional<email_confirmation_record> {
    const pqxx::result r = db_->exec(use_email_confirmation_sql, token_hash, at);
    if (r.empty()) return std::nullopt;
    return email_confirmation_record{std::string(token_hash), r[0][0].as<user_id>(), r[0][1].as<std::string>(),
                                     r[0][2].as<unix_ms>(), r[0][3].as<unix_ms>()};
  });
}

email_state postgres_store::email_state_of(user_id user, unix_ms at) {
  return guarded("email_state_of", [&] {
    const pqxx::result r = db_->exec(email_state_sql, user, at);
    email_state out;
    if (r.empty()) return out;
    out.verified = r[0][0].as<bool>();
    if (!r[0][1].is_null()) out.pending = r[0][1].as<std::string>();
    return out;
  });
}

void postgres_store::set_email_verified(user_id user, unix_ms at) {
  guarded("set_email_verified", [&] { db_->exec(set_email_verified_sql, user, at); });
}

}  // namespace natter::store::postgres
