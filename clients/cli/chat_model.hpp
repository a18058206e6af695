#pragma once
// What the full-screen chat shows, without any screen: the conversations
// (with unread counts and the other people's presence), each one's lines by
// seq (so a resync can never show a line twice), messages waiting for their
// acknowledgement, and receipts for the status marks.
// Not thread-safe; the chat's one thread owns it.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/frames.hpp"
#include "protocol/log_events.hpp"

namespace natter::cli {

struct chat_line {
  protocol::seq_t seq = 0;  // 0: not stored yet, or a note
  std::string sender;       // empty: a note from natter itself
  std::string text;
  protocol::unix_ms ts = 0;
  std::string client_msg_id;
  std::vector<protocol::media> attachments;
  protocol::user_id sender_id = 0;  // 0: a note, or a server that sends no ids
  bool mentions_me = false;         // someone else's message naming me, or @room / @here
};

// What edit, delete and reply need of a stored message line (by its seq in
// chat_conversation::details).
struct message_details {
  protocol::message_id id = 0;
  std::optional<protocol::message_id> reply_to;
  bool edited = false;
  bool deleted = false;
  std::optional<protocol::message_id> thread_id = std::nullopt;  // a reply in this root's thread
};

struct chat_conversation {
  protocol::conversation_id id = 0;  // 0: a draft opened with /msg, not created yet
  std::string kind;                  // direct | group | room
  std::string name;                  // the other person, the group or the room
  std::string label;                 // @bob, #room, Friends
  protocol::user_id peer_id = 0;     // direct chats: the other person, when the server says
  // The server's unread count is for its log up to counted_seq; only
  // messages after it are counted here (a late event is not counted twice).
  std::int64_t unread = 0;
  std::int64_t unread_mentions = 0;  // of those, the ones that mention me (same counting)
  protocol::seq_t counted_seq = 0;
  protocol::seq_t delivered_by_others = 0;
  protocol::seq_t read_by_others = 0;
  std::optional<protocol::chat_request_state> request;
  std::map<protocol::seq_t, chat_line> lines;
  std::map<protocol::seq_t, message_details> details;  // of the message lines
  std::vector<chat_line> pending;                      // sent, waiting for the server
  bool history_loaded = false;
  protocol::seq_t oldest_seq = 0;    // of the history held (0: none yet): older pages start before it
  bool older = true;                 // the server may have more before oldest_seq
  int scroll = 0;                    // message pane rows scrolled back from the end (PgUp/PgDn)
  int new_below = 0;                 // messages from others that came while scrolled back
  std::vector<std::string> members;  // direct chats and groups (rooms: none, see member_count)
  std::int64_t member_count = 0;
  protocol::seq_t read_seq = 0;  // mine: up to where I have read
  protocol::seq_t new_from = 0;  // the "new messages" divider goes before this seq (0: none)
  // Reactions: the seq of each message held, and the reactions of those that
  // have any, by seq (message.reaction replaces them).
  std::map<protocol::message_id, protocol::seq_t> seq_of_message;
  std::map<protocol::seq_t, std::vector<protocol::reaction>> reactions;
  // Threads by root message id: what the server said, raised by each reply
  // held after it (a reply at or below last_reply_seq was counted already).
  std::map<protocol::message_id, protocol::thread_info> threads;
  bool encrypted = false;  // end-to-end encrypted (the lock mark); never turned off
};

class chat_model {
 public:
  struct effect {
    bool bell = false;    // a message for another conversation, or one that mentions me: ring
    bool reload = false;  // an unknown conversation: list them again
  };

  void set_me(std::string username, protocol::user_id id = 0) {
    me_ = std::move(username);
    my_id_ = id;
  }
  const std::string& me() const { return me_; }

