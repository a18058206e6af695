#pragma once
// The size bound of the replies that carry conversation logs (sync, history):
// whatever the backlog, such a reply is at most max_reply_bytes on the wire,
// and has_more says to ask for the rest. The server builds these replies
// piece by piece with a reply_budget, so a far-behind client costs it one
// bounded page at a time.

#include <cstddef>

#include "protocol/frames.hpp"

namespace natter::protocol {

// A whole sync or history reply frame, at most.
inline constexpr std::size_t max_reply_bytes = std::size_t{256} * 1024;
// Room kept for what surrounds the pieces: "re" (a request id of at most 64
// characters, escaped), "ok", the member names, brackets and has_more.
inline constexpr std::size_t reply_envelope_bytes = 1024;
// Of a sync reply, the presence list may take at most this much (the first
// page only); the conversations get the rest.
inline constexpr std::size_t max_sync_presence_bytes = std::size_t{32} * 1024;

// What is left of a reply's size while it is filled. Each piece is measured
// exactly as it is encoded in the reply, plus the comma before it, so pieces
// taken from a budget of n bytes add at most n bytes to the reply.
class reply_budget {
 public:
  explicit reply_budget(std::size_t bytes) : left_(bytes) {}

  // Each takes the piece's room and returns true when it fits; otherwise
  // takes nothing and returns false.
  bool take(const log_event& e);
  bool take(const receipt_event& r);
  bool take(const presence_event& p);
  bool take(const pinned_message& p);
  // A conversation entry of a sync reply, without its events (which are
  // taken one by one), as if it had has_more false (the longer form).
  bool take_entry(const sync_conversation& c);

  std::size_t left() const { return left_; }

 private:
  bool take_bytes(std::size_t n);

  std::size_t left_;
};

}  // namespace natter::protocol
