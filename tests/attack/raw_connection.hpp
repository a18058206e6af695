#pragma once
// A plain TCP connection to natterd on 127.0.0.1, kept open for as long as a
// test wants: what floods and slow clients are made of. POSIX sockets with
// poll() deadlines, so that no read can hang a test; one descriptor each.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace natter::testing {

// How long a raw read waits for natterd before counting as "no answer".
inline constexpr std::chrono::seconds raw_patience{10};

struct raw_answer {
  int status = 0;    // 0: the connection closed or stayed silent without an answer
  std::string head;  // status line and headers
  std::string body;
};

class raw_connection {
 public:
  // Connects to 127.0.0.1:port from `source` (any 127.x.y.z address).
  // Throws std::runtime_error when the connection cannot be made.
  explicit raw_connection(unsigned short port, const std::string& source = "127.0.0.1");
  ~raw_connection();
  raw_connection(raw_connection&& other) noexcept;
  raw_connection& operator=(raw_connection&&) = delete;
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  // Sends bytes; false when the peer has closed or reset the connection.
  bool send(std::string_view bytes);
  // Sends a keep-alive GET and reads its answer (Content-Length bodies).
  raw_answer get(const std::string& target);
  // Reads one answer without sending anything.
  raw_answer read_answer(std::chrono::milliseconds wait = raw_patience);
  // Whether natterd closed the connection (EOF or reset) within `wait`; any
  // data that arrives meanwhile is dropped.
  bool closed_within(std::chrono::milliseconds wait);

 private:
  // Reads what is available, waiting up to `wait`; nothing on close or timeout.
  std::optional<std::string> read_some(std::chrono::milliseconds wait);
  int fd_ = -1;
  std::string pending_;
};

// Raises this process's soft open file limit to its hard limit; returns it.
unsigned long raise_own_open_files_limit();

// Polls `done` until it holds or `patience` (15 s) passed; reports which.
bool eventually(const std::function<bool()>& done);

}  // namespace natter::testing
