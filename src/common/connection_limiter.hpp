#pragma once
// Caps on open connections: in total, and per remote address. Thread-safe.
// A connection holds a ticket from admit() for as long as it is open (HTTP,
// then the WebSocket it may become); dropping the ticket frees its place.
// Memory is bounded by the number of open connections.

#include <cstddef>
#include <memory>
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
    struct counts;
    ticket(std::shared_ptr<counts> owner, std::string address)
        : owner_(std::move(owner)), address_(std::move(address)) {}
    void release() noexcept;
    std::shared_ptr<counts> owner_;
    std::string address_;
  };

  explicit connection_limiter(connection_caps caps);

  // A place for one more connection from address (empty: not subject to the
  // per-address cap, e.g. a trusted proxy). Errors: busy (the total cap is
  // reached), too_many_connections (this address's cap is reached).
  // A ticket may outlive the limiter (a connection's coroutine frame is
  // destroyed with the io_context, after the server): they share the counts.
  result<ticket> admit(std::string address);

  std::size_t open() const;
  const connection_caps& caps() const { return caps_; }

 private:
  const connection_caps caps_;
  std::shared_ptr<ticket::counts> counts_;
};

}  // namespace natter
