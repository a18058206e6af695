#include "attack/raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <stdexcept>
#include <thread>

#include "integration/support/ws_client.hpp"

namespace natter::testing {

namespace {

sockaddr_in loopback(const std::string& address, unsigned short port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1) throw std::runtime_error("bad address " + address);
  return a;
}

std::size_t content_length(const std::string& head) {
  for (const char* name : {"\r\nContent-Length: ", "\r\ncontent-length: "}) {
    const auto at = head.find(name);
    if (at != std::string::npos) return std::stoul(head.substr(at + std::char_traits<char>::length(name)));
  }
  return 0;
}

}  // namespace

raw_connection::raw_connection(unsigned short port, const std::string& source) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket() failed");
  const auto from = loopback(source, 0);
  const auto to = loopback("127.0.0.1", port);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot connect to natterd from " + source);
  }
}

raw_connection::~raw_connection() {
  if (fd_ >= 0) ::close(fd_);
}

raw_connection::raw_connection(raw_connection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

bool raw_connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<std::string> raw_connection::read_some(std::chrono::milliseconds wait) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return std::nullopt;
  std::array<char, 16 * 1024> chunk{};
  const auto n = ::recv(fd_, chunk.data(), chunk.size(), 0);
  if (n <= 0) return std::nullopt;
  return std::string(chunk.data(), static_cast<std::size_t>(n));
}

raw_answer raw_connection::read_answer(std::chrono::milliseconds wait) {
  raw_answer out;
  std::size_t end = std::string::npos;
  while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
    auto more = read_some(wait);
    if (!more) return out;
    pending_ += *more;
  }
  out.head = pending_.substr(0, end + 2);
  const auto length = content_length(out.head);
  while (pending_.size() < end + 4 + length) {
    auto more = read_some(wait);
    if (!more) return out;
    pending_ += *more;
  }
  out.body = pending_.substr(end + 4, length);
  pending_.erase(0, end + 4 + length);
  if (out.head.size() >= 12 && out.head.starts_with("HTTP/1.")) out.status = std::stoi(out.head.substr(9, 3));
  return out;
}

raw_answer raw_connection::get(const std::string& target) {
  if (!send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) return {};
  return read_answer();
}

bool raw_connection::closed_within(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    std::array<char, 4096> chunk{};
    if (::recv(fd_, chunk.data(), chunk.size(), 0) <= 0) return true;
  }
}

unsigned long raise_own_open_files_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  ::getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace natter::testing
