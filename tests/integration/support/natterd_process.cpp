#include "integration/support/natterd_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace natter::testing {

namespace fs = std::filesystem;

namespace {

// The port after the first of these prefixes found in natterd's log.
// (A plain search: std::regex trips a GCC 12 -Wmaybe-uninitialized false
// positive under the sanitizer build.)
std::optional<unsigned short> logged_port(const std::string& log, std::initializer_list<const char*> prefixes) {
  for (const char* prefix : prefixes) {
    const auto at = log.find(prefix);
    if (at == std::string::npos) continue;
    const auto digits = at + std::char_traits<char>::length(prefix);
    const auto end = log.find_first_not_of("0123456789", digits);
    if (end == digits) continue;
    return static_cast<unsigned short>(std::stoi(log.substr(digits, end - digits)));
  }
  return std::nullopt;
}

std::optional<unsigned short> listening_port(const std::string& log) {
  return logged_port(log, {"listening on http://127.0.0.1:", "listening on https://127.0.0.1:"});
}

}  // namespace

natterd_process::natterd_process(std::vector<std::string> extra_args, std::optional<open_files_limit> open_files)
    : extra_args_(std::move(extra_args)), open_files_(open_files) {
  std::string pattern = (fs::temp_directory_path() / "natterd-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  data_dir_ = pattern;
  launch();
}

natterd_process::~natterd_process() {
  if (pid_ > 0) kill();
  std::error_code ec;
  fs::remove_all(data_dir_, ec);
}

unsigned short natterd_process::metrics_port() const {
  return logged_port(log(), {"metrics on http://127.0.0.1:"}).value_or(0);
}

std::string natterd_process::log() const {
  std::ifstream in(log_file_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void natterd_process::launch(unsigned short port) {
  log_file_ = data_dir_ / ("natterd-" + std::to_string(++launches_) + ".log");
  std::vector<std::string> args{NATTERD_PATH};
  auto given = [this](const std::string& flag) {
    return std::find(extra_args_.begin(), extra_args_.end(), flag) != extra_args_.end();
  };
  if (!given("--listen")) args.insert(args.end(), {"--listen", "127.0.0.1:" + std::to_string(port)});
  if (!given("--data-dir")) args.insert(args.end(), {"--data-dir", (data_dir_ / "data").string()});
  if (!given("--threads")) args.insert(args.end(), {"--threads", "2"});
  // A first start creates the data directory; restarts must find it.
  if (launches_ == 1 && !given("--create-data-dir")) args.emplace_back("--create-data-dir");
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    if (open_files_) {
      const rlimit limit{open_files_->soft, open_files_->hard};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(126);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // Readiness: natterd logs the address it bound. Polling the log is the one
  // wait here; tests never sleep to order events.
  for (int i = 0; i < 1000; ++i) {
    std::string text = log();
    if (auto bound = listening_port(text)) {
      port_ = *bound;
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("natterd exited during start-up:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("natterd did not start listening:\n" + log());
}

int natterd_process::wait_exit() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int natterd_process::stop() {
  ::kill(pid_, SIGTERM);
  return wait_exit();
}

void natterd_process::kill() {
  ::kill(pid_, SIGKILL);
  wait_exit();
}

void natterd_process::freeze() {
  ::kill(pid_, SIGSTOP);
}

void natterd_process::thaw() {
  ::kill(pid_, SIGCONT);
}

void natterd_process::restart(bool same_port) {
  restart_on(same_port ? port_ : 0);
}

void natterd_process::restart_on(unsigned short port) {
  if (pid_ > 0) stop();
  launch(port);
}

}  // namespace natter::testing
