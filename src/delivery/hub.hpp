#pragma once
// Who is connected to this node, and the fan-out of events to them.
//
// Implements core::event_sink: each event is encoded once and the same bytes
// go to every recipient session. Sessions are kept by user in shards, each
// with its own lock; fan-out copies the recipients under the lock and hands
// them the frame outside it.
//
// For many nodes (bus/), a local_users_observer learns when a user's first
// session on this node arrives and their last one leaves, and frames encoded
// elsewhere are delivered with deliver_to_conversation / deliver_to_users.

#include <array>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/event_sink.hpp"
#include "delivery/frame.hpp"
#include "delivery/session_handle.hpp"

namespace natter::delivery {

// Told of the users this node holds. Calls are made under the hub's lock of
// the user's shard, so they come in order for each user; they must not block
// and must not call back into the hub.
class local_users_observer {
 public:
  virtual ~local_users_observer() = default;
  virtual void first_session(store::user_id user) = 0;
  virtual void last_session_gone(store::user_id user) = 0;
  // Completes when events for the user reach this node (or after a bounded
  // wait); a session awaits it before reading its sync backlog, so nothing
  // committed after that read can miss it. Runs on the caller's executor.
  virtual boost::asio::awaitable<void> routes_ready(store::user_id user) = 0;
};

class hub final : public core::event_sink {
 public:
  // Set once, before any session is added. Optional.
  void set_observer(local_users_observer* observer) { observer_ = observer; }

  void add(store::user_id user, const std::shared_ptr<session_handle>& session);
  // add(), unless the user already has max_sessions live sessions here (0: no
  // cap); checked and added under one lock. Reports whether it added.
  bool try_add(store::user_id user, const std::shared_ptr<session_handle>& session, std::size_t max_sessions);
  void remove(store::user_id user, const session_handle* session);
  std::size_t session_count() const;
  // Users with at least one session here.
  std::size_t user_count() const;
  bool has_sessions(store::user_id user) const;

  // See local_users_observer::routes_ready; immediate without an observer.
  boost::asio::awaitable<void> routes_ready(store::user_id user);

  void to_conversation(store::conversation_id conversation, const core::member_list& members, store::seq_t seq,
                       const protocol::event& e) override;
  void to_users(const std::vector<store::user_id>& users, const protocol::event& e) override;
  // Closes this node's WebSockets of those sessions.
  void sessions_ended(store::user_id user, const std::vector<std::string>& families) override;
  // Every session here rechecks that its session is still open.
  void recheck_sessions();

  // The same, for a frame already encoded.
  void deliver_to_conversation(store::conversation_id conversation, const std::vector<store::user_id>& members,
                               store::seq_t seq, const frame& f);
  void deliver_to_users(const std::vector<store::user_id>& users, const frame& f);

 private:
  static constexpr std::size_t shard_count = 64;
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<store::user_id, std::vector<std::weak_ptr<session_handle>>> sessions;
  };
  shard& shard_of(store::user_id u) { return shards_[static_cast<std::size_t>(u) % shard_count]; }
  const shard& shard_of(store::user_id u) const { return shards_[static_cast<std::size_t>(u) % shard_count]; }
  template <class Deliver>
  void for_each_session(store::user_id u, std::vector<std::shared_ptr<session_handle>>& scratch,
                        const Deliver& deliver);

  std::array<shard, shard_count> shards_;
  local_users_observer* observer_ = nullptr;
};

}  // namespace natter::delivery
