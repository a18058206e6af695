#pragma once
// What every torture scenario shares: the scale, members with their ledger,
// a group to write into, and the end: wait until every member converged,
// read the store's history through a fresh connection, print the ledger
// line and expect every violation count to be zero.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "torture/ledger.hpp"
#include "torture/member.hpp"
#include "torture/sender.hpp"

namespace natter::torture {

// NATTER_TORTURE_SCALE: 1 (the default) is the short version that ctest runs;
// tests/torture/run.sh --long sets more. Every scenario multiplies its
// kills, cycles and message counts by it.
int torture_scale();

// How long members may take to converge once traffic stopped, times the scale.
inline constexpr std::chrono::seconds converge_patience{120};

// A deadline for anything a scenario waits for: generous, and a failure when
// it passes, never a measurement.
std::chrono::steady_clock::time_point deadline_in(std::chrono::seconds s);

// Reads the whole history of `conversations`, as `username`, through a new
// session on `port`.
store_view read_history(unsigned short port, const std::string& username,
                        const std::vector<conversation_id>& conversations);

// The members, senders and ledger of one scenario. Fixtures (one node, a
// cluster) inherit it next to their gtest base and call stop_all() in
// TearDown.
class torture_run {
 protected:
  // Registers `username` on the server at `port` and starts its member.
  member& add_member(const std::string& username, unsigned short port);
  member& get(const std::string& username);
  // `owner` creates a group with every other member in it.
  conversation_id create_group(member& owner, const std::string& name);
  // `owner` writes a marker; from it on every member must see everything,
  // and each has seen it when this returns.
  seq_t mark_start(member& owner, conversation_id conversation);
  // A group of every member (the first owns it), each started and past
  // the start marker.
  conversation_id group_of_members();
  // Waits until the fraction k / n of `total` sends is acknowledged.
  bool reached(std::int64_t total, int k, int n);
  // Starts a sender per name, `count` messages each.
  void start_senders(const std::vector<std::string>& names, send_plan plan);
  // Waits until every sender is done.
  bool senders_done(std::chrono::steady_clock::time_point deadline);
  // Waits until every member saw all of `conversation` (read as `reader` from
  // `port`), then checks the ledger, prints its line and expects it clean.
  // `converge` is how long members may take (0: check at once).
  figures finish(const std::string& scenario, unsigned short port, const std::string& reader,
                 conversation_id conversation, std::chrono::seconds converge = converge_patience);

  // Stops every sender and member.
  void stop_all();

  ledger ledger_;
  std::vector<std::unique_ptr<member>> members_;
  std::vector<std::unique_ptr<sender>> senders_;
};

// Expects the figures clean, with the first violations as the message.
void expect_clean(const figures& f, const std::string& scenario);

}  // namespace natter::torture
