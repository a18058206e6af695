#pragma once
// The ledger of a torture scenario: every send (client_msg_id, conversation),
// every acknowledgement (message id, seq), and every conversation event each
// member's application saw, in the order it saw them. At the end, once
// traffic has stopped, check() compares all of it with the store's history
// and counts each kind of violation of the delivery promise.
// Thread-safe: sessions record from their own threads.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/frames.hpp"
#include "protocol/log_events.hpp"

namespace natter::torture {

using protocol::as_log_event;
using protocol::conversation_id;
using protocol::conversation_of;
using protocol::seq_of;
using protocol::seq_t;

// What one conversation entry is, in a form that compares equal for the same
// entry whether it came live, in a sync or from history.
std::string fingerprint_of(const protocol::log_event& e);

// One stored entry, as history returned it.
struct stored_entry {
  std::string fingerprint;
  std::string sender;
  std::string client_msg_id;  // empty for anything but a message
  protocol::message_id id = 0;
};
// conversation -> seq -> entry: the store's history, read after the traffic.
using store_view = std::map<conversation_id, std::map<seq_t, stored_entry>>;

void add_to_view(store_view& view, const protocol::log_event& e);

struct figures {
  std::int64_t acked = 0;            // sends the server acknowledged
  std::int64_t lost = 0;             // acknowledged but not stored, or stored but never seen by a member
  std::int64_t dup = 0;              // an entry a member saw twice, or one send stored twice
  std::int64_t gaps = 0;             // a member saw seq n + k (k > 1) right after n
  std::int64_t inversions = 0;       // a member saw seq n after a later one
  std::int64_t phantoms = 0;         // a member saw (or was acknowledged) something history does not hold
  std::vector<std::string> details;  // the first violations, for the failure message

  // "torture NAME: acked=600 lost=0 dup=0 gaps=0 inversions=0 phantoms=0"
  std::string line(std::string_view scenario) const;
  bool clean() const { return lost == 0 && dup == 0 && gaps == 0 && inversions == 0 && phantoms == 0; }
};

class ledger {
 public:
  void sent(const std::string& client_msg_id, conversation_id conversation);
  void acknowledged(const protocol::message& m);
  // A send the server refused (it will be tried again with the same id).
  void refused(const std::string& client_msg_id, const std::string& code);
  void received(const std::string& member, const protocol::log_event& e);
  // From `first` on, `member` must see every entry of `conversation`.
  void expect_from(const std::string& member, conversation_id conversation, seq_t first);

  // The last seq `member` saw per conversation: where its next session resumes.
  std::map<conversation_id, seq_t> resume_point(const std::string& member) const;
  std::int64_t acked_count() const;
  std::int64_t refused_count() const;
  // Refusals by error code.
  std::map<std::string, std::int64_t> refusals() const;
  std::int64_t received_count(const std::string& member) const;
  std::set<std::string> acked_ids() const;
  // Every acknowledgement (the first one of each send).
  std::vector<protocol::message> acks() const;
  // Waits until every expected member has seen `conversation` up to `seq`.
  bool wait_until_seen(conversation_id conversation, seq_t seq, std::chrono::steady_clock::time_point deadline) const;
  // Waits until `member` has seen `seq` of `conversation`.
  bool wait_until_seen_by(const std::string& member, conversation_id conversation, seq_t seq,
                          std::chrono::steady_clock::time_point deadline) const;
  // Waits until at least `count` sends are acknowledged.
  bool wait_until_acked(std::int64_t count, std::chrono::steady_clock::time_point deadline) const;

  figures check(const store_view& history) const;

 private:
  struct send_record {
    conversation_id conversation = 0;
    std::optional<protocol::message> ack;
    int conflicting_acks = 0;  // a resend acknowledged as another message
  };
  struct seen {
    seq_t seq = 0;
    std::string fingerprint;
  };
  struct member_view {
    std::map<conversation_id, std::vector<seen>> events;  // in arrival order
    std::map<conversation_id, seq_t> last;
    std::map<conversation_id, seq_t> expected_from;
    std::int64_t count = 0;
  };

  void check_sends(const store_view& history, figures& f) const;
  void check_member(const std::string& name, const member_view& m, const store_view& history, figures& f) const;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<std::string, send_record> sends_;
  std::map<std::string, member_view> members_;
  std::int64_t acked_ = 0;
  std::int64_t refused_ = 0;
  std::map<std::string, std::int64_t> refusals_;
};

}  // namespace natter::torture
