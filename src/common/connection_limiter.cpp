#include "common/connection_limiter.hpp"

namespace natter {

struct connection_limiter::ticket::counts {
  std::mutex mutex;
  std::size_t open = 0;
  std::unordered_map<std::string, std::size_t> by_address;

  void release(const std::string& address) noexcept {
    std::lock_guard lock(mutex);
    --open;
    if (address.empty()) return;
    auto it = by_address.find(address);
    if (it != by_address.end() && --it->second == 0) by_address.erase(it);
  }
};

connection_limiter::connection_limiter(connection_caps caps)
    : caps_(caps), counts_(std::make_shared<ticket::counts>()) {}

connection_limiter::ticket::ticket(ticket&& other) noexcept
    : owner_(std::move(other.owner_)), address_(std::move(other.address_)) {}

connection_limiter::ticket& connection_limiter::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::move(other.owner_);
    address_ = std::move(other.address_);
  }
  return *this;
}

connection_limiter::ticket::~ticket() {
  release();
}

void connection_limiter::ticket::release() noexcept {
  if (auto owner = std::move(owner_)) owner->release(address_);
}

result<connection_limiter::ticket> connection_limiter::admit(std::string address) {
  std::lock_guard lock(counts_->mutex);
  if (caps_.total > 0 && counts_->open >= caps_.total) {
    error busy(errc::busy, "The server holds as many connections as it allows; retry later.");
    busy.retry_after = std::chrono::seconds(5);
    return busy;
  }
  if (!address.empty()) {
    auto& mine = counts_->by_address[address];
    if (caps_.per_address > 0 && mine >= caps_.per_address) {
      if (mine == 0) counts_->by_address.erase(address);
      return error(errc::too_many_connections, "Too many open connections from this address.");
    }
    ++mine;
  }
  ++counts_->open;
  return ticket(counts_, std::move(address));
}

std::size_t connection_limiter::open() const {
  std::lock_guard lock(counts_->mutex);
  return counts_->open;
}

}  // namespace natter
