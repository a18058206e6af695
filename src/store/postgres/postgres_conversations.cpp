// postgres_store: conversations, their members, receipts and the conversation
// list.

#include <algorithm>
#include <string>
#include <utility>

#include "store/postgres/conversation_statements.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

namespace sql = conversation_sql;

// Ordered, so that (a, b) and (b, a) name the same chat.
std::string direct_key(user_id a, user_id b) {
  return std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
}

std::optional<conversation_record> one_conversation(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return read_conversation(rows[0]);
}

std::optional<member_record> one_member(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return read_member(rows[0]);
}

}  // namespace

// --- conversations ---

result<conversation_record> postgres_store::create_conversation(const new_conversation& c) {
  return guarded("create_conversation", [&]() -> result<conversation_record> {
    std::optional<std::string> key;
    if (c.direct_pair) key = direct_key(c.direct_pair->first, c.direct_pair->second);
    const pqxx::result inserted = db_->exec(sql::insert_conversation, to_string(c.kind), c.name, c.topic, c.created_at,
                                            key, to_string(c.request), c.requested_by, c.encrypted);
    if (!inserted.empty()) return read_conversation(inserted[0]);
    // ON CONFLICT DO NOTHING: the pair has its chat, or the room name is taken.
    if (c.kind == conversation_kind::room) return errc::room_exists;
    if (!key) throw failure("postgres create_conversation: the insert stored nothing");
    if (auto existing = one_conversation(db_->exec(sql::conversation_by_direct_key, *key))) {
      return std::move(*existing);
    }
    throw failure("postgres create_conversation: the direct chat " + *key + " conflicts but cannot be found");
  });
}

bool postgres_store::encrypt_conversation(conversation_id c) {
  return guarded("encrypt_conversation", [&] { return !db_->exec(sql::encrypt_conversation, c).empty(); });
}

std::optional<conversation_record> postgres_store::conversation_by_id(conversation_id id) {
  return guarded("conversation_by_id", [&] { return one_conversation(db_->exec(sql::conversation_by_id, id)); });
}

std::optional<conversation_record> postgres_store::direct_conversation(user_id a, user_id b) {
  return guarded("direct_conversation",
                 [&] { return one_conversation(db_->exec(sql::conversation_by_direct_key, direct_key(a, b))); });
}

std::optional<conversation_record> postgres_store::room_by_name(std::string_view name) {
  return guarded("room_by_name", [&] { return one_conversation(db_->exec(sql::room_by_name, name)); });
}

std::vector<room_summary> postgres_store::rooms(std::string_view after, int limit) {
  if (limit <= 0) return {};  // PostgreSQL refuses a negative LIMIT
  return guarded("rooms", [&] {
    std::vector<room_summary> out;
    for (const pqxx::row& r : db_->exec(sql::rooms, after, limit)) {
      room_summary room;
      room.id = int_at(r, 0);
      room.name = text_at(r, 1);
      room.topic = text_at(r, 2);
      room.member_count = int_at(r, 3);
      out.push_back(std::move(room));
    }
    return out;
  });
}

void postgres_store::set_request_state(conversation_id id, request_state state) {
  guarded("set_request_state", [&] { db_->exec(sql::set_request_state, id, to_string(state)); });
}

// --- members ---

std::optional<member_record> postgres_store::member(conversation_id c, user_id u) {
  return guarded("member", [&] { return one_member(db_->exec(sql::member, c, u)); });
}

std::vector<member_record> postgres_store::members(conversation_id c) {
  return guarded("members", [&] {
    std::vector<member_record> out;
    for (const pqxx::row& r : db_->exec(sql::members, c)) out.push_back(read_member(r));
    return out;
  });
}

std::vector<user_id> postgres_store::member_ids(conversation_id c) {
  return guarded("member_ids", [&] {
    std::vector<user_id> out;
    for (const pqxx::row& r : db_->exec(sql::member_ids, c)) out.push_back(int_at(r, 0));
    return out;
  });
}

void postgres_store::add_member(conversation_id c, user_id u, member_role role, unix_ms at, seq_t joined_seq) {
  guarded("add_member", [&] {
    if (db_->exec(sql::add_member, c, u, to_string(role), at, joined_seq).affected_rows() == 0) {
      throw failure("postgres add_member: no conversation " + std::to_string(c));
    }
  });
}

void postgres_store::remove_member(conversation_id c, user_id u) {
  guarded("remove_member", [&] { db_->exec(sql::remove_member, c, u); });
}

void postgres_store::set_member_role(conversation_id c, user_id u, member_role role) {
  guarded("set_member_role", [&] { db_->exec(sql::set_member_role, c, u, to_string(role)); });
}

// The row is locked first, in a statement of its own: under READ COMMITTED
// the update then reads the log with a snapshot taken after every
// transaction that changed the row (an append by the member, a deletion)
// committed, so the counts it subtracts agree with the counters it finds.
// A transaction that comes later waits for the lock and sees the new
// read_seq.
std::optional<member_record> postgres_store::advance_receipts(conversation_id c, user_id u, seq_t delivered,
                                                              seq_t read) {
  return guarded("advance_receipts", [&]() -> std::optional<member_record> {
    if (db_->exec(sql::lock_member, c, u).empty()) return std::nullopt;
    return one_member(db_->exec(sql::advance_receipts, c, u, delivered, read));
  });
}

std::int64_t postgres_store::unread_count(conversation_id c, user_id u) {
  return guarded("unread_count", [&]() -> std::int64_t {
    const pqxx::result rows = db_->exec(sql::unread_count, c, u);
    return rows.empty() ? 0 : int_at(rows[0], 0);
  });
}

std::optional<conversation_summary> postgres_store::conversation_summary_of(conversation_id c, user_id u) {
  return guarded("conversation_summary_of", [&]() -> std::optional<conversation_summary> {
    const pqxx::result rows = db_->exec(sql::summary_of, c, u);
    if (rows.empty()) return std::nullopt;
    return read_summary(rows[0]);
  });
}

std::vector<conversation_summary> postgres_store::conversations_of(user_id u) {
  return guarded("conversations_of", [&] {
    std::vector<conversation_summary> out;
    for (const pqxx::row& r : db_->exec(sql::summaries_of_user, u)) out.push_back(read_summary(r));
    return out;
  });
}

}  // namespace natter::store::postgres
