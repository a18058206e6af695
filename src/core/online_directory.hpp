#pragma once
// Who is online on other nodes, for core::presence. The default knows only
// this node (one natterd alone); with --bus, bus::redis_presence_directory
// shares it through Redis.
//
// Calls come from I/O threads; the awaitables complete on the caller's
// executor and never block a thread. When the directory cannot answer (Redis
// unreachable) it answers as if this node were alone.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/records.hpp"

namespace natter::core {

class online_directory {
 public:
  virtual ~online_directory() = default;

  // u's first session on this node opened: completes with whether u already
  // had sessions on another node.
  virtual boost::asio::awaitable<bool> arrived(store::user_id u) = 0;
  // u has no session left on this node (after the grace period): completes
  // with whether u still has sessions on another node. When not, u's shared
  // chosen status is forgotten.
  virtual boost::asio::awaitable<bool> departed(store::user_id u) = 0;

  // u's chosen status (online, away, busy, invisible), shared by every node;
  // empty when none was chosen.
  virtual boost::asio::awaitable<std::string> chosen(store::user_id u) = 0;
  virtual void set_chosen(store::user_id u, const std::string& status) = 0;

  // The chosen status of those of `users` who have sessions on any node
  // (users without sessions are absent from the answer).
  virtual boost::asio::awaitable<std::unordered_map<store::user_id, std::string>> online_among(
      const std::vector<store::user_id>& users) = 0;

  // Called (from any thread) with a user who went offline because the only
  // node holding them died.
  virtual void on_gone(std::function<void(store::user_id)> handler) = 0;
};

// One node alone: nobody is online elsewhere.
class local_online_directory final : public online_directory {
 public:
  boost::asio::awaitable<bool> arrived(store::user_id) override { co_return false; }
  boost::asio::awaitable<bool> departed(store::user_id) override { co_return false; }
  boost::asio::awaitable<std::string> chosen(store::user_id) override { co_return std::string(); }
  void set_chosen(store::user_id, const std::string&) override {}
  boost::asio::awaitable<std::unordered_map<store::user_id, std::string>> online_among(
      const std::vector<store::user_id>&) override {
    co_return std::unordered_map<store::user_id, std::string>();
  }
  void on_gone(std::function<void(store::user_id)>) override {}
};

}  // namespace natter::core
