#include "common/connection_limiter.hpp"

namespace natter {

connection_limiter::ticket::ticket(ticket&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}

connection_limiter::ticket& connection_limiter::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

connection_limiter::ticket::~ticket() {
  release();
}

void connection_limiter::ticket::release() noexcept {
  if (owner_) std::exchange(owner_, nullptr)->release(address_);
}

result<connection_limiter::ticket> connection_limiter::admit(std::string address) {
  std::lock_guard lock(mutex_);
  if (caps_.total > 0 && open_ >= caps_.total) {
    error busy(errc::busy, "The server holds as many connections as it allows; retry later.");
    busy.retry_after = std::chrono::seconds(5);
    return busy;
  }
  if (!address.empty()) {
    auto& mine = by_address_[address];
    if (caps_.per_address > 0 && mine >= caps_.per_address) {
      if (mine == 0) by_address_.erase(address);
      return error(errc::too_many_connections, "Too many open connections from this address.");
    }
    ++mine;
  }
  ++open_;
  return ticket(this, std::move(address));
}

void connection_limiter::release(const std::string& address) noexcept {
  std::lock_guard lock(mutex_);
  --open_;
  if (address.empty()) return;
  auto it = by_address_.find(address);
  if (it != by_address_.end() && --it->second == 0) by_address_.erase(it);
}

std::size_t connection_limiter::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace natter
