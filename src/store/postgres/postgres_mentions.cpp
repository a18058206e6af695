// postgres_store: whom messages mention.

#include <string>

#include "store/postgres/array_literal.hpp"
#include "store/postgres/conversation_statements.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

// One row per element of the arrays $5 (user ids) and $6 (usernames), in order.
const statement add_mentions_sql{
    "add_mentions",
    "INSERT INTO message_mentions (message_id, user_id, conversation_id, seq, sender_id, ordinal, username) "
    "SELECT $1, x.user_id, $2, $3, $4, x.ordinal - 1, x.username "
    "FROM unnest($5::bigint[], $6::text[]) WITH ORDINALITY AS x (user_id, username, ordinal) "
    "ON CONFLICT DO NOTHING"};
const statement mentions_on_sql{"mentions_on",
                                "SELECT message_id, user_id, username FROM message_mentions "
                                "WHERE message_id = ANY ($1::bigint[]) ORDER BY message_id, ordinal"};
const statement unread_mentions_sql{
    "unread_mentions", std::string("SELECT ") + conversation_sql::unread_mentions_of_me +
                           " FROM conversation_members me WHERE me.conversation_id = $1 AND me.user_id = $2"};

const statement members_named_sql{
    "members_named", "SELECT " + member_columns("m", "u") +
                         " FROM users u JOIN conversation_members m ON m.user_id = u.id AND m.conversation_id = $1 "
                         "WHERE u.username = ANY ($2::text[])"};

}  // namespace

std::vector<member_record> postgres_store::members_named(conversation_id c, std::span<const std::string> usernames) {
  if (usernames.empty()) return {};
  return guarded("members_named", [&] {
    array_literal names;
    for (const auto& name : usernames) names.add(name);
    std::vector<member_record> out;
    for (const pqxx::row& r : db_->exec(members_named_sql, c, names.done())) out.push_back(read_member(r));
    return out;
  });
}

void postgres_store::set_mentions(const message_record& m, std::span<const mention_record> mentions) {
  guarded("set_mentions", [&] {
    db_->exec(conversation_sql::clear_mentions, m.id);
    if (mentions.empty()) return;
    array_literal users;
    array_literal names;
    for (const auto& x : mentions) {
      users.add(x.user);
      names.add(x.username);
    }
    db_->exec(add_mentions_sql, m.id, m.conversation, m.seq, m.sender, users.done(), names.done());
  });
}

std::vector<mention_record> postgres_store::mentions_on(std::span<const message_id> messages) {
  if (messages.empty()) return {};
  return guarded("mentions_on", [&] {
    array_literal ids;
    for (auto id : messages) ids.add(id);
    std::vector<mention_record> out;
    for (const pqxx::row& r : db_->exec(mentions_on_sql, ids.done())) {
      out.push_back({int_at(r, 0), int_at(r, 1), text_at(r, 2)});
    }
    return out;
  });
}

std::int64_t postgres_store::unread_mentions(conversation_id c, user_id u) {
  return guarded("unread_mentions", [&]() -> std::int64_t {
    const pqxx::result rows = db_->exec(unread_mentions_sql, c, u);
    return rows.empty() ? 0 : int_at(rows[0], 0);
  });
}

}  // namespace natter::store::postgres
