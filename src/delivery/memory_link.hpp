#pragma once
// node_link in memory: the nodes of one process talk through a
// memory_network. For tests: N nodes in one process, and the faults a real
// link has, on demand and reproducibly.
//
// By default a publication reaches every subscribed link at once, on the
// publisher's thread. In held mode publications wait in the network until the
// test releases them (in order, shuffled by a seeded generator, or dropped);
// a link can be cut off (what is published meanwhile does not reach it) and
// reconnected (its on_reconnected runs, as after Redis came back).
// Subscriptions take effect at once, or, while delayed, only when the test
// applies them (as Redis takes a SUBSCRIBE some time later); a barrier waits
// for them.
//
// Deliveries happen under the network's lock, one at a time: handlers must
// not call back into the network (node_link's handlers never do).

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "delivery/node_link.hpp"

namespace natter::delivery {

class memory_link;

class memory_network {
 public:
  memory_network() = default;
  memory_network(const memory_network&) = delete;
  memory_network& operator=(const memory_network&) = delete;

  // A link of a new node; the network must outlive it.
  std::unique_ptr<memory_link> link();

  // Held mode: publications wait until released. Turning it off releases
  // what waits, in order.
  void hold(bool on);
  std::size_t waiting() const;
  // Delivers (or drops) what waits: all of it, in publication order or
  // shuffled; `drop_one_in` > 0 drops each with that odds.
  void release_all();
  void release_shuffled(std::mt19937_64& rng, unsigned drop_one_in = 0);
  // Publications lost so far (dropped, or sent to a link that was cut off).
  std::size_t lost() const;
  // Delayed: subscriptions wait for apply_subscriptions(), and so do the
  // barriers asked for after them.
  void delay_subscriptions(bool on) { delay_subscriptions_ = on; }
  void apply_subscriptions();

 private:
  friend class memory_link;
  struct publication {
    std::string channel;
    std::string payload;
  };
  void attach(memory_link* l);
  void detach(memory_link* l);
  void publish(publication p);
  void deliver(const publication& p);

  mutable std::mutex mutex_;
  std::vector<memory_link*> links_;
  bool held_ = false;
  std::atomic<bool> delay_subscriptions_{false};
  std::deque<publication> waiting_;
  std::size_t lost_ = 0;
};

class memory_link final : public node_link {
 public:
  explicit memory_link(memory_network& network);
  ~memory_link() override;

  void start(handlers h) override;
  void publish(const std::string& channel, std::string payload) override;
  void subscribe(const std::string& channel) override;
  void unsubscribe(const std::string& channel) override;
  void barrier(std::function<void()> done) override;
  void stop() override;

  // Cut off: nothing published reaches this node until reconnect(), which
  // then runs on_reconnected.
  void cut_off();
  void reconnect();

 private:
  friend class memory_network;
  // On the publisher's thread; false when lost (cut off).
  bool receive(const std::string& channel, const std::string& payload);
  // Delayed subscriptions take effect; returns the barriers they released.
  std::vector<std::function<void()>> apply_pending();

  memory_network& network_;
  std::mutex mutex_;
  handlers handlers_;
  std::set<std::string> channels_;
  std::set<std::string> pending_;  // delayed subscriptions
  std::vector<std::function<void()>> waiting_barriers_;
  bool cut_off_ = false;
  bool stopped_ = false;
};

}  // namespace natter::delivery
