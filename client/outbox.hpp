#pragma once
// Sends the server has not acknowledged yet, in the order they were made.
// Every entry keeps its client_msg_id for life, so sending it again after a
// reconnect is idempotent: the server answers a repeated client_msg_id with
// the first acknowledgement and never stores a second message.
// Not thread-safe; the session uses it from its own thread only.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "client/outcome.hpp"
#include "protocol/frames.hpp"

namespace natter::client {

class outbox {
 public:
  using completion = std::function<void(outcome<protocol::message>)>;

  // Past this many unacknowledged sends, add() refuses (OUTBOX_FULL): a
  // client that cannot reach the server must not grow without bound.
  static constexpr std::size_t default_limit = 512;

  // client_msg_ids are `id_prefix` plus a counter. The server dedupes on
  // (sender, client_msg_id) forever, so the default prefix is random: two
  // runs of a program must never reuse an id.
  explicit outbox(std::size_t limit = default_limit, std::string id_prefix = {});

  // Queues a send. Gives it a fresh client_msg_id unless it has one. Returns
  // the request as queued (with its client_msg_id), or nothing when the
  // outbox is full (`done` is then not kept).
  std::optional<protocol::send_request> add(protocol::send_request request, completion done);

  // Removes the entry and hands back its completion (nothing if unknown,
  // e.g. a second reply for the same send).
  std::optional<completion> take(const std::string& client_msg_id);

  // Every unacknowledged send, oldest first: what to send after a reconnect.
  std::vector<protocol::send_request> pending() const;

  // Fails every entry (when the session stops for good).
  void fail_all(const failure& why);

  std::size_t size() const { return entries_.size(); }

 private:
  struct entry {
    protocol::send_request request;
    completion done;
  };
  std::size_t limit_;
  std::string id_prefix_;
  std::uint64_t next_id_ = 0;
  std::deque<entry> entries_;
};

}  // namespace natter::client
