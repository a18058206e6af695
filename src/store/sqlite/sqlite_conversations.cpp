// sqlite_store: conversations, their members, receipts and the conversation
// list.

#include <SQLiteCpp/VariadicBind.h>

#include <algorithm>
#include <string>
#include <utility>

#include "store/sqlite/conversation_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

// Ordered, so that (a, b) and (b, a) name the same chat.
std::string direct_key(user_id a, user_id b) {
  return std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
}

std::optional<conversation_record> one_conversation(SQLite::Statement& query) {
  if (!query.executeStep()) return std::nullopt;
  return read_conversation(query);
}

// Inserts c. Nothing when it is a direct chat whose pair has one already.
std::optional<conversation_record> insert_conversation(SQLite::Statement& statement, const new_conversation& c,
                                                       const std::optional<std::string>& key) {
  statement_use q(statement);
  SQLite::bind(*q, std::string(to_string(c.kind)), c.name, c.topic, c.created_at);
  bind_optional(*q, 5, key);
  bind_text(*q, 6, to_string(c.request));
  bind_optional(*q, 7, c.requested_by);
  q->bind(8, c.encrypted ? 1 : 0);
  if (!q->executeStep()) return std::nullopt;
  conversation_record created = read_conversation(*q);
  finish_steps(*q);
  return created;
}

}  // namespace

// --- conversations ---

result<conversation_record> sqlite_store::create_conversation(const new_conversation& c) {
  return guarded("create_conversation", [&]() -> result<conversation_record> {
    std::optional<std::string> key;
    if (c.direct_pair) key = direct_key(c.direct_pair->first, c.direct_pair->second);
    try {
      if (auto created = insert_conversation(conversations_->insert_conversation, c, key)) return std::move(*created);
    } catch (const SQLite::Exception& e) {
      if (c.kind == conversation_kind::room && is_unique_violation(e)) return errc::room_exists;
      throw;
    }
    // Only a direct pair's conflict is skipped without an error.
    if (!key) throw failure("sqlite create_conversation: the insert stored nothing");
    statement_use q(conversations_->conversation_by_direct_key);
    q->bind(1, *key);
    if (auto existing = one_conversation(*q)) return std::move(*existing);
    throw failure("sqlite create_conversation: the direct chat " + *key + " conflicts but cannot be found");
  });
}

std::optional<conversation_record> sqlite_store::conversation_by_id(conversation_id id) {
  return guarded("conversation_by_id", [&] {
    statement_use q(conversations_->conversation_by_id);
    q->bind(1, id);
    return one_conversation(*q);
  });
}

std::optional<conversation_record> sqlite_store::direct_conversation(user_id a, user_id b) {
  return guarded("direct_conversation", [&] {
    statement_use q(conversations_->conversation_by_direct_key);
    q->bind(1, direct_key(a, b));
    return one_conversation(*q);
  });
}

std::optional<conversation_record> sqlite_store::room_by_name(std::string_view name) {
  return guarded("room_by_name", [&] {
    statement_use q(conversations_->room_by_name);
    bind_text(*q, 1, name);
    return one_conversation(*q);
  });
}

std::vector<room_summary> sqlite_store::rooms(std::string_view after, int limit) {
  std::vector<room_summary> out;
  if (limit <= 0) return out;  // SQLite would read a negative LIMIT as "no limit"
  return guarded("rooms", [&] {
    statement_use q(conversations_->rooms);
    bind_text(*q, 1, after);
    q->bind(2, limit);
    while (q->executeStep()) {
      room_summary r;
      r.id = q->getColumn(0).getInt64();
      r.name = q->getColumn(1).getString();
      r.topic = q->getColumn(2).getString();
      r.member_count = q->getColumn(3).getInt64();
      out.push_back(std::move(r));
    }
    return out;
  });
}

void sqlite_store::set_request_state(conversation_id id, request_state state) {
  guarded("set_request_state", [&] {
    statement_use q(conversations_->set_request_state);
    q->bind(1, id);
    bind_text(*q, 2, to_string(state));
    q->exec();
  });
}

// Prepared per call: turning encryption on happens once per conversation.
bool sqlite_store::encrypt_conversation(conversation_id c) {
  return guarded("encrypt_conversation", [&] {
    SQLite::Statement q(db_, "UPDATE conversations SET encrypted = 1 WHERE id = ? AND encrypted = 0");
    q.bind(1, c);
    return q.exec() > 0;
  });
}

// --- members ---

std::optional<member_record> sqlite_store::member(conversation_id c, user_id u) {
  return guarded("member", [&]() -> std::optional<member_record> {
    statement_use q(conversations_->member);
    SQLite::bind(*q, c, u);
    if (!q->executeStep()) return std::nullopt;
    return read_member(*q);
  });
}

std::vector<member_record> sqlite_store::members(conversation_id c) {
  return guarded("members", [&] {
    std::vector<member_record> out;
    statement_use q(conversations_->members);
    q->bind(1, c);
    while (q->executeStep()) out.push_back(read_member(*q));
    return out;
  });
}

std::vector<user_id> sqlite_store::member_ids(conversation_id c) {
  return guarded("member_ids", [&] {
    std::vector<user_id> out;
    statement_use q(conversations_->member_ids);
    q->bind(1, c);
    while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
    return out;
  });
}

void sqlite_store::add_member(conversation_id c, user_id u, member_role role, unix_ms at, seq_t joined_seq) {
  guarded("add_member", [&] {
    statement_use q(conversations_->add_member);
    SQLite::bind(*q, c, u, std::string(to_string(role)), at, joined_seq);
    if (q->exec() == 0) throw failure("sqlite add_member: no conversation " + std::to_string(c));
  });
}

void sqlite_store::remove_member(conversation_id c, user_id u) {
  guarded("remove_member", [&] {
    statement_use q(conversations_->remove_member);
    SQLite::bind(*q, c, u);
    q->exec();
  });
}

void sqlite_store::set_member_role(conversation_id c, user_id u, member_role role) {
  guarded("set_member_role", [&] {
    statement_use q(conversations_->set_member_role);
    SQLite::bind(*q, c, u, std::string(to_string(role)));
    q->exec();
  });
}

std::optional<member_record> sqlite_store::advance_receipts(conversation_id c, user_id u, seq_t delivered, seq_t read) {
  const bool is_member = guarded("advance_receipts", [&] {
    statement_use q(conversations_->advance_receipts);
    SQLite::bind(*q, c, u, delivered, read);
    return q->exec() > 0;  // counts the matched row even when nothing rose
  });
  if (!is_member) return std::nullopt;
  return member(c, u);
}

std::int64_t sqlite_store::unread_count(conversation_id c, user_id u) {
  return guarded("unread_count", [&]() -> std::int64_t {
    statement_use q(conversations_->unread_count);
    SQLite::bind(*q, c, u);
    if (!q->executeStep()) return 0;
    return q->getColumn(0).getInt64();
  });
}

std::optional<conversation_summary> sqlite_store::conversation_summary_of(conversation_id c, user_id u) {
  return guarded("conversation_summary_of", [&]() -> std::optional<conversation_summary> {
    statement_use q(conversations_->summary_of);
    SQLite::bind(*q, c, u);
    if (!q->executeStep()) return std::nullopt;
    return read_summary(*q);
  });
}

std::vector<conversation_summary> sqlite_store::conversations_of(user_id u) {
  return guarded("conversations_of", [&] {
    std::vector<conversation_summary> out;
    statement_use q(conversations_->summaries_of_user);
    q->bind(1, u);
    while (q->executeStep()) out.push_back(read_summary(*q));
    return out;
  });
}

}  // namespace natter::store::sqlite
