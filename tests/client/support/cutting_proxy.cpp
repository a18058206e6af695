#include "client/support/cutting_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string_view>

namespace natter::testing {

namespace {

constexpr int poll_ms = 50;

sockaddr_in loopback(unsigned short port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int connect_to(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto a = loopback(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const auto n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The length of the interim responses ("100 Continue") `answer` begins with.
std::size_t interim_length(const std::string& answer) {
  std::size_t at = 0;
  while (answer.compare(at, 10, "HTTP/1.1 1") == 0) {
    const auto end = answer.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    at = end + 4;
  }
  return at;
}

// True once `answer` holds a whole final HTTP response with a Content-Length
// body (after any interim ones).
bool whole_answer(const std::string& all) {
  const std::string answer = all.substr(interim_length(all));
  const auto end = answer.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string head = answer.substr(0, end);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto at = head.find("content-length:");
  const std::size_t length = at == std::string::npos ? 0 : std::stoul(head.substr(at + 15));
  return answer.size() >= end + 4 + length;
}

}  // namespace

cutting_proxy::cutting_proxy(unsigned short upstream_port, cut how, std::size_t bytes)
    : upstream_port_(upstream_port), how_(how), bytes_(bytes) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto a = loopback(0);
  socklen_t size = sizeof a;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
    throw std::runtime_error("cutting_proxy: cannot listen");
  }
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

cutting_proxy::~cutting_proxy() {
  stopping_ = true;
  acceptor_.join();
  for (auto& t : threads_) t.join();
  ::close(listener_);
}

std::size_t cutting_proxy::connections() const {
  std::lock_guard lock(mutex_);
  return traffic_.size();
}

std::string cutting_proxy::request(std::size_t i) const {
  std::lock_guard lock(mutex_);
  return i < traffic_.size() ? traffic_[i].request : std::string();
}

std::string cutting_proxy::answer(std::size_t i) const {
  std::lock_guard lock(mutex_);
  return i < traffic_.size() ? traffic_[i].answer : std::string();
}

void cutting_proxy::accept_loop() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::size_t index = 0;
    {
      std::lock_guard lock(mutex_);
      index = traffic_.size();
      traffic_.emplace_back();
    }
    threads_.emplace_back([this, client, index] { carry(client, index); });
  }
}

// Copies both ways until either side closes; the first connection is
// spoiled as told.
void cutting_proxy::carry(int client, std::size_t index) {
  int upstream = connect_to(upstream_port_);
  const bool spoil = index == 0;
  const bool stalling = spoil && how_ == cut::stall_request;
  std::size_t requested = 0;  // bytes of the request passed to natterd
  std::size_t answered = 0;   // bytes of the answer passed to the client
  bool continued = false;     // stalling: our own "100 Continue" was sent
  bool open = upstream >= 0;
  while (open && !stopping_) {
    const bool stalled = stalling && requested >= bytes_;
    if (stalled) open = pass_answer(client, index, answered, std::string::npos);  // what was held back
    pollfd fds[2] = {{stalled ? -1 : client, POLLIN, 0}, {upstream, POLLIN, 0}};
    if (::poll(fds, 2, poll_ms) <= 0) continue;
    char buffer[16 * 1024];
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const auto n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      const std::size_t pass = stalling ? std::min(static_cast<std::size_t>(n), bytes_ - requested) : n;
      {
        std::lock_guard lock(mutex_);
        traffic_[index].request.append(buffer, static_cast<std::size_t>(n));
      }
      if (upstream >= 0) open = write_all(upstream, buffer, pass);
      requested += pass;
      if (stalling && !continued) {
        static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
        continued = write_all(client, go_on.data(), go_on.size());
      }
    }
    if (open && upstream >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      const auto n = ::recv(upstream, buffer, sizeof buffer, 0);
      if (n <= 0 && stalling) {  // natterd is done; the client is left waiting
        ::close(upstream);
        upstream = -1;
        continue;
      }
      if (n <= 0) break;
      std::size_t limit = std::string::npos;  // how much of the answer the client may have
      {
        std::lock_guard lock(mutex_);
        auto& answer = traffic_[index].answer;
        answer.append(buffer, static_cast<std::size_t>(n));
        if (spoil && how_ == cut::lose_answer) limit = interim_length(answer);
        if (spoil && how_ == cut::answer_after) limit = bytes_;
        if (stalling) limit = 0;  // held until the request stalls
        if (spoil && how_ == cut::lose_answer && whole_answer(answer)) break;
      }
      open = pass_answer(client, index, answered, limit);
      if (spoil && how_ == cut::answer_after && answered >= bytes_) break;
    }
  }
  ::close(client);
  if (upstream >= 0) ::close(upstream);
}

// Passes on what natterd answered on connection `index`, up to `limit` bytes
// in all; `answered` counts what was passed.
bool cutting_proxy::pass_answer(int client, std::size_t index, std::size_t& answered, std::size_t limit) {
  std::string more;
  {
    std::lock_guard lock(mutex_);
    const auto& answer = traffic_[index].answer;
    const auto end = std::min(answer.size(), limit);
    if (end > answered) more = answer.substr(answered, end - answered);
  }
  answered += more.size();
  return write_all(client, more.data(), more.size());
}

}  // namespace natter::testing
