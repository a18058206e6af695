#include "integration/support/natterd_cli.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace natter::testing {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits up to a minute for pid; kills it after that.
int wait_for(pid_t pid) {
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 3000 && !exited; ++i) {
    exited = ::waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

cli_run run_natterd(const std::vector<std::string>& args, const std::optional<std::string>& stdin_text) {
  std::string pattern = (fs::temp_directory_path() / "natterd-cli-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  const fs::path dir = pattern;
  const auto in_file = dir / "stdin";
  const auto out_file = dir / "stdout";
  const auto err_file = dir / "stderr";
  if (stdin_text) std::ofstream(in_file) << *stdin_text;
  std::vector<std::string> argv_text{NATTERD_PATH};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = ::open(stdin_text ? in_file.c_str() : "/dev/null", O_RDONLY);
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  cli_run result;
  result.exit_code = wait_for(pid);
  result.out = read_all(out_file);
  result.err = read_all(err_file);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return result;
}

}  // namespace natter::testing
