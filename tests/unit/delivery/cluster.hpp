#pragma once
// Nodes of one cluster in one test process: each with its own I/O thread,
// database connection (writer and readers on one shared SQLite file, as
// nodes share PostgreSQL), hub, relay and services, linked by a
// memory_network the test controls. No sockets, no Redis.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "common/metrics.hpp"
#include "core/chats.hpp"
#include "core/conversations.hpp"
#include "core/membership_cache.hpp"
#include "core/session_guard.hpp"
#include "delivery/hub.hpp"
#include "delivery/memory_link.hpp"
#include "delivery/relay.hpp"
#include "store/database.hpp"

namespace natter::delivery::testing {

// One node. Destroying it is a crash as seen from the others: its sessions
// are gone, what it had not published never will be.
class node {
 public:
  node(memory_network& network, const std::filesystem::path& db_file, std::string id, const clock& clock);
  ~node();

  const std::string& id() const { return id_; }
  boost::asio::io_context& io() { return io_; }
  store::database& db() { return *db_; }
  hub& sessions() { return hub_; }
  memory_link& link() { return *link_; }
  core::chats& chats() { return *chats_; }
  core::conversations& conversations() { return *conversations_; }

 private:
  std::string id_;
  boost::asio::io_context io_;
  metrics::registry metrics_;
  std::unique_ptr<store::database> db_;
  core::membership_cache members_;
  std::unique_ptr<core::session_guard> guard_;
  hub hub_;
  std::unique_ptr<memory_link> link_;
  std::unique_ptr<relay> relay_;
  std::unique_ptr<core::chats> chats_;
  std::unique_ptr<core::conversations> conversations_;
  std::thread thread_;  // last: runs io_ until the destructor stops it
};

class cluster {
 public:
  // A new database file in a temporary directory, and `nodes` nodes on it.
  explicit cluster(int nodes);
  ~cluster();

  node& at(std::size_t i) { return *nodes_.at(i); }
  std::size_t size() const { return nodes_.size(); }
  memory_network& network() { return network_; }
  // Kills node i (as kill -9 would, for everything that was not committed)
  // and starts a new one in its place.
  void restart(std::size_t i);

  // A user (written straight to the store).
  core::caller add_user(const std::string& name);
  // Makes everyone in `people` a contact of everyone else (so groups take
  // them in at once).
  void befriend(const std::vector<core::caller>& people);

  // The whole log of c, read from the store: seq -> fingerprint.
  std::map<seq_t, std::string> log_of(conversation_id c);

 private:
  std::filesystem::path dir_;
  memory_network network_;
  manual_clock clock_;
  std::vector<std::unique_ptr<node>> nodes_;
  int restarts_ = 0;
};

// What identifies a log entry, whether it came live, in a sync or from the
// store: its kind and what it is about (never its text, which edits change).
std::string fingerprint_of(const protocol::log_event& e);

// Runs an awaitable on `io` and waits for it, from the test's thread.
template <class T>
T run_on(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  return boost::asio::co_spawn(io, std::move(task), boost::asio::use_future).get();
}

}  // namespace natter::delivery::testing
