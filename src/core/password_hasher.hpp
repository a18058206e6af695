#pragma once
// Argon2id password hashing (libsodium) on a small bounded pool: each hash costs
// tens of MiB and tens of ms, so unbounded concurrency would be a memory attack.
// A request made while max_queued are already waiting completes at once with
// errc::busy.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <string>

#include "common/result.hpp"

namespace natter::core {

struct argon2_cost {
  unsigned long long opslimit = 2;           // t; OWASP minimum with m = 19 MiB
  std::size_t memlimit = 19u * 1024 * 1024;  // bytes
};

class password_hasher {
 public:
  password_hasher(argon2_cost cost, int threads, std::size_t max_queued);
  ~password_hasher();

  // The encoded Argon2id hash ($argon2id$v=19$...). Completes on the caller's executor.
  boost::asio::awaitable<result<std::string>> hash(std::string password);

  // True when password matches encoded. Malformed encodings are simply false.
  boost::asio::awaitable<result<bool>> verify(std::string encoded, std::string password);

  // Spends the same work as verify() against a fixed hash and returns false:
  // used when the login names no account, so both answers take similar time.
  boost::asio::awaitable<result<bool>> verify_nobody(std::string password);

  // Waits for running hashes and stops the threads.
  void stop();

  // For the metrics: hashes waiting or running, and those refused with BUSY.
  std::size_t queued() const noexcept { return queued_.load(std::memory_order_relaxed); }
  std::uint64_t refused() const noexcept { return refused_.load(std::memory_order_relaxed); }

 private:
  argon2_cost cost_;
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::uint64_t> refused_{0};
  boost::asio::thread_pool pool_;
  std::string nobody_hash_;
};

}  // namespace natter::core
