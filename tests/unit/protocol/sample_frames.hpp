#pragma once
// Sample frames for the codec tests: one value of every request, event and
// reply, with every optional field set somewhere, so that round trips cover
// each member on the wire.

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/frames.hpp"

namespace natter::protocol::samples {

// Text that an encoder which forgot to escape, or a decoder that normalised,
// would damage: quotes, backslashes, markup, SQL, control characters, a NUL,
// multi-byte UTF-8, and the JSON-in-JavaScript line separators.
inline std::string hostile_text() {
  using namespace std::string_literals;
  return "<script>alert(\"x\")</script> & '; DROP TABLE messages; -- \\ / \n\t\r \x01 \0 "
         "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xA8\xE2\x80\xA9 {\"re\":1}"s;
}

inline message sample_message() {
  message m;
  m.id = 42;
  m.conversation = 7;
  m.seq = 13;
  m.sender = "alice";
  m.sender_id = 1;
  m.text = "hi";
  m.ts = 1763719200000;
  m.client_msg_id = "c-1";
  m.reply_to = 40;
  return m;
}

inline message sample_edited_message() {
  message m = sample_message();
  m.reply_to.reset();
  m.edited_ts = 1763719260000;
  m.text = hostile_text();
  return m;
}

inline std::vector<reaction> sample_reactions() {
  return {reaction{"👍", 12, {reactor{4, "alice"}, reactor{9, "bob"}}},
          reaction{"👨‍👩‍👧", 1, {reactor{4, "alice"}}}};
}

// A forward, with reactions: the optional parts of a message.
inline message sample_forwarded_message() {
  auto m = sample_message();
  m.forwarded_from = forwarded_origin{"bob", 1763719100000};
  m.reactions = sample_reactions();
  return m;
}

// A thread's root (with its thread) and a reply in it.
inline message sample_thread_root() {
  auto m = sample_message();
  m.thread = thread_info{3, 57, 1763719260000, 1};
  return m;
}
inline message sample_thread_reply() {
  auto m = sample_message();
  m.id = 43;
  m.seq = 57;
  m.thread_id = 42;
  return m;
}

inline conversation sample_conversation() {
  conversation c;
  c.id = 7;
  c.kind = "group";
  c.name = "Friends";
  c.topic = "";
  c.members = {"alice", "bob"};
  c.member_ids = {1, 2};
  c.member_count = 2;
  c.role = "owner";
  c.last_seq = 14;
  c.read_seq = 12;
  c.delivered_seq = 14;
  c.unread = 2;
  return c;
}

inline conversation sample_direct_request() {
  conversation c = sample_conversation();
  c.id = 9;
  c.kind = "direct";
  c.name = "bob";
  c.role = "member";
  c.last_message = sample_message();
  c.request = chat_request_state{"bob", "pending", 2};
  return c;
}

// One of every conversation log event.
inline std::vector<log_event> sample_log_events() {
  return {
      message_event{sample_message()},
      message_edited_event{7, 15, sample_edited_message()},
      message_deleted_event{7, 16, 42, std::nullopt},
      member_joined_event{7, 17, "carol", "member", std::nullopt},
      member_joined_event{7, 18, "dave", "member", std::string("alice")},
      member_left_event{7, 19, "dave", std::string("alice"), std::nullopt, std::nullopt},
      member_left_event{7, 20, "carol", std::nullopt, std::nullopt, std::nullopt},
      conversation_updated_event{7, 21, std::string("Best friends"), std::nullopt, std::nullopt, std::nullopt,
                                 std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      conversation_updated_event{7, 22, std::nullopt, std::string("topic"), std::nullopt, std::nullopt, std::nullopt,
                                 std::nullopt, std::nullopt, std::nullopt},
      conversation_updated_event{7, 23, std::nullopt, std::nullopt, std::string("bob"), std::string("admin"),
                                 std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      conversation_updated_event{7, 24, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string(""),
                                 std::nullopt, std::nullopt, std::nullopt},
      // Room moderation.
      message_deleted_event{9, 25, 43, std::string("alice")},
      member_left_event{9, 26, "mallory", std::string("alice"), std::string("ban"), std::string("Spam")},
      conversation_updated_event{9, 27, std::nullopt, std::nullopt, std::string("mallory"), std::nullopt, std::nullopt,
                                 std::string("mute"), std::string("Calm down"), std::string("alice")},
      conversation_updated_event{9, 28, std::nullopt, std::string(""), std::nullopt, std::nullopt, std::nullopt,
                                 std::string("topic"), std::nullopt, std::string("alice")},
  };
}

// The wire name as a test-name suffix ("message.send" -> "message_send").
inline std::string test_suffix(std::string_view type) {
  std::string out(type);
  for (auto& c : out) {
    if (c == '.') c = '_';
  }
  return out;
}

}  // namespace natter::protocol::samples

namespace natter::protocol {

// Readable test failures: frames print as their JSON.
inline void PrintTo(const request& r, std::ostream* os) {
  *os << encode_request("id", r);
}
inline void PrintTo(const event& e, std::ostream* os) {
  *os << encode_event(e);
}
inline void PrintTo(const reply& r, std::ostream* os) {
  *os << encode_reply("id", r);
}

}  // namespace natter::protocol