  // The server's list; lines already held stay, the selection follows its id.
  void load(const std::vector<protocol::conversation>& list);
  effect apply(const protocol::event& e);
  // A page of history (any direction); `has_more` from a page before
  // oldest_seq (or the first page) says whether older ones remain.
  void add_history(protocol::conversation_id id, const std::vector<protocol::log_event>& events);
  // A line waiting for its acknowledgement, in conversation `c`.
  void add_pending(chat_conversation& c, chat_line line);
  void drop_pending(const std::string& client_msg_id);
  // A held line's text changes (an encrypted message that opened late).
  void replace_text(protocol::conversation_id id, protocol::seq_t seq, std::string text);
  // ... and its attachments (an encrypted message's files, known once it opens).
  void replace_attachments(protocol::conversation_id id, protocol::seq_t seq, std::vector<protocol::media> attachments);
  // Opens (or selects) the direct chat with `username`, as a draft if new.
  void open_direct(const std::string& username);
  // A line from natter itself (command results, errors), for the notes line:
  // it stays until the next one, whatever conversation is shown.
  void note(std::string text);
  const std::string& last_note() const { return last_note_; }

  const std::vector<chat_conversation>& conversations() const { return conversations_; }
  chat_conversation* current();
  // The conversation with this id, or (id 0: a draft when it was chosen)
  // this label.
  chat_conversation* find_target(protocol::conversation_id id, const std::string& label);
  // The attachments of a conversation as the screen numbers them (#1 the
  // first shown): stored lines by seq, then lines waiting to be sent.
  static std::vector<protocol::media> shown_attachments(const chat_conversation& c);
  std::optional<std::size_t> selected() const { return selected_; }
  void select(std::size_t index);
  void select_next(int step);
  bool select_label(const std::string& label);
  // A room or group by what the user calls it: "#room", "room", the group's
  // name (its label).
  chat_conversation* find_room_or_group(const std::string& name);
  // The newest message held in c (not a note, not deleted): what /react
  // reacts to.
  static std::optional<protocol::message_id> latest_message(const chat_conversation& c);
  // Where /thread answers: the thread of the newest message held in c (its
  // own, or the one it is a reply in).
  static std::optional<protocol::message_id> latest_thread(const chat_conversation& c);
  // "online", "away", ... for a direct chat's other person; empty otherwise.
  std::string presence_of(const chat_conversation& c) const;
  // What a presence event last said of `username` ("online", "away",
  // "busy", "offline"); "offline" when none came (offline, or not shared).
  std::string status_of(const std::string& username) const;
  // The status mark of one of my lines: "…", "✓", "✓✓", "✓✓ seen".
  static std::string mark(const chat_conversation& c, const chat_line& line);
  // Display names, by user id: learned from profiles (chat_app asks for the
  // senders of a conversation it opens) and kept current by user.updated.
  void set_display_name(protocol::user_id id, std::string name) { display_names_[id] = std::move(name); }
  bool knows_display_name(protocol::user_id id) const { return display_names_.contains(id); }
  // How a line's sender is shown: their display name when they have one,
  // else their username (which /whois shows beside it).
  const std::string& shown_name(const chat_line& line) const;

 private:
  chat_conversation* find(protocol::conversation_id id);
  void add_line(chat_conversation& c, const protocol::message& m);
  static void count_thread(chat_conversation& c, const protocol::message& m);
  static void add_membership(chat_conversation& c, const protocol::member_joined_event& e);
  static void add_membership(chat_conversation& c, const protocol::member_left_event& e);
  static void set_reactions(chat_conversation& c, protocol::message_id id, std::vector<protocol::reaction> r);
  static void add_pin(chat_conversation& c, const protocol::message_pinned_event& e);
  effect on_message(const protocol::message& m);
  static void mark_deleted(chat_conversation& c, protocol::message_id id);
  bool mentions_me(const protocol::message& m) const;
  bool is_mine(const protocol::message& m) const {
    return m.sender_id && my_id_ ? m.sender_id == my_id_ : m.sender == me_;
  }
  // Someone (the user too) has a new username: every line and label follows.
  void on_user_updated(const protocol::user_updated_event& e);
  std::map<protocol::user_id, std::string> display_names_;
  // The server's list entry, merged with what is held of it.
  chat_conversation merged(const protocol::conversation& c);

  std::string me_;
  protocol::user_id my_id_ = 0;
  std::vector<chat_conversation> conversations_;
  std::map<std::string, std::string> presence_;
  std::optional<std::size_t> selected_;
  std::string last_note_;
};

}  // namespace natter::cli
