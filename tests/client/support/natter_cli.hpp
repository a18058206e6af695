#pragma once
// Runs the real `natter` binary for integration tests, as one user with a
// private temporary HOME (and no XDG_CONFIG_HOME unless told), so tests never
// touch the real ~/.config/natter.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace natter::testing {

struct cli_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A running `natter` (listen, chat): its output is collected as it comes.
class cli_process {
 public:
  cli_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~cli_process();
  cli_process(const cli_process&) = delete;
  cli_process& operator=(const cli_process&) = delete;

  // Waits until stdout (or stderr) contains `text`; false after `wait`.
  bool wait_for_out(const std::string& text, std::chrono::milliseconds wait);
  bool wait_for_err(const std::string& text, std::chrono::milliseconds wait);
  // SIGINT, then waits for the exit; returns the exit code (or -signal).
  int interrupt();
  // Waits for it to exit by itself: its exit code (or -signal), or nothing
  // when it still runs after `wait`.
  std::optional<int> wait_exit(std::chrono::milliseconds wait);
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  bool wait_for(const std::string& stream, const std::string& text, std::chrono::milliseconds wait);
  void pump(std::chrono::milliseconds wait);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
};

class natter_cli {
 public:
  explicit natter_cli(unsigned short port);
  ~natter_cli();
  natter_cli(const natter_cli&) = delete;
  natter_cli& operator=(const natter_cli&) = delete;

  // natter --server http://127.0.0.1:<port> args..., with `input` on stdin.
  cli_result run(const std::vector<std::string>& args, const std::string& input = {}) const;
  // The same without --server (to test the stored server and the default).
  cli_result run_bare(const std::vector<std::string>& args, const std::string& input = {}) const;
  std::unique_ptr<cli_process> start(const std::vector<std::string>& args) const;

  // Registers `username` (email username@example.com) and logs in.
  void register_and_login(const std::string& username);

  void set_port(unsigned short port) { port_ = port; }
  std::string server() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& home() const { return home_; }
  std::filesystem::path credentials_file() const;
  // The working directory of the following runs (default: the test's own).
  void set_working_directory(std::filesystem::path dir) { cwd_ = std::move(dir); }
  // Sets XDG_CONFIG_HOME for the following runs.
  void use_xdg_config_home(std::filesystem::path dir) { xdg_ = std::move(dir); }
  std::map<std::string, std::string> environment() const;

 private:
  std::vector<std::string> argv_with_server(const std::vector<std::string>& args) const;

  unsigned short port_;
  std::filesystem::path home_;
  std::filesystem::path xdg_;
  std::filesystem::path cwd_;
};

}  // namespace natter::testing
