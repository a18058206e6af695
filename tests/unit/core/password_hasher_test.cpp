#include "core/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/secrets.hpp"

namespace natter::core {
namespace {

namespace asio = boost::asio;

// Far below production cost, so that the tests stay fast.
constexpr argon2_cost cheap{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};

class password_hasher_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_crypto(); }

  // Runs one operation to completion on ioc_ and returns its result.
  template <class T>
  T run(asio::awaitable<T> op) {
    std::optional<T> out;
    asio::co_spawn(ioc_, std::move(op), [&](const std::exception_ptr& e, T value) {
      if (e) std::rethrow_exception(e);
      out = std::move(value);
    });
    ioc_.run();
    ioc_.restart();
    return std::move(out).value();
  }

  asio::io_context ioc_;
  password_hasher hasher_{cheap, 1, 4};
};

TEST_F(password_hasher_test, hash_string_starts_with_argon2id) {
  const auto encoded = run(hasher_.hash("correct horse"));
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->rfind("$argon2id$v=19$", 0), 0u) << *encoded;
}

TEST_F(password_hasher_test, hash_uses_the_configured_cost) {
  const auto encoded = run(hasher_.hash("correct horse"));
  ASSERT_TRUE(encoded.ok());
  EXPECT_NE(encoded->find("$m=8,t=1,"), std::string::npos) << *encoded;  // m is in KiB
}

TEST_F(password_hasher_test, hashes_of_the_same_password_differ) {
  const auto first = run(hasher_.hash("correct horse"));
  const auto second = run(hasher_.hash("correct horse"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);  // a fresh salt each time
}

TEST_F(password_hasher_test, verify_accepts_the_hashed_password) {
  const auto encoded = run(hasher_.hash("correct horse"));
  ASSERT_TRUE(encoded.ok());
  const auto verified = run(hasher_.verify(*encoded, "correct horse"));
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(*verified);
}

TEST_F(password_hasher_test, verify_rejects_a_different_password) {
  const auto encoded = run(hasher_.hash("correct horse"));
  ASSERT_TRUE(encoded.ok());
  const auto verified = run(hasher_.verify(*encoded, "correct horsf"));
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(*verified);
}

TEST_F(password_hasher_test, verify_treats_a_malformed_hash_as_a_mismatch) {
  for (const char* encoded : {"", "not a hash", "$argon2id$v=19$m=8,t=1,p=1$garbage"}) {
    SCOPED_TRACE(encoded);
    const auto verified = run(hasher_.verify(encoded, "correct horse"));
    ASSERT_TRUE(verified.ok());
    EXPECT_FALSE(*verified);
  }
}

TEST_F(password_hasher_test, verify_nobody_returns_false) {
  const auto verified = run(hasher_.verify_nobody("correct horse"));
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(*verified);
}

TEST_F(password_hasher_test, hash_completes_on_the_callers_thread) {
  std::optional<std::thread::id> resumed_on;
  asio::co_spawn(
      ioc_,
      [&]() -> asio::awaitable<void> {
        const auto encoded = co_await hasher_.hash("correct horse");
        EXPECT_TRUE(encoded.ok());
        resumed_on = std::this_thread::get_id();
      },
      asio::detached);
  ioc_.run();
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
}

TEST_F(password_hasher_test, verify_completes_on_the_callers_thread) {
  const auto encoded = run(hasher_.hash("correct horse"));
  ASSERT_TRUE(encoded.ok());
  std::optional<std::thread::id> resumed_on;
  asio::co_spawn(
      ioc_,
      [&]() -> asio::awaitable<void> {
        const auto verified = co_await hasher_.verify(*encoded, "correct horse");
        EXPECT_TRUE(verified.ok() && *verified);
        resumed_on = std::this_thread::get_id();
      },
      asio::detached);
  ioc_.run();
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
}

// Both requests start before either can finish: the io_context runs them in
// order, and the first cannot resume until the second has run.
class bounded_password_hasher_test : public password_hasher_test {
 protected:
  template <class T>
  void start(asio::awaitable<T> op, std::optional<T>& out) {
    asio::co_spawn(ioc_, std::move(op), [&out](const std::exception_ptr& e, T value) {
      if (e) std::rethrow_exception(e);
      out = std::move(value);
    });
  }

  password_hasher one_at_a_time_{cheap, 1, 1};
};

TEST_F(bounded_password_hasher_test, request_beyond_max_queued_is_busy) {
  std::optional<result<std::string>> first, second;
  start(one_at_a_time_.hash("correct horse"), first);
  start(one_at_a_time_.hash("battery staple"), second);
  ioc_.run();
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->ok());
  ASSERT_FALSE(second->ok());
  EXPECT_EQ(second->err().code, errc::busy);
}

TEST_F(bounded_password_hasher_test, verify_and_verify_nobody_share_the_bound) {
  std::optional<result<std::string>> first;
  std::optional<result<bool>> second, third;
  start(one_at_a_time_.hash("correct horse"), first);
  start(one_at_a_time_.verify("$argon2id$...", "battery staple"), second);
  start(one_at_a_time_.verify_nobody("battery staple"), third);
  ioc_.run();
  ASSERT_TRUE(first && second && third);
  EXPECT_TRUE(first->ok());
  ASSERT_FALSE(second->ok());
  EXPECT_EQ(second->err().code, errc::busy);
  ASSERT_FALSE(third->ok());
  EXPECT_EQ(third->err().code, errc::busy);
}

TEST_F(bounded_password_hasher_test, slot_is_released_when_a_request_completes) {
  std::optional<result<std::string>> first, second;
  start(one_at_a_time_.hash("correct horse"), first);
  ioc_.run();
  ioc_.restart();
  start(one_at_a_time_.hash("battery staple"), second);
  ioc_.run();
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->ok());
  EXPECT_TRUE(second->ok());
}

TEST(password_hasher_construction, refuses_zero_threads_or_zero_queue) {
  init_crypto();
  EXPECT_THROW(password_hasher(cheap, 0, 4), std::invalid_argument);
  EXPECT_THROW(password_hasher(cheap, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace natter::core
