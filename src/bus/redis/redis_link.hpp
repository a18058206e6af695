#pragma once
// node_link over Redis pub/sub (--bus redis://...): publishes on
// redis_commands' thread, listens on redis_subscriber's. After losing Redis
// the subscriber subscribes again and on_reconnected runs.

#include <memory>
#include <optional>

#include "bus/redis/redis_commands.hpp"
#include "bus/redis/redis_subscriber.hpp"
#include "delivery/node_link.hpp"

namespace natter::bus {

class redis_link final : public delivery::node_link {
 public:
  // Connects in the background.
  redis_link(redis_endpoint where, metrics::registry& metrics);
  ~redis_link() override;

  void start(handlers h) override;
  void publish(const std::string& channel, std::string payload) override;
  void subscribe(const std::string& channel) override;
  void unsubscribe(const std::string& channel) override;
  void barrier(std::function<void()> done) override;
  void stop() override;

  // The publisher thread, shared with the presence directory.
  redis_commands& commands() { return commands_; }

 private:
  redis_endpoint where_;
  redis_commands commands_;
  std::optional<redis_subscriber> subscriber_;  // from start() on
};

}  // namespace natter::bus
