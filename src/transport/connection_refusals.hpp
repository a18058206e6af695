#pragma once
// What a connection refused by the connection caps gets: on plain HTTP a
// short answer, 503 BUSY (the total cap) or 429 TOO_MANY_CONNECTIONS (the
// per-address cap), then the close; over TLS only the close (a handshake
// would cost more than the refusal saves). At most max_answering answers are
// in progress at once, each for at most about two seconds; beyond that a
// refused connection is closed at once. Refusals are counted in
// natter_connections_refused_total and logged at most every 10 s.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "common/error.hpp"
#include "common/metrics.hpp"

namespace natter::transport {

class connection_refusals {
 public:
  static constexpr int max_answering = 32;

  connection_refusals(metrics::registry& metrics, bool tls);

  // Takes over a just-accepted socket refused for `why` (busy or
  // too_many_connections). Call on the acceptor's strand.
  void refuse(boost::asio::ip::tcp::socket socket, const error& why);

 private:
  boost::asio::awaitable<void> answer(boost::asio::ip::tcp::socket socket, const std::string& bytes);
  void note(const error& why);

  metrics::registry& metrics_;
  bool tls_;
  std::string busy_;                  // the whole HTTP answer, bytes on the wire
  std::string too_many_connections_;  // the same
  std::shared_ptr<std::atomic<int>> answering_ = std::make_shared<std::atomic<int>>(0);

  std::mutex log_mutex_;
  std::chrono::steady_clock::time_point last_log_{};
  std::uint64_t unlogged_ = 0;
};

}  // namespace natter::transport
