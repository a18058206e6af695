#pragma once
// Runs the real natterd binary on an ephemeral loopback port with a temporary
// data directory, for integration tests.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace natter::testing {

// An open file limit to start natterd under (soft, hard), instead of the
// test's own.
struct open_files_limit {
  unsigned long soft = 0;
  unsigned long hard = 0;
};

class natterd_process {
 public:
  // Starts natterd with the given extra flags and waits until it listens.
  // The data directory survives restart() and is removed by the destructor.
  explicit natterd_process(std::vector<std::string> extra_args = {},
                           std::optional<open_files_limit> open_files = std::nullopt);
  ~natterd_process();
  natterd_process(const natterd_process&) = delete;
  natterd_process& operator=(const natterd_process&) = delete;

  unsigned short port() const { return port_; }
  // The port of --metrics-listen (from the log), or 0.
  unsigned short metrics_port() const;
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // Everything natterd logged so far.
  std::string log() const;

  // SIGTERM and wait; returns the exit status (or -signal).
  int stop();
  // SIGKILL and wait.
  void kill();
  // SIGSTOP / SIGCONT: the node holds still while others work (what it is
  // sent meanwhile waits in its sockets). Thaw before stop().
  void freeze();
  void thaw();
  // Starts again on the same data directory, on a new port or, with
  // `same_port`, on the port it had (for clients that reconnect by URL).
  void restart(bool same_port = false);
  // Starts again on the same data directory, on this port.
  void restart_on(unsigned short port);

 private:
  void launch(unsigned short port = 0);
  int wait_exit();

  std::filesystem::path data_dir_;
  std::filesystem::path log_file_;
  std::vector<std::string> extra_args_;
  std::optional<open_files_limit> open_files_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  int launches_ = 0;
};

}  // namespace natter::testing
