#pragma once
// Who is connected to this node, and the fan-out of events to them.
//
// Implements core::event_sink: each event is encoded once and the same bytes
// go to every recipient session. Sessions are kept by user in shards, each
// with its own lock; fan-out copies the recipients under the lock and hands
// them the frame outside it.

#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/event_sink.hpp"
#include "realtime/session_handle.hpp"

namespace natter::realtime {

class hub final : public core::event_sink {
 public:
  void add(store::user_id user, const std::shared_ptr<session_handle>& session);
  void remove(store::user_id user, const session_handle* session);
  std::size_t session_count() const;

  void to_conversation(store::conversation_id conversation, const core::member_list& members, store::seq_t seq,
                       const protocol::event& e) override;
  void to_users(const std::vector<store::user_id>& users, const protocol::event& e) override;

 private:
  static constexpr std::size_t shard_count = 64;
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<store::user_id, std::vector<std::weak_ptr<session_handle>>> sessions;
  };
  shard& shard_of(store::user_id u) { return shards_[static_cast<std::size_t>(u) % shard_count]; }
  template <class Deliver>
  void for_each_session(store::user_id u, std::vector<std::shared_ptr<session_handle>>& scratch,
                        const Deliver& deliver);

  std::array<shard, shard_count> shards_;
};

}  // namespace natter::realtime
