#pragma once
// A TCP proxy on loopback in front of natterd that spoils the first
// connection it carries, in one chosen way, and passes every later one
// through untouched: a flaky network on demand, for the client's retries.
// What went each way on every connection is kept for the test to inspect.

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace natter::testing {

class cutting_proxy {
 public:
  enum class cut {
    lose_answer,   // the request reaches natterd whole; its final answer never comes back (the connection
                   // closes), interim ones ("100 Continue") do
    answer_after,  // the answer is cut off after `bytes` bytes
    stall_request  // as a proxy that says "100 Continue" itself: it does, passes on `bytes` bytes of the
                   // request and then reads no more from the client; natterd's answer is held until then,
                   // then passed on; the client's side stays open even after natterd closes its own
  };

  cutting_proxy(unsigned short upstream_port, cut how, std::size_t bytes = 0);
  ~cutting_proxy();
  cutting_proxy(const cutting_proxy&) = delete;
  cutting_proxy& operator=(const cutting_proxy&) = delete;

  unsigned short port() const { return port_; }
  std::size_t connections() const;
  // What the client sent, and what natterd answered, on connection i (the
  // whole answer, also when the client did not get it).
  std::string request(std::size_t i) const;
  std::string answer(std::size_t i) const;

 private:
  struct traffic {
    std::string request;
    std::string answer;
  };
  void accept_loop();
  void carry(int client, std::size_t index);
  bool pass_answer(int client, std::size_t index, std::size_t& answered, std::size_t limit);

  unsigned short upstream_port_;
  cut how_;
  std::size_t bytes_;
  int listener_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<traffic> traffic_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace natter::testing
