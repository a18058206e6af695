// sqlite_store: whom messages mention. Statements are prepared per call:
// only messages with mentions (and edits) reach them.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

// Usernames are [a-z0-9_.-] only (validation.cpp); anything else is escaped
// all the same, as JSON strings.
std::string json_names(std::span<const std::string> names) {
  std::string out = "[";
  for (const auto& name : names) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : name) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace

std::vector<member_record> sqlite_store::members_named(conversation_id c, std::span<const std::string> usernames) {
  if (usernames.empty()) return {};
  return guarded("members_named", [&] {
    SQLite::Statement q(db_,
                        "SELECT " + member_columns("m", "u") +
                            " FROM users u JOIN conversation_members m ON m.user_id = u.id AND m.conversation_id = ?1 "
                            "WHERE u.username IN (SELECT value FROM json_each(?2))");
    SQLite::bind(q, c, json_names(usernames));
    std::vector<member_record> out;
    while (q.executeStep()) out.push_back(read_member(q));
    return out;
  });
}

void sqlite_store::set_mentions(const message_record& m, std::span<const mention_record> mentions) {
  guarded("set_mentions", [&] {
    SQLite::Statement clear(db_, "DELETE FROM message_mentions WHERE message_id = ?");
    clear.bind(1, m.id);
    clear.exec();
    if (mentions.empty()) return;
    SQLite::Statement add(db_,
                          "INSERT INTO message_mentions (message_id, user_id, conversation_id, seq, sender_id, "
                          "ordinal, username) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    int ordinal = 0;
    for (const auto& x : mentions) {
      SQLite::bind(add, m.id, x.user, m.conversation, m.seq, m.sender, ordinal++, x.username);
      add.exec();
      add.reset();
    }
  });
}

std::vector<mention_record> sqlite_store::mentions_on(std::span<const message_id> messages) {
  if (messages.empty()) return {};
  return guarded("mentions_on", [&] {
    SQLite::Statement q(db_,
                        "SELECT message_id, user_id, username FROM message_mentions "
                        "WHERE message_id IN (SELECT value FROM json_each(?1)) ORDER BY message_id, ordinal");
    q.bind(1, json_ids(messages));
    std::vector<mention_record> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString()});
    }
    return out;
  });
}

std::int64_t sqlite_store::unread_mentions(conversation_id c, user_id u) {
  return guarded("unread_mentions", [&]() -> std::int64_t {
    SQLite::Statement q(db_, std::string("SELECT ") + unread_mentions_of_me +
                                 " FROM conversation_members me WHERE me.conversation_id = ? AND me.user_id = ?");
    SQLite::bind(q, c, u);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  });
}

}  // namespace natter::store::sqlite
