#pragma once
// The conversation_store conformance suite: conversations, members, receipts,
// logs, contacts, blocks and presence, run against every backend like
// store_conformance (see store_conformance.hpp for how a backend joins).

#include <string>
#include <string_view>
#include <vector>

#include "store_conformance.hpp"

namespace natter::store::conformance {

inline new_conversation make_conversation(conversation_kind kind, std::string name, unix_ms at = t0) {
  new_conversation c;
  c.kind = kind;
  c.name = std::move(name);
  c.created_at = at;
  return c;
}

inline new_conversation make_direct(user_id a, user_id b, unix_ms at = t0) {
  new_conversation c = make_conversation(conversation_kind::direct, "", at);
  c.direct_pair = std::pair{a, b};
  return c;
}

inline new_log_entry make_message(conversation_id c, user_id from, std::string text, std::string client_msg_id,
                                  unix_ms at = t0) {
  new_log_entry e;
  e.conversation = c;
  e.kind = entry_kind::message;
  e.actor = from;
  e.at = at;
  e.text = std::move(text);
  e.client_msg_id = std::move(client_msg_id);
  return e;
}

// A log entry that is not a message, e.g. a join (subject set) or a rename
// (name set by the caller).
inline new_log_entry make_entry(conversation_id c, entry_kind kind, user_id actor, unix_ms at = t0) {
  return new_entry(c, kind, actor, at);
}

// A search by reader for these words, 20 a page.
inline message_search_query words_for(const user_record& reader, std::vector<std::string> words) {
  message_search_query q;
  q.reader = reader.id;
  q.words = std::move(words);
  q.limit = 20;
  return q;
}

inline std::vector<seq_t> seqs_of(const std::vector<log_entry>& entries) {
  std::vector<seq_t> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(e.seq);
  return out;
}

// The unread count by its definition, counted over the whole log: messages
// by others than u, not deleted, with seq above u's read_seq; 0 when u is not
// a member. What the store's counters must always agree with.
inline std::int64_t unread_by_counting(store& s, conversation_id c, user_id u) {
  const auto me = s.member(c, u);
  if (!me) return 0;
  std::int64_t unread = 0;
  for (seq_t after = 0;;) {
    const auto page = s.log_after(c, after, 500);
    if (page.empty()) return unread;
    for (const auto& e : page) {
      const bool counts = e.kind == entry_kind::message && e.actor != u && e.seq > me->read_seq;
      if (counts && e.message && !e.message->deleted) ++unread;
    }
    after = page.back().seq;
  }
}

class conversation_conformance : public store_conformance {
 protected:
  // Creates a conversation that must be accepted.
  conversation_record create(const new_conversation& c) {
    auto created = writer().create_conversation(c);
    EXPECT_TRUE(created.ok()) << "creating " << c.name;
    return created.ok() ? created.value() : conversation_record{};
  }

  // A group with the given members, joined in order one millisecond apart;
  // the first one owns it.
  conversation_record group(std::string name, const std::vector<user_record>& members) {
    const auto c = create(make_conversation(conversation_kind::group, std::move(name)));
    for (std::size_t i = 0; i < members.size(); ++i) {
      const auto role = i == 0 ? member_role::owner : member_role::member;
      writer().add_member(c.id, members[i].id, role, t0 + static_cast<unix_ms>(i), 0);
    }
    return c;
  }

  // A direct chat between a and b in the given state (a requested it, unless none).
  conversation_record direct_chat(const user_record& a, const user_record& b, request_state state) {
    auto c = make_direct(a.id, b.id);
    c.request = state;
    if (state != request_state::none) c.requested_by = a.id;
    const auto chat = create(c);
    writer().add_member(chat.id, a.id, member_role::member, t0, 0);
    writer().add_member(chat.id, b.id, member_role::member, t0, 0);
    return chat;
  }

  log_entry send(conversation_id c, const user_record& from, std::string text, unix_ms at = t0) {
    return writer().append(make_message(c, from.id, std::move(text), "k-" + std::to_string(++sends_), at)).entry;
  }

 private:
  int sends_ = 0;  // makes each send's client_msg_id unique
};

}  // namespace natter::store::conformance
