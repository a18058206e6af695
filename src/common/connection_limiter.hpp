#pragma once
// Caps on open connections: in total, and per remote address. Thread-safe.
// A connection holds a ticket from admit() for as long as it is open (HTTP,
// then the WebSocket it may become); dropping the ticket frees its place.
// Memory is bounded by the number of open connections.

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/result.hpp"

namespace natter {

struct connection_caps {
  std::size_t total = 0;        // 0: no cap
  std::size_t per_address = 0;  // 0: no cap
};

class connection_limiter {
 public:
  class ticket {
   public:
    ticket() = default;
    ticket(ticket&& other) noexcept;
    ticket& operator=(ticket&& other) noexcept;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();

   private:
    friend class connection_limiter;
    ticket(connection_limiter* owner, std::string address) : owner_(owner), address_(std::move(address)) {}
    void release() noexcept;
    connection_limiter* owner_ = nullptr;
    std::string address_;
  };

  explicit connection_limiter(connection_caps caps) : caps_(caps) {}

  // A place for one more connection from address (empty: not subject to the
  // per-address cap, e.g. a trusted proxy). Errors: busy (the total cap is
  // reached), too_many_connections (this address's cap is reached).
  // The limiter must outlive every ticket.
  result<ticket> admit(std::string address);

  std::size_t open() const;
  const connection_caps& caps() const { return caps_; }

 private:
  void release(const std::string& address) noexcept;

  const connection_caps caps_;
  mutable std::mutex mutex_;
  std::size_t open_ = 0;
  std::unordered_map<std::string, std::size_t> by_address_;
};

}  // namespace natter
