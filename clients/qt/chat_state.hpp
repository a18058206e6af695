#pragma once
// What the desktop app knows of the user's conversations: their list with
// unread counts and last messages, the messages loaded for each, the other
// members' receipts, chat requests and people's presence. Fed from
// conversations.list, history replies and live events; no Qt, no I/O.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocol/frames.hpp"

namespace natter::desktop {

// A message this user sent that the server has not acknowledged yet.
struct pending_message {
  std::string client_msg_id;
  std::string text;
  unix_ms ts = 0;
};

struct conversation_state {
  protocol::conversation info;
  std::vector<protocol::message> messages;  // ascending seq, no duplicates
  std::vector<pending_message> pending;
  // The highest receipts of the other members (direct chats: the other one).
  seq_t others_delivered = 0;
  seq_t others_read = 0;
  bool history_loaded = false;
  bool more_before = false;                     // older messages than the first here exist
  bool loading_older = false;                   // a history page backward is on its way
  std::map<std::string, unix_ms> typing_until;  // who is typing, until when
};

// A chat request this user has not answered.
struct incoming_request {
  conversation_id conversation = 0;
  std::string from;
  std::string text;
};

// True when `m`, by someone else, mentions `me` or everyone (@room, @here).
bool mentions_me(const protocol::message& m, const std::string& me);

class chat_state {
 public:
  explicit chat_state(std::string me) : me_(std::move(me)) {}

  const std::string& me() const { return me_; }
  void set_conversations(const std::vector<protocol::conversation>& list);
  // An event; true when it changed what a conversation shows.
  bool apply(const protocol::event& e);
  // A history page: the newest (before = false) or one before the first
  // message held (before = true); more: the reply's has_more.
  void apply_history(conversation_id id, const std::vector<protocol::log_event>& events, bool before, bool more);
  void set_loading_older(conversation_id id) { ensure(id).loading_older = true; }
  void set_typing(conversation_id id, const std::string& user, unix_ms until);
  void add_pending(conversation_id id, pending_message m);
  // The server acknowledged a send: the message replaces its pending entry.
  void acknowledge(const protocol::message& m);
  void mark_read(conversation_id id);
  // An encrypted message that could not be read opens now: its text
  // replaces "Unable to decrypt" (in the list's preview too).
  void replace_text(conversation_id id, seq_t seq, const std::string& text);
  // The same with the message as it opened: its text and its files.
  void replace_opened(const protocol::message& m);
  // A send that failed for good: its pending entry goes.
  void drop_pending(conversation_id id, const std::string& client_msg_id);
  // The user answered (or is answering) the request: a conversation list
  // made before the answer does not bring it back.
  void forget_request(conversation_id id);
  // The answer failed: the next list may show the request again.
  void reopen_request(conversation_id id) { answered_.erase(id); }
  // The user ended a direct chat at `seq`: it is left out of the list until
  // something newer arrives in it.
  void end_direct(conversation_id id, seq_t seq) { ended_[id] = seq; }
  // The user left a group or room: it is gone from what this knows.
  void forget(conversation_id id);
  bool listed(const conversation_state& c) const;

  const std::map<conversation_id, conversation_state>& conversations() const { return conversations_; }
  const conversation_state* find(conversation_id id) const;
  const std::vector<incoming_request>& requests() const { return requests_; }
  std::string presence_of(const std::string& user) const;
  std::int64_t total_unread() const;
  // A direct chat's other member ("" for groups and rooms).
  std::string peer_of(const conversation_state& c) const;
  std::optional<conversation_id> direct_with(const std::string& user) const;
  // A member's username by id, from the conversations' member lists ("" if unknown).
  std::string name_of(user_id id) const;
  // What the list shows as a conversation's name.
  std::string title_of(const conversation_state& c) const;

 private:
  conversation_state& ensure(conversation_id id);
  void keep_read(conversation_state& s, seq_t read) const;
  bool add_message(const protocol::message& m, bool live);
  void apply_log(const protocol::log_event& e, bool live);

  std::string me_;
  std::map<conversation_id, conversation_state> conversations_;
  std::vector<incoming_request> requests_;
  std::map<std::string, std::string> presence_;
  std::map<conversation_id, seq_t> ended_;
  std::set<conversation_id> answered_;
};

}  // namespace natter::desktop
