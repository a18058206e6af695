// mariadb_store: conversations, their members, receipts and the conversation
// list.

#include <algorithm>
#include <string>
#include <utility>

#include "store/mariadb/conversation_statements.hpp"
#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

namespace sql = conversation_sql;

// Ordered, so that (a, b) and (b, a) name the same chat.
std::string direct_key_of(user_id a, user_id b) {
  return std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
}

std::optional<conversation_record> first_conversation(const rows& found) {
  if (found.empty()) return std::nullopt;
  return read_conversation(found[0]);
}

std::optional<member_record> first_member(const rows& found) {
  if (found.empty()) return std::nullopt;
  return read_member(found[0]);
}

}  // namespace

// --- conversations ---

result<conversation_record> mariadb_store::create_conversation(const new_conversation& c) {
  std::optional<std::string> key;
  if (c.direct_pair) key = direct_key_of(c.direct_pair->first, c.direct_pair->second);
  try {
    const rows inserted = db_->exec(sql::insert_conversation, to_string(c.kind), c.name, c.topic, c.created_at, key,
                                    to_string(c.request), c.requested_by, c.encrypted);
    if (auto stored = first_conversation(db_->exec(sql::conversation_by_id, inserted.insert_id))) {
      return std::move(*stored);
    }
    throw failure("mariadb create_conversation: the new conversation cannot be read back");
  } catch (const unique_violation&) {  // the pair has its chat, or the room name is taken
    if (c.kind == conversation_kind::room) return errc::room_exists;
    if (!key) throw;
    if (auto existing = first_conversation(db_->exec(sql::conversation_by_direct_key, *key))) {
      return std::move(*existing);
    }
    throw;
  }
}

std::optional<conversation_record> mariadb_store::conversation_by_id(conversation_id id) {
  return first_conversation(db_->exec(sql::conversation_by_id, id));
}

std::optional<conversation_record> mariadb_store::direct_conversation(user_id a, user_id b) {
  return first_conversation(db_->exec(sql::conversation_by_direct_key, direct_key_of(a, b)));
}

std::optional<conversation_record> mariadb_store::room_by_name(std::string_view name) {
  return first_conversation(db_->exec(sql::room_by_name, name));
}

std::vector<room_summary> mariadb_store::rooms(std::string_view after, int limit) {
  if (limit <= 0) return {};
  std::vector<room_summary> out;
  for (const rows::row& r : db_->exec(sql::rooms, after, limit)) {
    room_summary room;
    room.id = int_at(r, 0);
    room.name = text_at(r, 1);
    room.topic = text_at(r, 2);
    room.member_count = int_at(r, 3);
    out.push_back(std::move(room));
  }
  return out;
}

bool mariadb_store::encrypt_conversation(conversation_id c) {
  return db_->exec(sql::encrypt_conversation, c).affected_rows > 0;
}

void mariadb_store::set_request_state(conversation_id id, request_state state) {
  db_->exec(sql::set_request_state, to_string(state), id);
}

// --- members ---

std::optional<member_record> mariadb_store::member(conversation_id c, user_id u) {
  return first_member(db_->exec(sql::member, c, u));
}

std::vector<member_record> mariadb_store::members(conversation_id c) {
  std::vector<member_record> out;
  for (const rows::row& r : db_->exec(sql::members, c)) out.push_back(read_member(r));
  return out;
}

std::vector<user_id> mariadb_store::member_ids(conversation_id c) {
  std::vector<user_id> out;
  for (const rows::row& r : db_->exec(sql::member_ids, c)) out.push_back(int_at(r, 0));
  return out;
}

void mariadb_store::add_member(conversation_id c, user_id u, member_role role, unix_ms at, seq_t joined_seq) {
  if (db_->exec(sql::add_member, c, u, to_string(role), at, joined_seq, c, c, u, joined_seq, c).affected_rows == 0) {
    throw failure("mariadb add_member: no conversation " + std::to_string(c));
  }
}

void mariadb_store::remove_member(conversation_id c, user_id u) {
  db_->exec(sql::remove_member, c, u);
}

void mariadb_store::set_member_role(conversation_id c, user_id u, member_role role) {
  db_->exec(sql::set_member_role, to_string(role), c, u);
}

// The row is locked first: under READ COMMITTED the statements after it then
// read the log as every transaction that changed the row (an append by the
// member, a deletion) left it, so the counts subtracted agree with the
// counters found. A transaction that comes later waits for the lock and sees
// the new read_seq.
std::optional<member_record> mariadb_store::advance_receipts(conversation_id c, user_id u, seq_t delivered,
                                                             seq_t read) {
  if (db_->exec(sql::lock_member, c, u).empty()) return std::nullopt;
  const rows target = db_->exec(sql::receipts_target, delivered, read, read, c, u);
  const seq_t new_delivered = int_at(target[0], 0);
  const seq_t new_read = int_at(target[0], 1);
  const seq_t old_read = int_at(target[0], 2);
  const std::int64_t message_count = int_at(target[0], 3);
  std::int64_t own_or_deleted = int_at(target[0], 4);
  const std::int64_t read_message_count = int_at(db_->exec(sql::message_count_at, c, new_read)[0], 0);
  if (new_read != old_read) {
    if (read_message_count == message_count) {
      own_or_deleted = 0;  // nothing left after read_seq to count
    } else {
      const rows passed = db_->exec(sql::read_own_or_deleted, u, u, c, old_read, new_read);
      own_or_deleted -= int_at(passed[0], 0) + int_at(passed[0], 1);
    }
  }
  db_->exec(sql::set_receipts, new_delivered, new_read, read_message_count, own_or_deleted, c, u);
  return member(c, u);
}

std::int64_t mariadb_store::unread_count(conversation_id c, user_id u) {
  const rows found = db_->exec(sql::unread_count, c, u);
  return found.empty() ? 0 : int_at(found[0], 0);
}

std::optional<conversation_summary> mariadb_store::conversation_summary_of(conversation_id c, user_id u) {
  const rows found = db_->exec(sql::summary_of, c, u);
  if (found.empty()) return std::nullopt;
  return read_summary(found[0]);
}

std::vector<conversation_summary> mariadb_store::conversations_of(user_id u) {
  std::vector<conversation_summary> out;
  for (const rows::row& r : db_->exec(sql::summaries_of_user, u)) out.push_back(read_summary(r));
  return out;
}

}  // namespace natter::store::mariadb
