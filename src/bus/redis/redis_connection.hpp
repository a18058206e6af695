#pragma once
// One connection to Redis (hiredis, blocking I/O). Owned and used by one
// thread at a time; not thread-safe.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace natter::bus {

// How long one Redis command or read may take, and the longest wait between
// two reconnection attempts (both Redis threads).
inline constexpr std::chrono::milliseconds redis_io_timeout{2000};
inline constexpr std::chrono::milliseconds redis_max_backoff{2000};

// Where Redis is: redis://host:port (port 6379 by default).
struct redis_endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
};

// Parses redis://host[:port][/]. Throws std::invalid_argument.
redis_endpoint parse_redis_url(const std::string& url);

// The connection failed or was lost; the owner reconnects.
class redis_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct reply_deleter {
  void operator()(redisReply* r) const;
};
using redis_reply = std::unique_ptr<redisReply, reply_deleter>;

// What a reply says, copied out of hiredis' structure.
struct reply_view {
  static bool is_error(const redisReply& r);
  static long long integer(const redisReply& r);
  static std::string text(const redisReply& r);                  // string, status or error
  static std::vector<std::string> strings(const redisReply& r);  // array of strings
};

class redis_connection {
 public:
  // Connects within timeout; every later blocking read or write also gives
  // up after timeout. Throws redis_error.
  redis_connection(const redis_endpoint& where, std::chrono::milliseconds timeout);
  ~redis_connection();
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  // Sends one command and waits for its reply. A Redis error reply is a reply
  // (see reply_view::is_error); a lost connection throws redis_error.
  redis_reply command(const std::vector<std::string>& argv);

  // Non-blocking use (the subscriber): queue a command, flush the output,
  // read what the socket has, and take the replies parsed so far.
  void append(const std::vector<std::string>& argv);
  void flush();
  void read_available();
  redis_reply next_reply();  // null when no complete reply is buffered

  int fd() const;

 private:
  [[noreturn]] void fail(const char* what);
  redisContext* ctx_ = nullptr;
};

}  // namespace natter::bus
