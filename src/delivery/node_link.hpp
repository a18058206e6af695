#pragma once
// How nodes reach each other: publish a payload on a channel, and receive the
// payloads of the channels this node subscribed to. The relay (relay.hpp) is
// written against this interface only; bus/redis/redis_link.hpp implements it
// with Redis pub/sub, memory_link.hpp in memory (several nodes in one test
// process, with loss and reordering under the test's control).
//
// What the relay may assume of any link, and no more: payloads can be lost
// (the relay repairs from the store), and a link that lost messages it cannot
// account for calls on_reconnected afterwards. Nothing is assumed about order
// across channels.

#include <functional>
#include <string>

namespace natter::delivery {

class node_link {
 public:
  // Both run on the link's own thread; they must not block.
  struct handlers {
    std::function<void(std::string channel, std::string payload)> on_message;
    std::function<void()> on_reconnected;  // messages may have been lost meanwhile
  };

  virtual ~node_link() = default;

  // Once, before any other call.
  virtual void start(handlers h) = 0;
  // The calls below are thread-safe and never block.
  virtual void publish(const std::string& channel, std::string payload) = 0;
  virtual void subscribe(const std::string& channel) = 0;
  virtual void unsubscribe(const std::string& channel) = 0;
  // done runs once every subscribe and unsubscribe asked before it is in
  // effect: whatever is published after done runs reaches this node.
  virtual void barrier(std::function<void()> done) = 0;
  // No handler runs after stop returns.
  virtual void stop() = 0;
};

}  // namespace natter::delivery
