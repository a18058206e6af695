#include "bus/redis/redis_link.hpp"

#include <spdlog/spdlog.h>

namespace natter::bus {

redis_link::redis_link(redis_endpoint where, metrics::registry& metrics)
    : where_(std::move(where)), commands_(where_, metrics) {
  spdlog::info("bus: redis {}:{}", where_.host, where_.port);
}

redis_link::~redis_link() {
  stop();
}

void redis_link::start(handlers h) {
  subscriber_.emplace(where_, std::move(h.on_message), std::move(h.on_reconnected));
}

void redis_link::publish(const std::string& channel, std::string payload) {
  commands_.publish(channel, std::move(payload));
}

void redis_link::subscribe(const std::string& channel) {
  subscriber_->subscribe(channel);
}

void redis_link::unsubscribe(const std::string& channel) {
  subscriber_->unsubscribe(channel);
}

void redis_link::barrier(std::function<void()> done) {
  subscriber_->barrier(std::move(done));
}

void redis_link::stop() {
  if (subscriber_) subscriber_->stop();
  commands_.stop();
}

}  // namespace natter::bus
