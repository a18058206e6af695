#include "core/password_hasher.hpp"

#include <sodium.h>

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <utility>

#include "core/secrets.hpp"

namespace natter::core {
namespace {

namespace asio = boost::asio;

// Zeroes every byte the string's buffer may hold, not just the current
// contents: a moved-from short string keeps its old characters past size().
void wipe(std::string& s) {
  s.resize(s.capacity());  // within capacity: no reallocation, nothing left behind
  sodium_memzero(s.data(), s.size());
  s.clear();
}

class wipe_on_exit {
 public:
  explicit wipe_on_exit(std::string& s) noexcept : s_(s) {}
  wipe_on_exit(const wipe_on_exit&) = delete;
  wipe_on_exit& operator=(const wipe_on_exit&) = delete;
  ~wipe_on_exit() { wipe(s_); }

 private:
  std::string& s_;
};

// Holds one slot of the bounded queue for as long as the caller's coroutine
// waits, so the slot is given back on the caller's executor (or when its frame
// is destroyed), never earlier from a pool thread.
class queue_slot {
 public:
  explicit queue_slot(std::atomic<std::size_t>& queued) noexcept : queued_(queued) {}
  queue_slot(const queue_slot&) = delete;
  queue_slot& operator=(const queue_slot&) = delete;
  ~queue_slot() { queued_.fetch_sub(1); }

 private:
  std::atomic<std::size_t>& queued_;
};

// Takes a slot when fewer than max are in use.
bool try_take_slot(std::atomic<std::size_t>& queued, std::size_t max) noexcept {
  std::size_t current = queued.load();
  do {
    if (current >= max) return false;
  } while (!queued.compare_exchange_weak(current, current + 1));
  return true;
}

result<std::string> hash_now(std::string& password, const argon2_cost& cost) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  // Fails only when the memory limit cannot be allocated.
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return error(errc::internal, "password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool verify_now(const std::string& encoded, const std::string& password) noexcept {
  // libsodium reads at most crypto_pwhash_STRBYTES from encoded, NUL included.
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

// These run on the pool. They own their copy of the password and wipe it.
asio::awaitable<result<std::string>> hash_on_pool(std::string password, argon2_cost cost) {
  const wipe_on_exit guard(password);
  co_return hash_now(password, cost);
}

asio::awaitable<result<bool>> verify_on_pool(std::string encoded, std::string password) {
  const wipe_on_exit guard(password);
  co_return result<bool>(verify_now(encoded, password));
}

// Checked in the initialiser list, before the pool is built with the count.
std::size_t checked_thread_count(int threads) {
  if (threads < 1) throw std::invalid_argument("password hasher needs at least one thread");
  return static_cast<std::size_t>(threads);
}

}  // namespace

password_hasher::password_hasher(argon2_cost cost, int threads, std::size_t max_queued)
    : cost_(cost), max_queued_(max_queued), pool_(checked_thread_count(threads)) {
  if (max_queued_ == 0) throw std::invalid_argument("password hasher max_queued must be at least 1");
  init_crypto();
  std::string decoy = random_token(16);
  const wipe_on_exit guard(decoy);
  auto encoded = hash_now(decoy, cost_);
  if (!encoded) throw std::runtime_error("password hasher: cannot hash with the configured cost");
  nobody_hash_ = std::move(encoded).value();
}

password_hasher::~password_hasher() {
  stop();
}

asio::awaitable<result<std::string>> password_hasher::hash(std::string password) {
  const wipe_on_exit guard(password);
  if (!try_take_slot(queued_, max_queued_)) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    co_return errc::busy;
  }
  const queue_slot slot(queued_);
  co_return co_await asio::co_spawn(pool_, hash_on_pool(std::move(password), cost_), asio::use_awaitable);
}

asio::awaitable<result<bool>> password_hasher::verify(std::string encoded, std::string password) {
  const wipe_on_exit guard(password);
  if (!try_take_slot(queued_, max_queued_)) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    co_return errc::busy;
  }
  const queue_slot slot(queued_);
  co_return co_await asio::co_spawn(pool_, verify_on_pool(std::move(encoded), std::move(password)),
                                    asio::use_awaitable);
}

asio::awaitable<result<bool>> password_hasher::verify_nobody(std::string password) {
  const wipe_on_exit guard(password);
  auto verified = co_await verify(nobody_hash_, std::move(password));
  if (!verified) co_return std::move(verified).err();
  co_return false;
}

void password_hasher::stop() {
  pool_.join();
}

}  // namespace natter::core
