#pragma once
// Who is online on which node, shared through Redis (core::online_directory
// with --bus).
//
// Keys, under the bus prefix P:
//   P:node:<node>        "alive", expires after heartbeat_ttl; refreshed every
//                        heartbeat_period by the node itself
//   P:nodes              the set of nodes that announced themselves
//   P:online:<user>      the set of nodes where the user has sessions
//   P:node_users:<node>  the set of users with sessions on the node
//   P:status:<user>      the status the user chose (while online anywhere)
//
// A node adds itself to P:online:<user> for a user's first local session and
// removes itself when the user's last local session is gone (after the
// offline grace); a user is online while the set is not empty. Each check is
// one Lua script, so two nodes never both think they were first or last.
//
// When Redis comes back empty (restarted without persistence), the next
// heartbeat finds its key gone and the node announces its users again.
//
// A node that dies stops its heartbeat. Every heartbeat_period each node
// looks for announced nodes whose P:node key has expired; the first to claim
// one (SET NX) removes the dead node from its users' sets and reports those
// left with no node as gone, so they go offline. A dead node's users are thus
// offline at most heartbeat_ttl + heartbeat_period (8 s by default) after
// its last heartbeat, plus the time to tell their audience.
//
// All Redis traffic goes through redis_commands' thread; nothing here blocks.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "bus/redis/redis_commands.hpp"
#include "core/online_directory.hpp"

namespace natter::bus {

struct presence_directory_options {
  std::string node_id;
  std::string prefix = "natter";
  std::chrono::milliseconds heartbeat_period{2000};
  std::chrono::milliseconds heartbeat_ttl{6000};
};

class redis_presence_directory final : public core::online_directory {
 public:
  redis_presence_directory(redis_commands& commands, presence_directory_options options,
                           boost::asio::any_io_executor io);
  ~redis_presence_directory() override;

  // Starts the heartbeat (and clears what a previous life of this node id left).
  void start();
  void stop();

  boost::asio::awaitable<bool> arrived(store::user_id u) override;
  boost::asio::awaitable<bool> departed(store::user_id u) override;
  boost::asio::awaitable<std::string> chosen(store::user_id u) override;
  void set_chosen(store::user_id u, const std::string& status) override;
  boost::asio::awaitable<std::unordered_map<store::user_id, std::string>> online_among(
      const std::vector<store::user_id>& users) override;
  void on_gone(std::function<void(store::user_id)> handler) override;

 private:
  boost::asio::awaitable<std::optional<command_reply>> run(std::vector<std::string> argv);
  boost::asio::awaitable<void> heartbeat();
  boost::asio::awaitable<void> reap(const std::string& node);
  boost::asio::awaitable<void> announce_again();
  std::string key(const std::string& kind, const std::string& id) const;

  redis_commands& commands_;
  presence_directory_options options_;
  boost::asio::any_io_executor io_;
  std::shared_ptr<boost::asio::steady_timer> timer_;
  std::function<void(store::user_id)> on_gone_;
  std::mutex mutex_;
  std::unordered_set<store::user_id> here_;  // users this node announced, to announce again after Redis lost them
};

}  // namespace natter::bus
