#pragma once
// A test's cast: users on nodes of an in-process cluster, each with a client
// view, and the steps tests take with them.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cluster.hpp"
#include "ledger.hpp"
#include "probe.hpp"

namespace natter::delivery::testing {

class scenario {
 public:
  explicit scenario(int nodes) : cluster_(nodes) {}

  cluster& nodes() { return cluster_; }

  // A user whose client connects to node `at` (not yet connected).
  core::caller user(const std::string& name, std::size_t at);
  core::caller who(const std::string& name) const { return people_.at(name).who; }
  std::size_t node_of(const std::string& name) const { return people_.at(name).at; }
  bool connected(const std::string& name) const { return people_.at(name).session != nullptr; }

  // Connects (joins the hub and syncs); reconnects if connected.
  void connect(const std::string& name);
  void disconnect(const std::string& name);
  // The client moves to another node (disconnects first).
  void move(const std::string& name, std::size_t to);
  // Restarts node i; its users' clients disconnect (and stay so).
  void restart(std::size_t i);

  // A group of `owner` with the others (all befriended first).
  conversation_id group(const std::string& owner, const std::vector<std::string>& others);
  conversation_id room(const std::string& owner, const std::string& name);
  void join_room(const std::string& name, const std::string& room);
  void leave_room(const std::string& name, const std::string& room);

  // Sends without waiting; the future holds whether it was acknowledged.
  std::future<bool> send(const std::string& name, conversation_id c, const std::string& text);
  // Sends n, at most `window` unacknowledged at once; true when all were.
  bool send_many(const std::string& name, conversation_id c, int n, int window = 8);

  // Waits (at most `patience`) until every connected client holds its
  // conversations' logs to the end of its membership; false if not.
  bool converge(const std::vector<conversation_id>& conversations,
                std::chrono::seconds patience = std::chrono::seconds(60));
  // The same for one user, connected or not.
  bool converge_user(const std::string& name, conversation_id c,
                     std::chrono::seconds patience = std::chrono::seconds(60));
  // The ledger over every user and these conversations.
  figures check(const std::vector<conversation_id>& conversations);
  // converge + check, with the figures printed and asserted clean.
  void expect_clean(const std::vector<conversation_id>& conversations, const std::string& what);

 private:
  struct person {
    core::caller who;
    std::size_t at = 0;
    std::unique_ptr<client_view> view = std::make_unique<client_view>();
    std::shared_ptr<probe> session;
    int sent = 0;
  };
  core::chats& chats_of(const std::string& name) { return cluster_.at(node_of(name)).chats(); }
  core::conversations& conversations_of(const std::string& name) { return cluster_.at(node_of(name)).conversations(); }

  cluster cluster_;
  std::map<std::string, person> people_;
};

}  // namespace natter::delivery::testing
