// Randomized schedules, seeded and reproducible: sends, joins, leaves,
// disconnects, clients moving between nodes, publications held back,
// reordered and lost, nodes cut off from the others and restarted, all
// interleaved; then the ledger over every client must be clean.
//
//   NATTER_DELIVERY_SEED=<n>       runs that one schedule (as printed by a failure)
//   NATTER_DELIVERY_SCHEDULES=<n>  how many schedules (default 4) from seed 1

#include <cstdlib>
#include <iostream>
#include <random>

#include "scenario.hpp"

namespace natter::delivery::testing {
namespace {

constexpr int nodes = 3;
constexpr int steps = 120;

class schedule {
 public:
  explicit schedule(std::uint64_t seed) : rng_(seed), s_(nodes) {
    for (int i = 0; i < 6; ++i) {
      names_.push_back("u" + std::to_string(i));
      s_.user(names_.back(), static_cast<std::size_t>(i % nodes));
    }
    group_ = s_.group("u0", {names_.begin() + 1, names_.end()});
    room_ = s_.room("u0", "square");
    for (const auto& n : names_) s_.connect(n);
  }

  void run() {
    for (int i = 0; i < steps; ++i) step();
    finish();
  }

 private:
  const std::string& anyone() { return names_[pick(names_.size())]; }
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

  void step() {
    const auto roll = pick(100);
    const auto& who = anyone();
    if (roll < 40) {
      send_burst(who);
    } else if (roll < 50) {
      if (who != "u0" && !in_room_.contains(who)) {
        s_.join_room(who, "square");
        in_room_.insert(who);
      }
    } else if (roll < 58) {
      leave(who);
    } else if (roll < 70) {
      s_.connect(who);
    } else if (roll < 75) {
      s_.move(who, pick(nodes));
      if (pick(2) == 0) s_.connect(who);
    } else if (roll < 83) {
      network_fault();
    } else if (roll < 88) {
      auto& link = s_.nodes().at(pick(nodes)).link();
      pick(2) == 0 ? link.cut_off() : link.reconnect();
    } else if (roll < 91) {
      s_.restart(pick(nodes));
    } else {
      s_.disconnect(who);
    }
  }

  void send_burst(const std::string& who) {
    const bool to_room = pick(3) == 0;
    if (to_room && who != "u0" && !in_room_.contains(who)) return;
    const auto count = 1 + pick(8);
    for (std::size_t i = 0; i < count; ++i) sends_.push_back(s_.send(who, to_room ? room_ : group_, "hello"));
  }

  // Only while connected, and the leaver's client receives everything up to
  // its leave before anything else happens (a client that leaves while
  // offline never learns the end of what it was part of: not delivery's
  // promise to keep).
  void leave(const std::string& who) {
    if (!in_room_.contains(who) || !s_.connected(who)) return;
    s_.nodes().network().hold(false);
    for (std::size_t i = 0; i < nodes; ++i) s_.nodes().at(i).link().reconnect();
    s_.leave_room(who, "square");
    in_room_.erase(who);
    EXPECT_TRUE(s_.converge_user(who, room_)) << who << " never got the end of their membership";
  }

  void network_fault() {
    auto& net = s_.nodes().network();
    if (net.waiting() == 0) {
      net.hold(true);
      return;
    }
    net.release_shuffled(rng_, pick(2) == 0 ? 0 : 5);
    net.hold(false);
  }

  void finish() {
    for (auto& f : sends_) {
      try {
        f.get();
      } catch (const std::future_error&) {
        // its node was restarted before it answered: the store decides
      }
    }
    auto& net = s_.nodes().network();
    net.hold(false);
    for (std::size_t i = 0; i < nodes; ++i) s_.nodes().at(i).link().reconnect();
    for (const auto& n : names_) {
      if (!s_.connected(n)) s_.connect(n);
    }
    // After losses, the next event of each conversation shows the gap.
    ASSERT_TRUE(s_.send("u0", group_, "last").get());
    ASSERT_TRUE(s_.send("u0", room_, "last").get());
    s_.expect_clean({group_, room_}, "schedule");
  }

  std::mt19937_64 rng_;
  scenario s_;
  std::vector<std::string> names_;
  std::set<std::string> in_room_;
  conversation_id group_ = 0;
  conversation_id room_ = 0;
  std::vector<std::future<bool>> sends_;
};

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}

TEST(delivery_schedule, randomized_schedules_keep_the_promise) {
  std::vector<std::uint64_t> seeds;
  if (auto one = env_or("NATTER_DELIVERY_SEED", 0)) {
    seeds.push_back(one);
  } else {
    for (std::uint64_t i = 1; i <= env_or("NATTER_DELIVERY_SCHEDULES", 4); ++i) seeds.push_back(i);
  }
  for (auto seed : seeds) {
    SCOPED_TRACE("NATTER_DELIVERY_SEED=" + std::to_string(seed));
    std::cout << "schedule seed " << seed << std::endl;
    schedule(seed).run();
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace natter::delivery::testing
